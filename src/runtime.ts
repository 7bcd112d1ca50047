import { pino, type Logger } from "pino";
import type { Config } from "./config/config.js";
import {
  createAnswerAnalyser,
  DEFAULT_OFFLOAD_ABOVE_CHARS,
  defaultAnalysisThreads,
  type PooledAnswerAnalyser,
} from "./analysis/index.js";
import { createAccessService, type AccessService } from "./grading/access-service.js";
import { createDailyBudget } from "./grading/daily-budget.js";
import { AppError } from "./grading/errors.js";
import type { GradingSettings } from "./grading/grade-answer.js";
import { createGradingService, type GradingService } from "./grading/grading-service.js";
import { createRequestGate } from "./grading/request-gate.js";
import { createAnswerRetention, type AnswerRetention } from "./grading/answer-retention.js";
import { createStudentDataService, type StudentDataService } from "./grading/student-data.js";
import { compileAllClasses, compileClassesFor, SCREEN_WARM_UP_TEXTS } from "./grading/integrity/index.js";
import { startPeriodicTask } from "./lib/periodic-task.js";
import type { AnswerAnalyser, GradingModel } from "./grading/ports.js";
import { observeGradeWrites, observeModel, observePassbacks } from "./grading/telemetry.js";
import { createUsageService, type UsageService } from "./grading/usage-service.js";
import { createJobService, type JobService } from "./grading/job-service.js";
import { createCalibrationService, type CalibrationService } from "./grading/calibrations.js";
import { calibrationComparison, calibrationResult } from "./evaluation/rubric-calibration.js";
import { createBullmqOutbox } from "./jobs/bullmq-outbox.js";
import { createBullmqJobRunner, type BullmqConnection } from "./jobs/bullmq-queue.js";
import { createJobRunner, type JobRunner } from "./jobs/job-runner.js";
import { joinJobQueue, type QueueMembership } from "./jobs/queue-membership.js";
import { scopeOf, type ClaimedJobItem } from "./grading/jobs.js";
import { createIntegrationService, type IntegrationService } from "./grading/integration-service.js";
import { createIntegrationRunner, type IntegrationRunner } from "./integrations/integration-runner.js";
import type { OutboxWorkQueue } from "./grading/integrations.js";
import { createLmsEventReader } from "./integrations/lms-events.js";
import { checkOutboundUrl, createGuardedDeliver, type Deliver } from "./integrations/outbound.js";
import { createSecretBox } from "./lib/secret-box.js";
import type { RubricInterchange } from "./grading/rubric-interchange.js";
import { createRubricInterchange } from "./interchange/index.js";
import { systemClock, type Clock } from "./lib/clock.js";
import { newId, randomHex } from "./lib/ids.js";
import { loggerOptions } from "./lib/logger.js";
import { packageRoot } from "./lib/package-root.js";
import { whenIdle } from "./lib/when-idle.js";
import { createPrometheusMetrics, type PrometheusMetrics } from "./metrics/prometheus-metrics.js";
import { createConfiguredGradingModel } from "./providers/index.js";
import { openStorage, type Storage } from "./storage/database.js";

/**
 * The composition root: the one place that picks concrete adapters. `createRuntime` turns a Config
 * into everything grading needs (storage, model, service) without any HTTP; the API process
 * (main.ts → app.ts) and worker processes both start from it, and tests build it with fakes.
 */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly storage: Storage;
  /** null when no provider is configured: grading then fails with `provider_not_configured`. */
  readonly model: GradingModel | null;
  /** Canonicalises and screens answers; long ones on worker threads. */
  readonly analyser: AnswerAnalyser;
  readonly service: GradingService;
  /** Tenants and API keys. */
  readonly access: AccessService;
  /** Students' data: export and erasure. */
  readonly studentData: StudentDataService;
  /**
   * Answer retention (GRADER_RETENTION_DAYS), run at start-up and then every hour; null when answers
   * are kept forever. `purge()` runs it now.
   */
  readonly answerRetention: AnswerRetention | null;
  /** Estimates, each tenant's spend per day and its daily budget. */
  readonly usage: UsageService;
  /** This runtime's Prometheus series (grades, model calls, tokens, cost, errors, review queue). */
  readonly metrics: PrometheusMetrics;
  /** Batch jobs: accepting, reading, cancelling and retrying them. */
  readonly jobs: JobService;
  /** Calibrations: teachers' points graded as a job and compared (evaluation/'s metrics). */
  readonly calibrations: CalibrationService;
  /**
   * Grades queued job items. Not started by `createRuntime`: the API process starts it unless
   * GRADER_JOBS_IN_PROCESS=false, and `npm run worker` processes always do. Stopped by `close()`.
   */
  readonly jobRunner: JobRunner;
  /** LMS integrations: their records and secrets, inbound events, submissions and passback. */
  readonly integrations: IntegrationService;
  /**
   * Queues integrations' submissions, releases their grades to the outbox and delivers it. Started
   * with the job runner (main.ts, worker.ts); stopped by `close()`.
   */
  readonly integrationRunner: IntegrationRunner;
  /**
   * Deletes inbound `webhook-id`s older than GRADER_WEBHOOK_ID_RETENTION_HOURS; runs at start-up and
   * then every 15 minutes. Returns how many were deleted.
   */
  pruneWebhookMessages(): Promise<number>;
  /** Rubric import and export in LMS formats (Canvas CSV, Moodle rubric and marking guide). */
  readonly rubricInterchange: RubricInterchange;
  /** Whether the database and (cheaply) the provider answer now. Never throws. */
  readiness(): Promise<Readiness>;
  /**
   * Does once, before the process takes work, what would otherwise slow the first grade: the screen
   * compiles its patterns on first use (a few hundred milliseconds), and an analysis thread for long
   * answers takes a second or more to load (started at the event loop's first quiet moment, not
   * awaited). Called by main.ts and worker.ts;
   * tests and tools skip it. Never sends anything to the provider.
   *
   * `gradually`: for a process that already listens (main.ts). The work is done in slices of about
   * WARM_UP_SLICE_MS with the event loop free between them, so that requests arriving meanwhile are
   * answered (they are only slower: whatever they need is compiled on first use); it stops when the
   * runtime closes. Without it, the work runs in one go (a worker, which takes no work until it is done).
   * Resolves true once done, false when the runtime was closed first.
   */
  warmUp(options?: { gradually?: boolean }): Promise<boolean>;
  /**
   * Closes the model, the database and anything else opened here; safe to call twice. Job items and
   * deliveries running here may finish for `graceMs` first (default 10 s; a stopping process passes
   * {@link runnerGraceMs}); any still running then are resumed elsewhere when their leases expire.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** What closing the runners, model, analyser and database may take after the runners' grace. */
const CLOSE_AFTER_GRACE_MS = 5_000;

/**
 * How long a stopping process lets its job items and deliveries finish: the shutdown deadline
 * (GRADER_SHUTDOWN_TIMEOUT_SECONDS) less the few seconds closing takes, at least 1 s. A fixed 10 s cut
 * items a slow provider took 10 to 25 s over (the default deadline is 25 s): their model calls were
 * paid for and thrown away, and the items graded again once their leases expired.
 */
export function runnerGraceMs(config: Config): number {
  return Math.max(1_000, config.server.shutdownTimeoutMs - CLOSE_AFTER_GRACE_MS);
}

/** A summary of the configuration for the start-up log: what is in use, never a secret. */
export function describeRuntime(config: Config): Record<string, unknown> {
  const { model, database, auth, server } = config;
  return {
    listen: `${server.host.includes(":") ? `[${server.host}]` : server.host}:${server.port}`,
    model: model.configured ? model.id : `${model.id} (not configured: grading answers 503)`,
    provider: model.provider,
    providerHost: model.provider === "llamacpp" ? "in process" : providerHost(model.baseURL, model.provider),
    database:
      database.kind === "postgres"
        ? `postgres ${database.description} (pool of ${database.poolSize})`
        : database.path === ":memory:"
          ? "sqlite in memory"
          : `sqlite ${database.path}`,
    auth: auth.apiKeys.length > 0 ? `bearer keys (${auth.apiKeys.length})` : "none (loopback only)",
    answerRetention:
      config.retention.answerDays === null ? "kept forever" : `${config.retention.answerDays} days`,
    dailyBudget:
      config.usage.dailyBudgetUsd === null ? "none" : `${config.usage.dailyBudgetUsd} USD per school`,
    metrics: config.metrics.token ? "/metrics with a bearer token" : "/metrics from loopback only",
    requestRate:
      model.requestsPerMinute === null
        ? "no limit"
        : `${model.requestsPerMinute} requests per minute, shared through the database`,
    integrations: config.integrations.secretKeyHex
      ? `on (outbox: ${config.integrations.outbox.maxAttempts} attempts)`
      : "off (GRADER_SECRET_KEY not set)",
    tokenRate:
      model.tokensPerMinute === null
        ? "no limit"
        : `${model.tokensPerMinute} tokens per minute, shared through the database`,
    jobs: describeQueueEngine(config.jobs.queue),
  };
}

function describeQueueEngine(queue: Config["jobs"]["queue"]): string {
  if (queue.engine === "embedded") return "embedded (queue in the database)";
  return queue.backend === "redis"
    ? `bullmq on redis ${queue.description} (queue ${queue.name})`
    : `bullmq on postgres, the same database (queue ${queue.name})`;
}

function providerHost(baseURL: string | undefined, provider: Config["model"]["provider"]): string {
  if (!baseURL) return provider === "anthropic" ? "api.anthropic.com" : "api.openai.com";
  // Only scheme, host and port: a URL may carry credentials or a key in its query.
  const url = new URL(baseURL);
  return `${url.protocol}//${url.host}`;
}

export interface Readiness {
  ready: boolean;
  checks: {
    database: CheckResult;
    model: CheckResult;
  };
}

export interface CheckResult {
  status: "ok" | "failing" | "not_configured";
  /** Client-safe reason when failing (an error code, never a secret or a stack). */
  detail?: string;
}

/** Adapters a caller (a test, a tool) supplies instead of those built from config. */
export interface RuntimeOverrides {
  storage?: Storage;
  /** null: no provider (grading answers 503 provider_not_configured). */
  model?: GradingModel | null;
  clock?: Clock;
  logger?: Logger;
  /** Where the prompt templates are (default: prompts/ of this package). */
  promptsDirectory?: string;
  /** Closed by whoever made it; the default pool is closed with the runtime. */
  analyser?: AnswerAnalyser;
  /**
   * How often answer retention runs after the run at start-up, or without retention the WAL checkpoint
   * that empties the WAL file of erased text (default: every hour).
   */
  retentionIntervalMs?: number;
  /**
   * The job engine's timings (tests make them short): the embedded runner's idle poll, the first retry
   * delay, and the distributed engine's reconciler period and dispatch grace.
   */
  jobTimings?: {
    idlePollMs?: number;
    baseBackoffMs?: number;
    reconcileEveryMs?: number;
    dispatchGraceMs?: number;
    /** Items a cancel looks at per transaction (default 1,000). */
    cancelChunkItems?: number;
  };
  /** How often old inbound webhook ids are pruned after the run at start-up (default: 15 minutes). */
  webhookPruneIntervalMs?: number;
  /** How callbacks are sent (default: fetch without redirects). */
  deliver?: Deliver;
  /**
   * The integration runner's idle poll and retry delays, and on BullMQ its reconciler's period and
   * dispatch grace (tests make them short).
   */
  integrationTimings?: {
    idlePollMs?: number;
    baseBackoffMs?: number;
    maxBackoffMs?: number;
    reconcileEveryMs?: number;
    dispatchGraceMs?: number;
  };
}

/**
 * The job engine config chose (config.jobs.queue): the embedded runner on the database's own queue
 * tables, or BullMQ dispatching to worker processes (on Redis, or on PostgreSQL in this database).
 * Throws when BullMQ's backend cannot be reached or migrated.
 */
async function createQueueEngine(
  config: Config,
  storage: Storage,
  grading: GradingService,
  clock: Clock,
  logger: Logger,
  overrides: RuntimeOverrides,
  onItemEnded?: (item: ClaimedJobItem) => Promise<void>,
): Promise<JobRunner> {
  const queue = config.jobs.queue;
  const common = {
    queue: storage.jobQueue,
    grading,
    clock,
    logger: logger.child({ component: "jobs" }),
    ownerId: `worker-${randomHex(8)}`,
    maxInFlight: config.model.maxInFlight,
    localConcurrency: config.jobs.workerConcurrency,
    leaseMs: config.leases.durationMs,
    maxAttempts: config.jobs.maxAttempts,
    ...(onItemEnded ? { onItemEnded } : {}),
    ...(overrides.jobTimings?.baseBackoffMs !== undefined
      ? { baseBackoffMs: overrides.jobTimings.baseBackoffMs }
      : {}),
  };
  if (queue.engine === "embedded") {
    return createJobRunner({
      ...common,
      ...(overrides.jobTimings?.idlePollMs !== undefined
        ? { idlePollMs: overrides.jobTimings.idlePollMs }
        : {}),
    });
  }
  return createBullmqJobRunner({
    ...common,
    connection: bullmqConnection(config),
    queueName: queue.name,
    // GRADER_REQUESTS_PER_MINUTE and GRADER_TOKENS_PER_MINUTE are kept by the model's request gate,
    // shared through the database by every process, per model request (retries and samples included):
    // finer than BullMQ's limiter, which counts jobs.
    ...(overrides.jobTimings?.reconcileEveryMs !== undefined
      ? { reconcileEveryMs: overrides.jobTimings.reconcileEveryMs }
      : {}),
    ...(overrides.jobTimings?.dispatchGraceMs !== undefined
      ? { dispatchGraceMs: overrides.jobTimings.dispatchGraceMs }
      : {}),
  });
}

/** Where BullMQ keeps its queues (jobs and outbox); only called when config chose BullMQ. */
function bullmqConnection(config: Config): BullmqConnection {
  const queue = config.jobs.queue;
  if (queue.engine !== "bullmq") throw new Error("the job queue is embedded: no BullMQ connection");
  if (queue.backend === "redis") return { kind: "redis", url: queue.url };
  if (config.database.kind !== "postgres") {
    throw new Error("the BullMQ PostgreSQL backend needs DATABASE_URL=postgres://…");
  }
  return { kind: "postgres", url: config.database.url };
}

/** How long a provider check is reused: /readyz may be polled every second by an orchestrator. */
const modelCheckTtlMs = 10_000;
const modelCheckTimeoutMs = 5_000;
const retentionIntervalMs = 60 * 60 * 1000;
const webhookPruneIntervalMs = 15 * 60 * 1000;
const pruneBatch = 5_000;
/** Deliveries and LMS fetches one process runs at once. */
const outboxConcurrency = 8;

/**
 * Builds the runtime from config. Throws when the database cannot be opened or migrated, or when
 * the prompt templates are missing or do not match what the core fills in (start-up must stop then).
 * What was opened before a failure is closed again.
 */
export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const logger = overrides.logger ?? pino(loggerOptions(config.logLevel));
  const clock = overrides.clock ?? systemClock;
  const storage = overrides.storage ?? (await openStorage(config.database));
  let model: GradingModel | null;
  try {
    model =
      overrides.model !== undefined
        ? overrides.model
        : config.model.configured
          ? await createConfiguredGradingModel(config.model, {
              clock,
              logger: logger.child({ component: "model" }),
              promptsDirectory: overrides.promptsDirectory ?? `${packageRoot()}/prompts`,
              // The temperatures grades use (one sample; several): their chat models are made now.
              prepareTemperatures: [config.model.temperature, config.model.sampleTemperature],
              // One gate per provider and model, shared by every process on the database.
              ...(config.model.requestsPerMinute !== null || config.model.tokensPerMinute !== null
                ? {
                    gate: createRequestGate({
                      store: storage.requestGates,
                      clock,
                      name: config.model.id,
                      requestsPerMinute: config.model.requestsPerMinute,
                      tokensPerMinute: config.model.tokensPerMinute,
                    }),
                  }
                : {}),
            })
          : null;
  } catch (error) {
    if (!overrides.storage) await storage.close();
    throw error;
  }

  const settings: GradingSettings = {
    defaultSamples: config.model.defaultSamples,
    temperature: config.model.temperature,
    sampleTemperature: config.model.sampleTemperature,
    maxAnswerChars: config.grading.maxAnswerChars,
    minAgreement: config.grading.minAgreement,
    maxConcurrentCalls: config.model.maxConcurrentCalls,
    prices: config.grading.prices,
    budget: config.grading.budget,
  };
  // Long answers are analysed on worker threads so that a grade never holds the event loop for long.
  let pooledAnalyser: PooledAnswerAnalyser | null = null;
  const analyser: AnswerAnalyser =
    overrides.analyser ??
    (pooledAnalyser = createAnswerAnalyser({
      offloadAboveChars: DEFAULT_OFFLOAD_ABOVE_CHARS,
      threads: defaultAnalysisThreads(),
    }));
  const ids = (prefix: string, at: number = clock.now().getTime()) => newId(prefix, at);
  // Metrics: the core reports to the telemetry port; the model and the stores report what passes them.
  const metrics = createPrometheusMetrics({
    reviewQueueSize: () => storage.reviewQueueSize(),
    onCollectError: (error) =>
      logger.warn({ err: error }, "the review queue could not be counted for /metrics"),
  });
  const { telemetry } = metrics;
  const gradingModel = model && observeModel(model, telemetry, config.grading.prices[model.id]);
  const dailyBudget = createDailyBudget({
    ledger: storage.usage,
    settings: storage.tenantSettings,
    clock,
    defaultDailyBudgetUsd: config.usage.dailyBudgetUsd,
    prices: config.grading.prices,
    maxOutputTokens: config.model.maxOutputTokens,
    telemetry,
    // A dead process's hold lapses with its other leases, as its idempotency keys and job items do.
    holdLease: {
      durationMs: config.leases.durationMs,
      renewEveryMs: Math.floor(config.leases.durationMs / 3),
    },
    // Paid calls missing from the usage report and the budget: the operator needs the figures to reconcile.
    onSpendNotRecorded: (spend, error) =>
      logger.error(
        { err: error, ...spend },
        "the model spend of a grade that was not stored could not be added to the usage ledger",
      ),
  });
  if (config.usage.dailyBudgetUsd !== null && model && !config.grading.prices[model.id]) {
    logger.warn(
      { model: model.id },
      "GRADER_DAILY_BUDGET_USD is set but the model has no price (GRADER_PRICES): its calls cost nothing in USD and never exhaust a budget",
    );
  }
  // Bound late: the calibration service is made from the job service, which is made from this one.
  const late: { calibrations?: CalibrationService } = {};
  const service = createGradingService({
    isUncalibrated: (scope, rubricId, rubricVersion) =>
      late.calibrations?.mustAwaitCalibration(scope, rubricId, rubricVersion) ?? Promise.resolve(false),
    model: gradingModel,
    analyser,
    dailyBudget,
    storesFor: (tenantId) => observeGradeWrites(storage.forTenant(tenantId), telemetry),
    leases: storage.leases,
    maxPendingGrades: config.model.maxPendingGrades,
    leaseSettings: {
      durationMs: config.leases.durationMs,
      renewEveryMs: Math.floor(config.leases.durationMs / 3),
    },
    clock,
    newId: ids,
    randomToken: () => randomHex(16),
    settings,
  });
  const usage = createUsageService({
    getRubric: (scope, id, version) => service.getRubric(scope, id, version),
    model: gradingModel,
    analyser,
    settings,
    maxOutputTokens: config.model.maxOutputTokens,
    randomToken: () => randomHex(16),
    budget: dailyBudget,
    ledger: storage.usage,
    tenantSettings: storage.tenantSettings,
    clock,
    defaultDailyBudgetUsd: config.usage.dailyBudgetUsd,
  });
  const access = createAccessService({
    keys: storage.apiKeys,
    tenants: storage.tenants,
    clock,
    newId: ids,
    randomToken: () => randomHex(16),
  });

  let jobRunner: JobRunner | undefined;
  let outboxQueue: OutboxWorkQueue | undefined;
  let membership: QueueMembership | undefined;
  try {
    // Before the engine: on BullMQ, creating it sets the queue's global concurrency to this value.
    membership = await joinJobQueue({
      queue: storage.jobQueue,
      processId: `process-${randomHex(8)}`,
      maxInFlight: config.model.maxInFlight,
      leaseMs: config.leases.durationMs,
      clock,
      logger,
    });
    // Bound late: a calibration whose job just completed is settled at once (and may release jobs).
    jobRunner = await createQueueEngine(config, storage, service, clock, logger, overrides, (item) =>
      (late.calibrations?.settleForJob(scopeOf(item.owner), item.jobId) ?? Promise.resolve()).catch(
        (error: unknown) =>
          logger.warn(
            { err: error, jobId: item.jobId },
            "calibration could not be settled; its next read does it",
          ),
      ),
    );
    // The outbox runs on the jobs' engine: on BullMQ, a queue of its own beside the items' queue.
    if (config.jobs.queue.engine === "bullmq") {
      outboxQueue = await createBullmqOutbox({
        connection: bullmqConnection(config),
        queueName: `${config.jobs.queue.name}-outbox`,
        logger: logger.child({ component: "integrations" }),
        concurrency: outboxConcurrency,
        leaseMs: config.leases.durationMs,
      });
    }
  } catch (error) {
    await jobRunner?.stop();
    await membership?.leave().catch(() => {});
    await model?.close();
    if (!overrides.analyser) await analyser.close();
    if (!overrides.storage) await storage.close();
    throw error;
  }
  const jobs = createJobService({
    jobsFor: (tenantId) => storage.jobsFor(tenantId),
    grading: service,
    clock,
    newId: ids,
    maxAnswerChars: config.grading.maxAnswerChars,
    maxItems: config.jobs.maxItems,
    leases: { durationMs: config.leases.durationMs, renewEveryMs: Math.floor(config.leases.durationMs / 3) },
    unfinishedCancellations: (limit) => storage.jobQueue.unfinishedCancellations(limit),
    ...(overrides.jobTimings?.cancelChunkItems !== undefined
      ? { cancelChunkItems: overrides.jobTimings.cancelChunkItems }
      : {}),
    onJobQueued: (jobId) => jobRunner.wake(jobId),
    // Bound late: the calibration service grades its answers through this job service.
    mustAwaitCalibration: (scope, rubricId, rubricVersion) =>
      calibrations.mustAwaitCalibration(scope, rubricId, rubricVersion),
    passingCalibration: (scope, rubricId, rubricVersion) =>
      calibrations.passingCalibration(scope, rubricId, rubricVersion),
  });
  const calibrations: CalibrationService = createCalibrationService({
    calibrationsFor: (tenantId) => storage.calibrationsFor(tenantId),
    requirements: storage.calibrationRequirements,
    jobs,
    grading: service,
    clock,
    newId: ids,
    computeResult: (rubric, teacher, grader) => calibrationResult(rubric, teacher, grader),
    computeComparison: (current, baseline) => calibrationComparison(current, baseline),
    onReleasedByCalibration: ({ calibrationId, jobIds }) =>
      logger.info({ calibrationId, jobIds }, "jobs held for calibration released by a passing calibration"),
  });
  late.calibrations = calibrations;
  // Uploads whose process died before they were accepted are deleted an hour after their last renewal (a
  // retry with the same Idempotency-Key deletes one as soon as its lease has lapsed).
  const abandonedUploads = startPeriodicTask(
    15 * 60 * 1000,
    () => storage.jobQueue.discardAbandoned(new Date(clock.now().getTime() - 60 * 60 * 1000)),
    (error) => logger.warn({ err: error }, "abandoned job uploads could not be deleted"),
  );

  // A cancel cuts its jobs' waiting items in chunks after marking the job: one whose process died
  // between them is finished here, at start-up and then every minute (on any process of the database).
  const cutCancellations = startPeriodicTask(
    60 * 1000,
    async () => {
      const finished = await jobs.finishCutCancellations();
      if (finished > 0) logger.info({ jobs: finished }, "cancels cut short by a stopped process finished");
    },
    (error) => logger.warn({ err: error }, "cancels cut short could not be finished"),
  );

  // Records of grades in progress (they name the student) left by a process that died.
  const lapsedRuns = startPeriodicTask(
    10 * 60 * 1000,
    () => storage.answerRetention.pruneLapsedRuns(clock.now().toISOString()),
    (error) => logger.warn({ err: error }, "lapsed records of grades in progress could not be deleted"),
  );

  async function pruneWebhookMessages(): Promise<number> {
    const before = new Date(clock.now().getTime() - config.integrations.messageIdRetentionMs);
    let pruned = 0;
    for (;;) {
      const deleted = await storage.integrationQueue.pruneWebhookMessages(before, pruneBatch);
      pruned += deleted;
      if (deleted < pruneBatch) return pruned;
    }
  }
  const webhookMessagePruning = startPeriodicTask(
    overrides.webhookPruneIntervalMs ?? webhookPruneIntervalMs,
    async () => {
      const pruned = await pruneWebhookMessages();
      if (pruned > 0) logger.debug({ pruned }, "old inbound webhook ids pruned");
    },
    (error) => logger.warn({ err: error }, "old inbound webhook ids could not be pruned"),
  );

  const outboundPolicy = { allowInsecure: config.integrations.outbox.allowInsecure };
  const checkUrl = (url: string) => checkOutboundUrl(url, outboundPolicy);
  const integrations = createIntegrationService({
    storeFor: (tenantId) => storage.integrationsFor(tenantId),
    queue: storage.integrationQueue,
    secretBox: config.integrations.secretKeyHex
      ? createSecretBox(Buffer.from(config.integrations.secretKeyHex, "hex"))
      : null,
    grading: service,
    clock,
    newId: ids,
    maxAnswerChars: config.grading.maxAnswerChars,
    messageIdRetentionMs: config.integrations.messageIdRetentionMs,
    checkCallbackUrl: checkUrl,
    readLmsEvent: createLmsEventReader({
      allowLoopbackHttp: outboundPolicy.allowInsecure === "loopback",
      timeoutMs: config.integrations.outbox.timeoutMs,
    }),
    // Called only after the runner below exists (on requests).
    onSubmissionRecorded: () => integrationRunner.wake(),
    onIntegrationChanged: () => integrationRunner.rescan(),
    onDeliveryQueued: () => integrationRunner.wake(),
  });
  const integrationRunner = createIntegrationRunner({
    queue: observePassbacks(storage.integrationQueue, telemetry),
    jobs,
    integrations,
    deliver: overrides.deliver ?? createGuardedDeliver(outboundPolicy),
    allowLoopbackHttp: outboundPolicy.allowInsecure === "loopback",
    checkUrl,
    clock,
    logger: logger.child({ component: "integrations" }),
    ownerId: `integrations-${randomHex(8)}`,
    newId: ids,
    leaseMs: config.leases.durationMs,
    maxAttempts: config.integrations.outbox.maxAttempts,
    timeoutMs: config.integrations.outbox.timeoutMs,
    concurrency: outboxConcurrency,
    ...(outboxQueue ? { workQueue: outboxQueue } : {}),
    ...overrides.integrationTimings,
  });

  const studentData = createStudentDataService({
    studentDataFor: (tenantId) => storage.studentDataFor(tenantId),
    clock,
    newId: ids,
  });
  const answerRetention =
    config.retention.answerDays === null
      ? null
      : createAnswerRetention({
          store: storage.answerRetention,
          clock,
          retentionDays: config.retention.answerDays,
        });
  const retentionLog = logger.child({ component: "retention" });
  const retentionSchedule =
    answerRetention &&
    startPeriodicTask(
      overrides.retentionIntervalMs ?? retentionIntervalMs,
      async () => {
        const run = await answerRetention.purge();
        const fields = { retentionDays: answerRetention.retentionDays, ...run };
        // Counts only: never an id of a student or a grade.
        if (run.purgedGrades + run.purgedCalibrations + run.purgedJobItems > 0)
          retentionLog.info(fields, "answers purged (retention)");
        else retentionLog.debug(fields, "no answers to purge (retention)");
        if (!run.compacted) {
          retentionLog.warn(
            fields,
            "the WAL checkpoint found readers; purged text leaves the WAL file at the next run",
          );
        }
      },
      (error) => retentionLog.error({ err: error }, "answer retention failed"),
    );
  // Without retention, nothing else finishes a checkpoint that an erasure or a start left to later (another
  // process was reading then): an erased answer's old page images stayed in the WAL file until the next
  // erasure, however long that was. The same hourly checkpoint retention runs (PostgreSQL: nothing to do).
  let walCompactionStarted = false;
  const walCompaction =
    answerRetention === null
      ? startPeriodicTask(
          overrides.retentionIntervalMs ?? retentionIntervalMs,
          async () => {
            // Not at start-up: opening the database has just run one.
            if (!walCompactionStarted) {
              walCompactionStarted = true;
              return;
            }
            if (!(await storage.answerRetention.compact())) {
              retentionLog.warn(
                "the WAL checkpoint found readers; erased text leaves the WAL file at the next run",
              );
            }
          },
          (error) => retentionLog.error({ err: error }, "the WAL checkpoint failed"),
        )
      : null;

  let lastModelCheck: { at: number; result: CheckResult } | undefined;
  /** The check running now: callers that come meanwhile share it, so the provider sees one request. */
  let modelCheckInFlight: Promise<CheckResult> | undefined;
  function checkModel(): Promise<CheckResult> {
    if (!model) return Promise.resolve({ status: "not_configured" });
    const now = clock.now().getTime();
    if (lastModelCheck && now - lastModelCheck.at < modelCheckTtlMs)
      return Promise.resolve(lastModelCheck.result);
    modelCheckInFlight ??= askModel(model, now).finally(() => {
      modelCheckInFlight = undefined;
    });
    return modelCheckInFlight;
  }
  async function askModel(model: GradingModel, now: number): Promise<CheckResult> {
    let result: CheckResult;
    try {
      await model.checkReady(AbortSignal.timeout(modelCheckTimeoutMs));
      result = { status: "ok" };
    } catch (error) {
      const code = AppError.isInstance(error) ? error.code : "internal_error";
      logger.warn({ err: error, code }, "model provider readiness check failed");
      result = { status: "failing", detail: code };
    }
    lastModelCheck = { at: now, result };
    return result;
  }

  let closed = false;
  /** Cancels the wait for an idle moment to start an analysis thread (see warmUp). */
  let cancelPrestart: () => void = () => {};
  return {
    config,
    logger,
    clock,
    storage,
    model,
    analyser,
    service,
    access,
    studentData,
    answerRetention,
    usage,
    metrics,
    rubricInterchange: createRubricInterchange(),
    jobs,
    calibrations,
    jobRunner,
    integrations,
    integrationRunner,
    async warmUp({ gradually = false } = {}) {
      // The screen's word classes are compiled on first use (seconds of CPU in all); here, rather than on
      // a student's request. Then short answers (analysed inline, where grades are screened) in several
      // scripts, so that the patterns and code paths they use are ready too.
      if (!gradually) {
        compileAllClasses();
        for (const text of SCREEN_WARM_UP_TEXTS) await analyser.analyse(text);
      } else {
        while (!closed && compileClassesFor(WARM_UP_SLICE_MS).left > 0) await nextLoopTurn();
        // One sentence per slice: the first text of a script compiles that script's patterns.
        for (const text of SCREEN_WARM_UP_TEXTS.flatMap(warmUpSentences)) {
          if (closed) return false;
          await nextLoopTurn();
          await analyser.analyse(text);
        }
      }
      if (closed) return false;
      // One analysis thread loads in the background (a second or two of CPU) so that the first long
      // answer finds it ready; start-up does not wait for it. It starts once the event loop has a quiet
      // moment: started while a deadline spike of webhooks pours in, it took their CPU (ingest p99 went
      // from 37 to 50 ms). A long answer arriving before then starts a thread on demand.
      if (pooledAnalyser && !closed) {
        const pool = pooledAnalyser;
        cancelPrestart();
        cancelPrestart = whenIdle(() => void pool.prestart());
      }
      return true;
    },
    pruneWebhookMessages,
    async readiness() {
      const [database, modelCheck] = await Promise.all([
        storage.ping().then(
          (): CheckResult => ({ status: "ok" }),
          (error: unknown): CheckResult => {
            logger.warn({ err: error }, "database readiness check failed");
            return { status: "failing", detail: "database_unavailable" };
          },
        ),
        checkModel(),
      ]);
      return {
        // A service without a provider is ready for what it can do (rubrics, reviews); grading says 503.
        ready: database.status === "ok" && modelCheck.status !== "failing",
        checks: { database, model: modelCheck },
      };
    },
    async close(options = {}) {
      if (closed) return;
      closed = true;
      cancelPrestart();
      try {
        // Items and deliveries running here finish (or are left to their leases) before the database
        // closes. Both runners stop taking work at once: one after the other, the job runner went on
        // leasing new items while deliveries drained, for an exit that cut them.
        const stopped = await Promise.allSettled([
          integrationRunner.stop(options.graceMs),
          jobRunner.stop(options.graceMs),
        ]);
        const failed = stopped.find((result) => result.status === "rejected");
        if (failed) throw failed.reason;
        // Its items are over: a process with another GRADER_MAX_IN_FLIGHT may start once all have left.
        await membership
          .leave()
          .catch((error: unknown) =>
            logger.warn({ err: error }, "the job queue membership could not be deleted; it lapses"),
          );
        await abandonedUploads.stop();
        await cutCancellations.stop();
        await lapsedRuns.stop();
        await webhookMessagePruning.stop();
        // A purge in progress finishes before the database closes.
        await retentionSchedule?.stop();
        await walCompaction?.stop();
        await model?.close();
        if (!overrides.analyser) await analyser.close();
      } finally {
        if (!overrides.storage) await storage.close();
      }
    },
  };
}

/** A gradual warm-up's slice: long enough to get on, short enough not to hold a request up noticeably. */
const WARM_UP_SLICE_MS = 20;

/** Lets timers, I/O and the requests waiting on them run before going on. */
const nextLoopTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A warm-up text cut after its sentences' ends (Latin, Arabic and CJK full stops), each cut kept whole. */
function warmUpSentences(text: string): string[] {
  return text.split(/(?<=[.;。])\s*/u).filter((sentence) => sentence.trim().length > 0);
}
