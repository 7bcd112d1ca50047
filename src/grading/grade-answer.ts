import type { Clock } from "../lib/clock.js";
import { codePointCount, hasVisibleCharacter } from "../lib/code-points.js";
import { canonicalJson, sha256Hex } from "../lib/hashing.js";
import { defaultTenantId } from "./access.js";
import type { AttemptRecord, AuditRecord, ModelResult, ScreeningRecord } from "./audit.js";
import { estimateCost, spendByDay, sumUsage, type ModelPrice } from "./cost.js";
import { utcDay, type BudgetRun, type DailyBudget } from "./daily-budget.js";
import { AppError } from "./errors.js";
import {
  flagCodesOf,
  statusFor,
  totalOf,
  type CriterionResult,
  type Flag,
  type StoredGrade,
} from "./grade.js";
import { alreadyScreened, type InjectionFinding, type RemovedCharacterSummary } from "./integrity/index.js";
import {
  planModelRun,
  runModel,
  type BudgetFields,
  type GradeBudget,
  type ModelPlan,
  type RunOptions,
} from "./model-run.js";
import { answerGroupId } from "./answer-groups.js";
import { unpairedOffset } from "./text-encoding.js";
import type {
  AnswerAnalyser,
  CallPriority,
  GradeStore,
  GradeWrite,
  GradingModel,
  PreparedAnswer,
} from "./ports.js";
import { rubricMaxPoints, type Rubric } from "./rubric.js";
import type { FlightLease, SingleFlight } from "./single-flight.js";

export interface GradingSettings {
  /** Samples per answer when neither the rubric nor the request sets them. */
  defaultSamples: number;
  /** Temperature for a single sample. */
  temperature: number;
  /** Temperature when several samples are drawn (they must be able to disagree). */
  sampleTemperature: number;
  /** Answers longer than this many characters (Unicode code points) are refused before any model call. */
  maxAnswerChars: number;
  /** What one grade may spend; a request or rubric over it is refused before any call. */
  budget: GradeBudget;
  /** A criterion whose samples agree less than this goes to review. */
  minAgreement: number;
  /** Model calls in flight at once for one grade. */
  maxConcurrentCalls: number;
  /** USD prices by model id (`openai:gpt-4o-mini`). */
  prices: Readonly<Record<string, ModelPrice>>;
}

export interface GradingContext {
  /** null when no provider is configured: grading then fails with `provider_not_configured`. */
  model: GradingModel | null;
  grades: GradeStore;
  /** Strips, folds and screens the answer (on a worker thread for long answers). */
  analyser: AnswerAnalyser;
  clock: Clock;
  /** A time-ordered id; made at `at` (milliseconds) when given, so an id and a stored time agree. */
  newId: (prefix: string, at?: number) => string;
  /** Unguessable random text (at least 128 bits) for boundaries and canaries. */
  randomToken: () => string;
  settings: GradingSettings;
  /**
   * Grades each cache key once among concurrent identical requests (see single-flight.ts); the
   * service's own. Without it each request looks the cache up and grades on a miss by itself.
   */
  cacheFlights?: SingleFlight;
  /**
   * Stores a new grade and returns it as stored: the service's applies the answer group's decision, if
   * any, in the same transaction (so a member never misses a decision made while it was graded), and
   * gives up the cache flight's lease there too (then marks it released). Without it the grade is
   * inserted as it is.
   */
  store?: (write: GradeWrite, lease?: FlightLease) => Promise<StoredGrade>;
  /**
   * The tenants' daily budgets (daily-budget.ts): a grade that needs the model is admitted by it before
   * its first call, or refused with `budget_exhausted`; a grade whose calls were made but which could not
   * be stored has their spend recorded through it. Blank answers and cached results never ask it.
   */
  dailyBudget?: DailyBudget;
}

export interface GradeRequest {
  rubric: Rubric;
  answer: string;
  studentId: string | null;
  /** Overrides the rubric's and the default number of samples. */
  samples?: number;
  /**
   * The tenant the grade belongs to: part of the cache key, so identical answers of two schools are
   * never one flight or one cached result (`context.grades` is that tenant's store).
   */
  tenantId?: string;
  /** The API key submitting the answer, stored with the grade (a `service` key reads only its own). */
  submittedBy?: string | null;
  /** The client's id for the submission (an LMS's), stored with the grade for filtering. */
  submissionId?: string | null;
  /**
   * Whose grade it is (default interactive): every model call of the grade carries it. It changes
   * when the calls are sent, never what the grade is, so it is not part of the cache key.
   */
  priority?: CallPriority;
  /** Aborts the grade (its model calls, waiting or in flight) when nobody waits for it any more. */
  signal?: AbortSignal;
  /**
   * The answer's analysis, started by the caller before its own work (startAnalysis): the screen then runs
   * while the caller reads the rubric. Otherwise it is started here.
   */
  analysis?: Promise<PreparedAnswer>;
}

/**
 * Version of the cache-key recipe: bump it when grading logic changes what a cached grade would be.
 * 2: the key hashes the text the model sees (as written), no longer the NFKC-folded text.
 * 3: the key names the tenant: two schools never share a cached result or a flight.
 * 4: the text is canonically composed (NFC): "café" typed with a combining accent (as macOS and some
 *    keyboards send it) is the same answer as with a precomposed é, as its answer group already says.
 */
const cacheKeyRecipe = 4;

/**
 * Grades one answer and stores the grade with its audit record.
 *
 * Always returns a schema-valid grade, `graded` or `needs_review`, for anything the answer or the
 * model's reply can be: blank answers get 0 without a model call; unusable replies get one repair
 * retry and then `needs_review` with `output_invalid` (never an invented score); suspicious answers
 * are graded but flagged for review. The model, the cache key and the evidence check all see the answer
 * as written minus smuggling characters (AnswerAnalysis.text); only the screen reads a folded copy.
 * Throws AppError: `answer_too_long`, `provider_not_configured`, a `provider_*` error when the provider
 * fails after its retries, or whatever the analyser rejects with (`server_busy` when its queue is full);
 * `budget_exhausted` before any model call when the tenant's daily budget is spent; then nothing is stored.
 */
export async function gradeAnswer(context: GradingContext, request: GradeRequest): Promise<StoredGrade> {
  try {
    request.signal?.throwIfAborted();
    // An analysis started by startAnalysis is of an answer that passed this check already.
    if (request.analysis === undefined) {
      checkAnswerText(request.answer, context.settings.maxAnswerChars, "body.answer");
    }
  } catch (error) {
    abandonAnalysis(request.analysis);
    throw error;
  }
  const analysis = await (request.analysis ?? prepareAnalysis(context.analyser, request.answer));
  try {
    return await gradeAnalysed(context, request, analysis);
  } finally {
    analysis.finished?.();
  }
}

async function gradeAnalysed(
  context: GradingContext,
  request: GradeRequest,
  analysis: PreparedAnswer,
): Promise<StoredGrade> {
  const { rubric, answer } = request;
  const { settings } = context;
  const { text, evidenceText, removed } = analysis;
  const blank = isBlankAnswer(text);
  const base: UnstampedBase = {
    rubric,
    answer,
    studentId: request.studentId,
    submissionId: request.submissionId ?? null,
    // Blank answers get 0 by rule: there is nothing for a teacher to decide as a group.
    groupId: blank ? null : answerGroupId(request.tenantId ?? "", rubric.id, rubric.version, text),
    submittedBy: request.submittedBy ?? null,
  };

  if (blank) return storeBlankGrade(context, stamp(context, base), removed);

  const model = context.model;
  if (!model) throw new AppError("provider_not_configured");

  const options = resolveOptions(rubric, request, settings);
  let screened: Promise<Screened> | undefined;
  // Runs the screen now when it is this thread's to run; waits for it when it runs on an analysis thread.
  const screen = (): Promise<Screened> =>
    (screened ??= Promise.resolve(analysis.findings()).then((findings) => screeningOf(findings, removed)));

  const cacheKey = sha256Hex(
    canonicalJson({
      recipe: cacheKeyRecipe,
      tenant: request.tenantId ?? null,
      rubricVersion: rubric.version,
      promptVersion: model.promptVersion,
      model: model.id,
      parameters: model.parameters,
      options,
      // The text the model sees (it is defanged deterministically from this), canonically composed: answers
      // that differ in any visible character, spacing included, are different answers; a precomposed é and
      // an e with a combining accent are one character, and were graded twice, possibly differently, while
      // the review queue showed them as one group.
      answer: text.normalize("NFC"),
    }),
  );
  // Planned (and checked against the budget) before the cache is asked, so that a request over the
  // budget is refused the same way whether or not an identical answer was graded before.
  const plan = planModelRun(
    context,
    model,
    rubric,
    text,
    options,
    context.settings.budget,
    gradeBudgetFields(request.samples !== undefined),
  );
  const reuseCachedGrade = async (): Promise<StoredGrade | undefined> => {
    // The same submission sent again, unchanged: its grade as it is now, so a teacher's change wins over
    // a fresh copy of the model's result (which a client reading "the newest grade" would take instead).
    if (base.submissionId !== null) {
      const own = await context.grades.findSubmissionGrade({
        submissionId: base.submissionId,
        cacheKey,
        submittedBy: base.submittedBy,
      });
      if (own && own.studentId === base.studentId) return own;
    }
    const cached = await context.grades.findByCacheKey(cacheKey);
    if (!cached) return undefined;
    const screened = await screen();
    return storeCachedCopy(context, stamp(context, base), cached, { cacheKey, ...screened, model });
  };
  const gradeWithModel = (lease?: FlightLease) => {
    const fresh = (budgetRun?: BudgetRun) =>
      gradeFreshly(context, {
        budgetRun,
        lease,
        base,
        model,
        text,
        evidenceText,
        options,
        plan,
        cacheKey,
        screenPending: analysis.screenPending,
        screen,
        priority: request.priority,
        signal: request.signal,
      });
    if (!context.dailyBudget) return fresh();
    const tenantId = request.tenantId ?? defaultTenantId;
    return context.dailyBudget.run({ tenantId, model, plan }, fresh);
  };
  if (!context.cacheFlights) return (await reuseCachedGrade()) ?? (await gradeWithModel());
  return context.cacheFlights.run(cacheKey, {
    reuse: reuseCachedGrade,
    produce: gradeWithModel,
    sharesFailure: isSharedProviderFailure,
    // A request waiting for an identical answer's grade stops when its own client leaves: it held its
    // pending-grade slot until the leader's grade ended (minutes, against a provider that hangs).
    ...(request.signal ? { signal: request.signal } : {}),
  });
}

/**
 * The provider's failure on a call that identical answers waiting for it would make too, after the
 * model's own retries. A waiting request that led again would make the same call and wait the same
 * failure out once more, one after another: 12 identical answers against a provider that timed out took
 * 12 timeouts for the last one, and against one answering 503, 12 rounds of retries. A timeout (each
 * attempt waited GRADER_TIMEOUT_MS) is answered to them at once, as it would have been had each made its
 * own call at the same time. An outage, throttling or error ends sooner and may be over: one waiting
 * request leads again, and if it fails too, the others are answered with its failure. Anything else (a
 * fault of the leader's own) lets the next request lead.
 */
const sharedAfterTakeover: ReadonlySet<string> = new Set(["provider_unavailable", "provider_error"]);

function isSharedProviderFailure(error: unknown, failuresSeen: number): boolean {
  if (!AppError.isInstance(error)) return false;
  return error.code === "provider_timeout" || (failuresSeen >= 2 && sharedAfterTakeover.has(error.code));
}

interface FreshGrading {
  base: UnstampedBase;
  model: GradingModel;
  /** The answer as the model sees it (AnswerAnalysis.text). */
  text: string;
  /** The same folded for the evidence check (AnswerAnalysis.evidenceText). */
  evidenceText: string;
  options: RunOptions;
  plan: ModelPlan;
  cacheKey: string;
  /** Whether `screen()` will run the injection screen (on this thread) rather than return its result. */
  screenPending: boolean;
  screen: () => Promise<Screened>;
  priority: CallPriority | undefined;
  signal: AbortSignal | undefined;
  /** The cache flight's lease, given up with the grade when the grade is stored. */
  lease: FlightLease | undefined;
  /** The daily budget's run this grade is part of: records the spend of calls whose grade was not stored. */
  budgetRun: BudgetRun | undefined;
}

/**
 * A cache miss: runs the model and stores the grade, with the cache key when the result is reusable.
 * However it ends without a stored grade (a provider error after some calls answered, its client gone,
 * refused or failed at storing), the spend of every call that answered is recorded through the budget's
 * run before the error is rethrown: the provider billed them all the same. A stored grade's spend is in
 * its own transaction, so each call is counted exactly once.
 */
async function gradeFreshly(context: GradingContext, fresh: FreshGrading): Promise<StoredGrade> {
  const { model, text, evidenceText, options, plan, cacheKey, priority, signal } = fresh;
  const { rubric, answer } = fresh.base;
  const { settings } = context;
  // Every attempt that answered, also of a run that throws.
  const attempts: AttemptRecord[] = [];
  // The client's abort, and the grade's own failure while calls still run (its screen): a failed grade's
  // remaining calls would be paid for nothing, and its hold freed while they still spend.
  const stop = new AbortController();
  const forwardAbort = () => stop.abort(signal?.reason);
  if (signal?.aborted) forwardAbort();
  else signal?.addEventListener("abort", forwardAbort, { once: true });
  const { budgetRun } = fresh;
  const price = settings.prices[model.id];
  const running = runModel(
    {
      clock: context.clock,
      randomToken: context.randomToken,
      maxConcurrentCalls: settings.maxConcurrentCalls,
      ...(priority ? { priority } : {}),
      signal: stop.signal,
      attempts,
      // Only with a hold: each call followed by more is recorded on it (a process dying mid-grade).
      ...(budgetRun?.holdId === undefined
        ? {}
        : {
            onAnsweredBeforeLast: (attempt) => {
              const [spend] = spendByDay([attempt], price, utcDay(context.clock.now()));
              if (spend) budgetRun.recordCallSpend(spend);
            },
          }),
    },
    model,
    rubric,
    text,
    options,
    plan,
    evidenceText,
  );
  // Awaited below, or after a failure met first (the screen's): meanwhile its failure is not unhandled.
  running.catch(() => {});
  /** Set once the grade has its id: a store reported failed may have stored it. */
  let stampedId: string | undefined;
  try {
    const { screening, screeningFlags } = await screenWhileWaiting(fresh, running);
    const run = await running;
    const base = stamp(context, fresh.base);
    const { gradeId } = base;
    stampedId = gradeId;
    if (run.modelScreen) {
      screening.modelScreen = run.modelScreen.verdict;
      if (run.modelScreen.flag) screeningFlags.push(run.modelScreen.flag);
    }
    const modelResult: ModelResult = {
      criteria: run.criteria,
      totalPoints: totalOf(run.criteria),
      feedback: run.feedback,
      explanation: run.explanation,
    };
    const flags = [...screeningFlags, ...run.flags];
    const usage = sumUsage(run.attempts);
    const grade = assembleGrade(base, {
      flags,
      result: modelResult,
      gradedBy: "model",
      model: model.id,
      usage,
      cached: false,
    });
    const audit: AuditRecord = {
      gradeId,
      rubricId: rubric.id,
      rubricVersion: rubric.version,
      promptVersion: model.promptVersion,
      model: model.id,
      parameters: { ...model.parameters, temperature: options.temperature },
      strategy: options.strategy,
      samples: options.samples,
      attempts: run.attempts,
      usage,
      cost: estimateCost(price, usage),
      flags,
      screening,
      cachedFrom: null,
      modelResult,
      humanChanges: [],
    };
    // An unusable reply may be a passing fault: only usable results are served to resubmissions.
    const reusable = !flags.some((flag) => flag.code === "output_invalid");
    // The last step: once it resolves the grade and its spend are stored together (its hold deleted in
    // the same transaction), and nothing after it can fail. Should it be reported failed though it
    // committed, the spend below settles a hold already gone, and adds nothing.
    const holdId = budgetRun?.holdId;
    const stored = await storeGrade(
      context,
      {
        grade,
        answer,
        cacheKey: reusable ? cacheKey : null,
        audit,
        submittedBy: base.submittedBy,
        ...(holdId === undefined ? {} : { settlesHold: holdId }),
      },
      fresh.lease,
    );
    budgetRun?.settledByStore();
    return stored;
  } catch (error) {
    // No grade stored. Calls still running (the screen failed first) are stopped and awaited, so that
    // every answered call is in `attempts`; recorded inside the budget's run, so that its hold is freed
    // only once the spend is in the ledger.
    stop.abort(error);
    await running.catch(() => undefined);
    if (budgetRun && attempts.length > 0) {
      // Each call on the day it was made, as a stored grade's calls count.
      await budgetRun.recordSpendWithoutGrade(
        spendByDay(attempts, price, utcDay(context.clock.now())),
        stampedId,
      );
    }
    throw error;
  } finally {
    signal?.removeEventListener("abort", forwardAbort);
  }
}

/** The injection screen's part of a grade: its audit record and the flag it raises. */
interface Screened {
  screening: ScreeningRecord;
  screeningFlags: Flag[];
}

function screeningOf(
  findings: readonly InjectionFinding[],
  removed: readonly RemovedCharacterSummary[],
): Screened {
  return {
    screening: {
      findings: findings.map(({ technique, reason, excerpt }) => ({ technique, reason, excerpt })),
      removedCharacters: removed.map(({ category, count }) => ({ kind: category, count })),
      modelScreen: null,
    },
    screeningFlags:
      findings.length > 0
        ? [
            {
              code: "injection_suspected",
              requiresReview: true,
              origin: "answer-screen",
              reason: `The answer seems to address the grader (${[...new Set(findings.map((finding) => finding.technique))].join(", ")}): ${findings[0]!.reason}`,
            },
          ]
        : [],
  };
}

/**
 * Starts the answer's analysis ahead of the grade, for a caller with work of its own before gradeAnswer
 * (reading the rubric): at concurrency 1 on a busy machine the screen, on its thread, was still running
 * when the model's reply had come in about one grade in five, and a grade that waits for its screen waits
 * less the earlier it started. (On a quiet machine bench/service-overhead.ts showed no change beyond its
 * noise: there the screen is mostly done first.) Nothing for an answer gradeAnswer will refuse (it
 * refuses it then, after the caller's own checks, as before). The caller passes the result as
 * GradeRequest.analysis, or, when it fails before that, gives it up with {@link abandonAnalysis}.
 */
export function startAnalysis(
  context: Pick<GradingContext, "analyser" | "settings">,
  answer: string,
): Promise<PreparedAnswer> | undefined {
  try {
    checkAnswerText(answer, context.settings.maxAnswerChars, "body.answer");
  } catch {
    return undefined;
  }
  const analysis = prepareAnalysis(context.analyser, answer);
  // Awaited by gradeAnswer, or given up: a rejection meanwhile (server_busy) is not unhandled.
  analysis.catch(() => {});
  return analysis;
}

/** An analysis started by startAnalysis whose grade never began: its place in the analyser is freed. */
export function abandonAnalysis(analysis: Promise<PreparedAnswer> | undefined): void {
  analysis?.then(
    (prepared) => prepared.finished?.(),
    () => {},
  );
}

/** The analysis through `prepare` when the analyser has it; otherwise whole, through `analyse`. */
async function prepareAnalysis(analyser: AnswerAnalyser, answer: string): Promise<PreparedAnswer> {
  if (analyser.prepare) return analyser.prepare(answer);
  return alreadyScreened(await analyser.analyse(answer));
}

/**
 * The screen's result, run while the model's request is out when it is still to run: the thread would
 * otherwise sit idle for the provider's turnaround (at concurrency 1 this is most of what the service adds
 * to a bare chain's latency).
 *
 * When is the request out? Its dispatch runs in microtasks, but undici writes a request on a reused
 * keep-alive socket only in the next check phase (it first lets pending bytes on the idle socket be read:
 * GHSA-35p6-xmwp-9g52). An immediate queued now would run in that same phase before undici's, and screen
 * before the write (measured: 97% of lone grades); one queued from it runs in the next loop turn, after
 * the write. On a new connection the write waits for the connect, and the screen simply runs first.
 */
async function screenWhileWaiting(fresh: FreshGrading, running: Promise<unknown>): Promise<Screened> {
  if (!fresh.screenPending) return fresh.screen();
  // The model run is awaited by the caller; until then a failure must not count as unhandled.
  running.catch(() => {});
  await nextCheckPhase();
  await nextCheckPhase();
  return fresh.screen();
}

const nextCheckPhase = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Refuses a rubric whose own grading options (samples, strategy, model screen) would put every grade
 * over the budget, so a teacher learns it at upload rather than at the first grade. Checked with an
 * empty answer: a long answer can still exceed the token budget, and is refused when it is graded.
 * Throws AppError `grade_budget_exceeded`.
 */
export function checkRubricWithinBudget(
  context: Pick<GradingContext, "model" | "settings" | "randomToken">,
  rubric: Rubric,
): void {
  const options = resolveOptions(rubric, { rubric, answer: "", studentId: null }, context.settings);
  planModelRun(context, context.model ?? countingModel, rubric, "", options, context.settings.budget, {
    calls: "grading.samples",
    answer: "grading",
    messagePrefix: "The rubric's grading options are over the per-grade budget: ",
  });
}

/**
 * Whether the text the model would see is blank to a reader: nothing left once smuggling characters are
 * removed, or only characters that show nothing (a run of Braille blanks U+2800, variation selectors),
 * which a model would grade as an answer. Blank answers get 0 by rule, without a model call.
 */
export const isBlankAnswer = (text: string): boolean => !hasVisibleCharacter(text);

/** Stands in for an unconfigured model when only the number of calls can be checked. */
const countingModel: GradingModel = {
  id: "none",
  parameters: {},
  promptVersion: "none",
  complete: () => Promise.reject(new Error("countingModel makes no calls")),
  estimateInputTokens: () => 0,
  checkReady: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/**
 * The answer must be text that can be stored and shown exactly as submitted: well-formed UTF-16 (a
 * lone surrogate would be stored as U+FFFD) and at most `maxChars` characters, counted as Unicode code
 * points (an emoji is one character, as a teacher would count it). Throws `invalid_request` or
 * `answer_too_long` naming the position or the length, and the answer by `field`: its place in the
 * request as a validation error names it (`body.answer`, `body.answers[3].answer`), so that every
 * error about one field names it in one form.
 */
export function checkAnswerText(answer: string, maxChars: number, field: string): void {
  const offset = answer.isWellFormed() ? -1 : unpairedOffset(answer);
  if (offset >= 0) {
    const unit = answer.charCodeAt(offset);
    const message = `contains an unpaired UTF-16 surrogate (\\u${unit.toString(16).toUpperCase()}) at UTF-16 offset ${offset}: send valid Unicode text`;
    throw new AppError("invalid_request", {
      message: `${field}: ${message}`,
      details: [{ path: field, message }],
    });
  }
  const length = codePointCount(answer);
  if (length > maxChars) {
    throw new AppError("answer_too_long", {
      message: `${field}: is ${length} characters long; the limit is ${maxChars}.`,
      details: [{ path: field, message: `must be at most ${maxChars} characters` }],
    });
  }
}

/**
 * The fields a grade over the budget names: too many calls by `body.samples` when the request set them,
 * otherwise by the rubric's own grading options (`body.rubricId`), which the budget can refuse when it
 * was lowered after the rubric was uploaded.
 */
function gradeBudgetFields(samplesRequested: boolean): BudgetFields {
  return samplesRequested
    ? { calls: "body.samples", answer: "body.answer" }
    : { calls: "body.rubricId", callsPrefix: "the rubric's grading options: ", answer: "body.answer" };
}

/** The run options of a grade: the request's samples over the rubric's over the default. */
export function resolveOptions(rubric: Rubric, request: GradeRequest, settings: GradingSettings): RunOptions {
  const samples = request.samples ?? rubric.grading?.samples ?? settings.defaultSamples;
  return {
    strategy: rubric.grading?.strategy ?? "all-criteria",
    samples,
    temperature: samples > 1 ? settings.sampleTemperature : settings.temperature,
    evidencePolicy: rubric.grading?.evidencePolicy ?? "review",
    modelInjectionScreen: rubric.grading?.modelInjectionScreen ?? false,
    minAgreement: settings.minAgreement,
  };
}

/** The grade record every path (model, blank rule, cache) ends in: status and codes derived from the flags. */
function assembleGrade(
  base: GradeBase,
  parts: {
    flags: readonly Flag[];
    result: ModelResult;
    gradedBy: StoredGrade["gradedBy"];
    model: string;
    usage: StoredGrade["usage"];
    cached: boolean;
  },
): StoredGrade {
  return {
    id: base.gradeId,
    rubricId: base.rubric.id,
    rubricVersion: base.rubric.version,
    studentId: base.studentId,
    submissionId: base.submissionId,
    groupId: base.groupId,
    status: statusFor(parts.flags),
    flags: flagCodesOf(parts.flags),
    ...parts.result,
    maxPoints: rubricMaxPoints(base.rubric),
    gradedBy: parts.gradedBy,
    review: null,
    model: parts.model,
    usage: parts.usage,
    cached: parts.cached,
    createdAt: base.createdAt,
    updatedAt: base.createdAt,
    version: 1,
  };
}

interface GradeBase {
  gradeId: string;
  rubric: Rubric;
  answer: string;
  studentId: string | null;
  submissionId: string | null;
  groupId: string | null;
  createdAt: string;
  submittedBy: string | null;
}

/** A grade's base before it has an id and a time. */
type UnstampedBase = Omit<GradeBase, "gradeId" | "createdAt">;

/**
 * The grade's id and time, given when it is about to be stored, not when grading starts: ids and times
 * order the grades as they become visible, so that a client paging newest first, or syncing with
 * `createdFrom` since its last read, never misses a grade that took longer than the ones around it.
 */
function stamp(context: GradingContext, base: UnstampedBase): GradeBase {
  // One reading of the clock for both: the time filters compare the id's time, so an id made a
  // millisecond before `createdAt` (a second reading) dropped the grade from `createdFrom=<its createdAt>`.
  const at = context.clock.now();
  return { ...base, gradeId: context.newId("grd", at.getTime()), createdAt: at.toISOString() };
}

async function storeBlankGrade(
  context: GradingContext,
  base: GradeBase,
  removed: readonly RemovedCharacterSummary[],
): Promise<StoredGrade> {
  const { rubric } = base;
  const criteria: CriterionResult[] = rubric.criteria.map((criterion) => ({
    criterionId: criterion.id,
    points: 0,
    maxPoints: criterion.maxPoints,
    rationale: "The answer is blank.",
    evidence: [],
    confidence: null,
    comment: null,
  }));
  const flags: Flag[] = [
    {
      code: "blank",
      requiresReview: false,
      reason: "The answer is empty or only whitespace: 0 points, no model call.",
    },
  ];
  const modelResult: ModelResult = {
    criteria,
    totalPoints: 0,
    feedback: "",
    explanation: "The answer was empty or contained only whitespace or invisible characters.",
  };
  const grade = assembleGrade(base, {
    flags,
    result: modelResult,
    gradedBy: "rule",
    model: "none",
    usage: { inputTokens: 0, outputTokens: 0 },
    cached: false,
  });
  const audit: AuditRecord = {
    gradeId: base.gradeId,
    rubricId: rubric.id,
    rubricVersion: rubric.version,
    promptVersion: "none",
    model: "none",
    parameters: {},
    strategy: "none",
    samples: 0,
    attempts: [],
    usage: grade.usage,
    cost: estimateCost(undefined, grade.usage),
    flags,
    screening: {
      findings: [],
      removedCharacters: removed.map(({ category, count }) => ({ kind: category, count })),
      modelScreen: null,
    },
    cachedFrom: null,
    modelResult,
    humanChanges: [],
  };
  return storeGrade(context, {
    grade,
    answer: base.answer,
    cacheKey: null,
    audit,
    submittedBy: base.submittedBy,
  });
}

/**
 * An identical answer to the same rubric version, prompts, model and parameters was graded before:
 * reuse the model's result so a resubmission can never score differently. Screening runs again (it is
 * cheap and may have improved); the model's own flags are carried over.
 */
async function storeCachedCopy(
  context: GradingContext,
  base: GradeBase,
  cached: NonNullable<Awaited<ReturnType<GradeStore["findByCacheKey"]>>>,
  fresh: { cacheKey: string; screening: ScreeningRecord; screeningFlags: Flag[]; model: GradingModel },
): Promise<StoredGrade> {
  const source = cached.audit;
  const flags = [...fresh.screeningFlags, ...source.flags.filter((flag) => flag.origin !== "answer-screen")];
  const usage = { inputTokens: 0, outputTokens: 0 };
  const grade = assembleGrade(base, {
    flags,
    result: source.modelResult,
    gradedBy: "model",
    model: fresh.model.id,
    usage,
    cached: true,
  });
  const audit: AuditRecord = {
    ...source,
    gradeId: base.gradeId,
    attempts: [],
    usage,
    cost: estimateCost(context.settings.prices[fresh.model.id], usage),
    flags,
    screening: { ...fresh.screening, modelScreen: source.screening.modelScreen },
    cachedFrom: source.cachedFrom ?? source.gradeId,
    humanChanges: [],
  };
  return storeGrade(context, {
    grade,
    answer: base.answer,
    cacheKey: fresh.cacheKey,
    audit,
    submittedBy: base.submittedBy,
  });
}

async function storeGrade(
  context: GradingContext,
  write: GradeWrite,
  lease?: FlightLease,
): Promise<StoredGrade> {
  if (context.store) return context.store(write, lease);
  await context.grades.insert(write);
  return write.grade;
}
