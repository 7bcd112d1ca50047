import type { FinishReason, PromptTask, TokenUsage } from "./audit.js";
import { estimateCost, type ModelPrice } from "./cost.js";
import { AppError } from "./errors.js";
import type { FlagCode, GradeStatus, StoredGrade } from "./grade.js";
import type { DeliveryOutcome, IntegrationQueueStore } from "./integrations.js";
import type { GradeStore, GradingModel, TenantStores, TransactionStores } from "./ports.js";

/**
 * What the core reports as it works, for operators' metrics. A port like the others: the core calls it,
 * an adapter (src/metrics/) turns it into Prometheus series, and the core never knows how. Events carry no
 * tenant, student or answer: metrics are for the service, not for a school's data, and a label per tenant
 * would grow without bound.
 *
 * Implementations must be cheap and must not throw: they run on every grade's path.
 */
export interface GradingTelemetry {
  /** A grade was stored (committed): made by the model, by the blank rule, or copied from the cache. */
  gradeStored(event: GradeStoredEvent): void;
  /** A model call returned a reply (usable or not: judging it is the core's job, not the port's). */
  modelCallFinished(event: ModelCallFinishedEvent): void;
  /** A model call failed after its retries (`code` is the catalog code), or was aborted with its grade. */
  modelCallFailed(event: ModelCallFailedEvent): void;
  /** A request was refused before any model call because of a budget (`budget_exhausted`). */
  gradeRefused(event: { code: "budget_exhausted" }): void;
  /**
   * An attempt to pass a grade back (to an LMS or a callback URL) ended: delivered, to be retried, or dead
   * (given up: it waits for someone to retry it by hand). A passback replaced by a later grade before it was
   * sent is not an attempt and is not reported.
   */
  passbackSettled(event: { outcome: DeliveryOutcome["kind"] }): void;
}

export interface GradeStoredEvent {
  status: GradeStatus;
  flags: readonly FlagCode[];
  gradedBy: StoredGrade["gradedBy"];
  cached: boolean;
  /** `provider:model`, or `none` for grades made without a model (blank answers). */
  model: string;
}

export interface ModelCallFinishedEvent {
  model: string;
  task: PromptTask;
  /** True for the one repair call after an unusable reply. */
  repair: boolean;
  /** null when the provider said nothing about why it stopped. */
  finishReason: FinishReason | null;
  /** The provider attempt that answered (retries before it are not included). */
  latencyMs: number;
  usage: TokenUsage;
  /** USD from the price table; null when the model has no price. */
  costUsd: number | null;
}

export interface ModelCallFailedEvent {
  model: string;
  task: PromptTask;
  repair: boolean;
  /** The catalog code (`provider_error`, `provider_unavailable`, `provider_timeout`, `internal_error`), or `aborted`. */
  code: string;
}

/** Reports nothing: the default when no adapter is wired (tools, tests that do not look). */
export const silentTelemetry: GradingTelemetry = Object.freeze({
  gradeStored: () => undefined,
  modelCallFinished: () => undefined,
  modelCallFailed: () => undefined,
  gradeRefused: () => undefined,
  passbackSettled: () => undefined,
});

/**
 * The model port, reporting each call's outcome, latency, tokens and cost. Everything else passes
 * through unchanged, so grading cannot tell it apart from the model it wraps. A failure is reported as
 * `aborted` when the call's own signal was aborted (a sibling call of the grade failed first), else by
 * its catalog code; the error is rethrown as it was.
 */
export function observeModel(
  model: GradingModel,
  telemetry: GradingTelemetry,
  price: ModelPrice | undefined,
): GradingModel {
  return {
    id: model.id,
    parameters: model.parameters,
    promptVersion: model.promptVersion,
    estimateInputTokens: (call) => model.estimateInputTokens(call),
    checkReady: (signal) => model.checkReady(signal),
    close: () => model.close(),
    async complete(call) {
      const repair = call.repair !== undefined;
      let attempt;
      try {
        attempt = await model.complete(call);
      } catch (error) {
        const code = call.signal?.aborted
          ? "aborted"
          : AppError.isInstance(error)
            ? error.code
            : "internal_error";
        telemetry.modelCallFailed({ model: model.id, task: call.task, repair, code });
        throw error;
      }
      telemetry.modelCallFinished({
        model: model.id,
        task: call.task,
        repair,
        finishReason: attempt.finishReason,
        latencyMs: attempt.latencyMs,
        usage: attempt.usage,
        costUsd: estimateCost(price, attempt.usage).amount,
      });
      return attempt;
    },
  };
}

/**
 * A tenant's stores that report every grade they store, once it is committed: an insert outside a
 * transaction when it resolves, an insert inside `transaction` when the whole transaction commits (a
 * rolled-back grade is never reported). Every path that stores a grade is counted, whoever calls it.
 */
export function observeGradeWrites(stores: TenantStores, telemetry: GradingTelemetry): TenantStores {
  return {
    ...stores,
    grades: reportingInserts(stores.grades, (grade) => telemetry.gradeStored(storedEvent(grade))),
    async transaction(work) {
      const committed: StoredGrade[] = [];
      const result = await stores.transaction((inner: TransactionStores) => {
        // A transaction rolled back and run again (a deadlock's victim) reports only its last run's grades.
        committed.length = 0;
        return work({ ...inner, grades: reportingInserts(inner.grades, (grade) => committed.push(grade)) });
      });
      for (const grade of committed) telemetry.gradeStored(storedEvent(grade));
      return result;
    },
  };
}

/**
 * The integrations' queue, reporting each passback attempt that ended (one its sender still held: a
 * settlement refused because the lease was lost is another sender's to report).
 */
export function observePassbacks(
  queue: IntegrationQueueStore,
  telemetry: GradingTelemetry,
): IntegrationQueueStore {
  return {
    ...queue,
    async settleDelivery(id, holder, outcome, attempt, now) {
      const settled = await queue.settleDelivery(id, holder, outcome, attempt, now);
      if (settled) telemetry.passbackSettled({ outcome: outcome.kind });
      return settled;
    },
  };
}

function reportingInserts(grades: GradeStore, report: (grade: StoredGrade) => void): GradeStore {
  return {
    ...grades,
    async insert(write) {
      await grades.insert(write);
      report(write.grade);
    },
  };
}

function storedEvent(grade: StoredGrade): GradeStoredEvent {
  return {
    status: grade.status,
    flags: grade.flags,
    gradedBy: grade.gradedBy,
    cached: grade.cached,
    model: grade.model,
  };
}
