import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { GradingTelemetry } from "../grading/telemetry.js";

/**
 * The telemetry port as Prometheus series (prom-client), in the text format served at `/metrics`.
 *
 * Each runtime has its own Registry, never prom-client's global one, so tests and several runtimes in one
 * process never collide. The process's own series (CPU, memory, event loop, GC: prom-client's default
 * metrics) describe the process, not a runtime: they are collected once per process into one shared
 * registry of this module (the collectors start observers that are never stopped, so one set per process)
 * and appended to every runtime's output.
 *
 * Labels are bounded: model, task, outcome, status, flag and error code take a handful of values each.
 * There is no tenant label (schools can be many; a series per school would grow without bound): per-school
 * figures are in `GET /v1/usage`. The review-queue gauge is one total over every school.
 */
export interface PrometheusMetrics {
  /** The port the core reports to. */
  readonly telemetry: GradingTelemetry;
  /** `text/plain; version=0.0.4; charset=utf-8`. */
  readonly contentType: string;
  /** This runtime's series and the process's, in the text exposition format. */
  render(): Promise<string>;
}

export interface PrometheusMetricsOptions {
  /** Grades waiting for review over every tenant, read at each scrape. */
  reviewQueueSize: () => Promise<number>;
  /** Called when the review-queue count fails; the gauge keeps its last value and the scrape succeeds. */
  onCollectError?: (error: unknown) => void;
}

/** Model call latencies: a fast local call to a long per-criterion reply under load. */
const latencyBuckets = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

let processRegistry: Registry | undefined;

/** The process's default metrics, collected once per process on first use. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createPrometheusMetrics(options: PrometheusMetricsOptions): PrometheusMetrics {
  const registry = new Registry();
  const registers = [registry];

  const grades = new Counter({
    name: "grader_grades_total",
    help: "Grades stored, by status, who made them (model, rule) and whether they were copied from the cache.",
    labelNames: ["status", "graded_by", "cached"] as const,
    registers,
  });
  const flags = new Counter({
    name: "grader_grade_flags_total",
    help: "Flags on stored grades, by flag (a grade may carry several).",
    labelNames: ["flag"] as const,
    registers,
  });
  const cacheHits = new Counter({
    name: "grader_cache_hits_total",
    help: "Grades served from the result of an identical earlier answer, without a model call.",
    registers,
  });
  const calls = new Counter({
    name: "grader_model_calls_total",
    help: "Model calls by model, task and outcome: the finish reason of a reply (stop, length, content_filter, refusal, other, unknown), error (after retries) or aborted (a sibling call of the grade failed).",
    labelNames: ["model", "task", "outcome"] as const,
    registers,
  });
  const repairs = new Counter({
    name: "grader_model_repairs_total",
    help: "Repair calls made after an unusable reply, by model and task.",
    labelNames: ["model", "task"] as const,
    registers,
  });
  const latency = new Histogram({
    name: "grader_model_call_duration_seconds",
    help: "Duration of the provider attempt that answered a model call, by model and task.",
    labelNames: ["model", "task"] as const,
    buckets: latencyBuckets,
    registers,
  });
  const tokens = new Counter({
    name: "grader_model_tokens_total",
    help: "Tokens the provider reported, by model and direction (input, output).",
    labelNames: ["model", "direction"] as const,
    registers,
  });
  const cost = new Counter({
    name: "grader_model_cost_usd_total",
    help: "Estimated cost in USD of model calls, by model, from the price table (models without a price are not counted).",
    labelNames: ["model"] as const,
    registers,
  });
  const providerErrors = new Counter({
    name: "grader_provider_errors_total",
    help: "Model calls that failed after their retries, by model and error code.",
    labelNames: ["model", "code"] as const,
    registers,
  });
  const refusals = new Counter({
    name: "grader_budget_refusals_total",
    help: "Grades refused before any model call because the school's daily budget was spent.",
    registers,
  });
  const passbacks = new Counter({
    name: "grader_passbacks_total",
    help: "Attempts to pass a grade back to an LMS or a callback URL, by outcome: delivered, retry (to be sent again), dead (given up until retried by hand).",
    labelNames: ["outcome"] as const,
    registers,
  });
  const { reviewQueueSize, onCollectError } = options;
  new Gauge({
    name: "grader_review_queue_grades",
    help: "Grades waiting for review (status needs_review) over every school, counted at each scrape.",
    registers,
    async collect() {
      try {
        this.set(await reviewQueueSize());
      } catch (error) {
        onCollectError?.(error);
      }
    },
  });

  const telemetry: GradingTelemetry = {
    gradeStored(event) {
      grades.inc({ status: event.status, graded_by: event.gradedBy, cached: String(event.cached) });
      for (const flag of event.flags) flags.inc({ flag });
      if (event.cached) cacheHits.inc();
    },
    modelCallFinished(event) {
      const { model, task } = event;
      calls.inc({ model, task, outcome: event.finishReason ?? "unknown" });
      if (event.repair) repairs.inc({ model, task });
      latency.observe({ model, task }, event.latencyMs / 1000);
      tokens.inc({ model, direction: "input" }, event.usage.inputTokens);
      tokens.inc({ model, direction: "output" }, event.usage.outputTokens);
      if (event.costUsd !== null) cost.inc({ model }, event.costUsd);
    },
    modelCallFailed(event) {
      const { model, task, code } = event;
      const aborted = code === "aborted";
      calls.inc({ model, task, outcome: aborted ? "aborted" : "error" });
      if (event.repair) repairs.inc({ model, task });
      if (!aborted) providerErrors.inc({ model, code });
    },
    gradeRefused() {
      refusals.inc();
    },
    passbackSettled(event) {
      passbacks.inc({ outcome: event.outcome });
    },
  };

  return {
    telemetry,
    contentType: registry.contentType,
    async render() {
      const [own, process] = await Promise.all([registry.metrics(), processMetrics().metrics()]);
      return `${own}\n${process}`;
    },
  };
}
