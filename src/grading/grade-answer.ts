import type { Clock } from "../lib/clock.js";
import { canonicalJson, sha256Hex } from "../lib/hashing.js";
import type { AuditRecord, ModelResult, ScreeningRecord } from "./audit.js";
import { estimateCost, sumUsage, type ModelPrice } from "./cost.js";
import { AppError } from "./errors.js";
import {
  flagCodesOf,
  statusFor,
  totalOf,
  type CriterionResult,
  type Flag,
  type StoredGrade,
} from "./grade.js";
import type { RemovedCharacterSummary } from "./integrity/index.js";
import { runModel, type RunOptions } from "./model-run.js";
import type { AnswerAnalyser, GradeStore, GradingModel } from "./ports.js";
import { rubricMaxPoints, type Rubric } from "./rubric.js";

export interface GradingSettings {
  /** Samples per answer when neither the rubric nor the request sets them. */
  defaultSamples: number;
  /** Temperature for a single sample. */
  temperature: number;
  /** Temperature when several samples are drawn (they must be able to disagree). */
  sampleTemperature: number;
  /** Answers longer than this are refused before any model call. */
  maxAnswerChars: number;
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
  newId: (prefix: string) => string;
  /** Unguessable random text (at least 128 bits) for boundaries and canaries. */
  randomToken: () => string;
  settings: GradingSettings;
}

export interface GradeRequest {
  rubric: Rubric;
  answer: string;
  studentId: string | null;
  /** Overrides the rubric's and the default number of samples. */
  samples?: number;
}

/**
 * Version of the cache-key recipe: bump it when grading logic changes what a cached grade would be.
 * 2: the key hashes the text the model sees (as written), no longer the NFKC-folded text.
 */
const cacheKeyRecipe = 2;

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
 * then nothing is stored.
 */
export async function gradeAnswer(context: GradingContext, request: GradeRequest): Promise<StoredGrade> {
  const { rubric, answer } = request;
  const { settings } = context;
  if (answer.length > settings.maxAnswerChars) {
    throw new AppError("answer_too_long", {
      message: `answer is ${answer.length} characters long; the limit is ${settings.maxAnswerChars}.`,
      details: [{ path: "answer", message: `must be at most ${settings.maxAnswerChars} characters` }],
    });
  }
  const startedAt = context.clock.now();
  const gradeId = context.newId("grd");
  const { text, removed, findings } = await context.analyser.analyse(answer);
  const base = {
    gradeId,
    rubric,
    answer,
    studentId: request.studentId,
    createdAt: startedAt.toISOString(),
  };

  if (text.length === 0) return storeBlankGrade(context, base, removed);

  const model = context.model;
  if (!model) throw new AppError("provider_not_configured");

  const options = resolveOptions(rubric, request, settings);
  const screening: ScreeningRecord = {
    findings: findings.map(({ technique, reason, excerpt }) => ({ technique, reason, excerpt })),
    removedCharacters: removed.map(({ category, count }) => ({ kind: category, count })),
    modelScreen: null,
  };
  const screeningFlags: Flag[] =
    findings.length > 0
      ? [
          {
            code: "injection_suspected",
            requiresReview: true,
            origin: "answer-screen",
            reason: `The answer seems to address the grader (${[...new Set(findings.map((finding) => finding.technique))].join(", ")}): ${findings[0]!.reason}`,
          },
        ]
      : [];

  const cacheKey = sha256Hex(
    canonicalJson({
      recipe: cacheKeyRecipe,
      rubricVersion: rubric.version,
      promptVersion: model.promptVersion,
      model: model.id,
      parameters: model.parameters,
      options,
      // Exactly the text the model sees (it is defanged deterministically from this): answers that differ
      // in any visible character, spacing included, are different answers.
      answer: text,
    }),
  );
  const cached = await context.grades.findByCacheKey(cacheKey);
  if (cached) {
    return storeCachedCopy(context, base, cached, { cacheKey, screening, screeningFlags, model });
  }

  const run = await runModel(
    {
      clock: context.clock,
      randomToken: context.randomToken,
      maxConcurrentCalls: settings.maxConcurrentCalls,
    },
    model,
    rubric,
    text,
    options,
  );
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
    cost: estimateCost(settings.prices[model.id], usage),
    flags,
    screening,
    cachedFrom: null,
    modelResult,
    humanChanges: [],
  };
  // An unusable reply may be a passing fault: only usable results are served to resubmissions.
  const reusable = !flags.some((flag) => flag.code === "output_invalid");
  await context.grades.insert({ grade, answer, cacheKey: reusable ? cacheKey : null, audit });
  return grade;
}

function resolveOptions(rubric: Rubric, request: GradeRequest, settings: GradingSettings): RunOptions {
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
    status: statusFor(parts.flags),
    flags: flagCodesOf(parts.flags),
    ...parts.result,
    maxPoints: rubricMaxPoints(base.rubric),
    gradedBy: parts.gradedBy,
    model: parts.model,
    usage: parts.usage,
    cached: parts.cached,
    createdAt: base.createdAt,
    updatedAt: base.createdAt,
  };
}

interface GradeBase {
  gradeId: string;
  rubric: Rubric;
  answer: string;
  studentId: string | null;
  createdAt: string;
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
  await context.grades.insert({ grade, answer: base.answer, cacheKey: null, audit });
  return grade;
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
  await context.grades.insert({ grade, answer: base.answer, cacheKey: fresh.cacheKey, audit });
  return grade;
}
