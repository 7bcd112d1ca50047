import type { z } from "zod";
import type { Grade, StoredGrade } from "./grade.js";
import type { AuditRecord } from "./audit.js";
import type { Rubric } from "./rubric.js";

/**
 * Ports: what the grading core needs from the outside, declared by the core and as narrow as it can
 * be. Adapters in providers/ and storage/ implement them; app.ts wires them together.
 */

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** The prompt templates the model adapter knows, each a pair of files in prompts/. */
export type PromptTask = "grade-all-criteria" | "grade-one-criterion" | "screen-injection";

export interface ModelCall {
  task: PromptTask;
  /** Values for the template placeholders; the student answer only ever goes in `answer`. */
  variables: Readonly<Record<string, string>>;
  /** The reply must follow this schema; the adapter sends it as a strict JSON schema. */
  replySchema: z.ZodType;
  replySchemaName: string;
  temperature: number;
  /** Set on the one repair attempt: the unusable reply and what was wrong with it. */
  repair?: { previousReply: string; problems: readonly string[] };
  signal?: AbortSignal;
}

export interface ModelAttempt {
  /** The assistant's text exactly as received (null when the provider sent none). */
  reply: string | null;
  finishReason: string | null;
  usage: TokenUsage;
  latencyMs: number;
}

/**
 * A chat model that answers with structured output.
 * `complete` throws an AppError with a `provider_*` code when the provider fails after its retries;
 * it never throws because the reply's content is bad: that is for the core to judge.
 */
export interface GradingModel {
  /** `provider:model`, e.g. `openai:gpt-4o-mini`. */
  readonly id: string;
  /** Parameters that change the output (besides temperature), recorded in the audit and cache key. */
  readonly parameters: Readonly<Record<string, string | number | boolean | null>>;
  /** Content hash of every prompt template file. */
  readonly promptVersion: string;
  complete(call: ModelCall): Promise<ModelAttempt>;
}

export interface RubricSummary {
  id: string;
  title: string;
  version: string;
  language: string;
  criteriaCount: number;
  maxPoints: number;
  createdAt: string;
  updatedAt: string;
}

export interface StoredRubric {
  rubric: Rubric;
  createdAt: string;
}

export interface RubricStore {
  /**
   * Stores a version and makes it the rubric's current one.
   * `change` is "created" for a new id, "new_version" for changed content, "unchanged" when the content
   * equals the current version (nothing is written then).
   */
  save(rubric: Rubric, now: Date): Promise<{ change: "created" | "new_version" | "unchanged" }>;
  findCurrent(id: string): Promise<StoredRubric | undefined>;
  findVersion(id: string, version: string): Promise<StoredRubric | undefined>;
  /** Current version of each rubric, by id. */
  currentVersions(ids: readonly string[]): Promise<Map<string, string>>;
  list(): Promise<RubricSummary[]>;
}

export interface GradeWrite {
  grade: StoredGrade;
  /** The answer as submitted, for the teacher; never logged. */
  answer: string;
  cacheKey: string | null;
  audit: AuditRecord;
}

export interface GradeListFilter {
  status?: Grade["status"];
  rubricId?: string;
  limit: number;
  /** Return grades created before this grade id (ids sort by creation time). */
  before?: string;
}

export interface GradeStore {
  insert(write: GradeWrite): Promise<void>;
  findById(id: string): Promise<{ grade: StoredGrade; answer: string; audit: AuditRecord } | undefined>;
  /** The most recent model-made grade for a cache key, to serve resubmissions without a model call. */
  findByCacheKey(cacheKey: string): Promise<{ grade: StoredGrade; audit: AuditRecord } | undefined>;
  list(filter: GradeListFilter): Promise<StoredGrade[]>;
  /** Replaces grade and audit of an existing grade (human changes). */
  update(grade: StoredGrade, audit: AuditRecord): Promise<void>;
}

export type IdempotencyClaim =
  | { state: "claimed" }
  | { state: "in_progress"; requestHash: string }
  | { state: "completed"; requestHash: string; gradeId: string };

export interface IdempotencyStore {
  /** Atomically claims `key` for a request, or reports who holds it. */
  claim(key: string, requestHash: string, now: Date): Promise<IdempotencyClaim>;
  complete(key: string, gradeId: string): Promise<void>;
  /** Frees a claim whose request failed, so the client can retry with the same key. */
  release(key: string): Promise<void>;
}

// Answer analysis. Kept as one block at the end of the file (its own import included) so that it merges
// cleanly with other changes to the ports.
import type { AnswerAnalysis } from "./integrity/index.js";

/** Strips, folds and screens answers; may run the work off the main thread. */
export interface AnswerAnalyser {
  /**
   * `analyseAnswer(answer)`, possibly on a worker thread. Rejects only when the analyser cannot run the work
   * (closed, overloaded, a worker lost twice); never because of what the answer contains.
   */
  analyse(answer: string): Promise<AnswerAnalysis>;
  /** Stops worker threads; safe to call twice. */
  close(): Promise<void>;
}
