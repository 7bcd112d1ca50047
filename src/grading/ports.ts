import type { z } from "zod";
import type { AuditRecord, PromptTask, FinishReason, ProviderRetry, TokenUsage } from "./audit.js";
import type { Grade, StoredGrade } from "./grade.js";
import type { Role } from "./access.js";
import type { Rubric } from "./rubric.js";
import type { GroupDecision } from "./answer-groups.js";
import type { Appeal } from "./appeals.js";

/**
 * Ports: what the grading core needs from the outside, declared by the core and as narrow as it can
 * be. Adapters in providers/ and storage/ implement them; runtime.ts wires them together.
 */

export type { FinishReason, PromptTask, ProviderRetry, TokenUsage } from "./audit.js";

export interface ModelCall {
  task: PromptTask;
  /** Values for the template placeholders; the student answer only ever goes in `answer`. */
  variables: Readonly<Record<string, string>>;
  /** The reply must follow this schema; the adapter sends it as a strict JSON schema. */
  replySchema: z.ZodType;
  replySchemaName: string;
  /**
   * Names the reply schema: equal keys always come with equal schemas (rubric id and version, and the
   * criterion for per-criterion calls), so an adapter may build its chain and JSON schema once per key.
   */
  schemaKey: string;
  temperature: number;
  /** Set on the one repair attempt: the unusable reply and what was wrong with it. */
  repair?: { previousReply: string; problems: readonly string[] };
  signal?: AbortSignal;
  /** Whose call it is (default interactive): a batch leaves the provider's capacity to people waiting first. */
  priority?: CallPriority;
  /**
   * Told the usage of an attempt that ends without a reply after the provider had begun to answer (its
   * first streamed chunk came): aborted (`signal`, also with its whole reply just after the abort), timed
   * out, its stream cut or refused on the way, its reply over the limit; `problem` says which. The provider
   * bills it though the attempt fails (and may be retried). The counts the provider reported; where it
   * reported none, an estimate: the input tokens of the prompt sent (the same upper estimate as
   * `estimateInputTokens`, the repair's text included) and the output tokens of the text streamed so far.
   * Not called for an attempt that ended before its first chunk (nothing shows the provider took it up).
   */
  onUnansweredUsage?: (usage: TokenUsage, problem: string) => void;
}

/** A request someone is waiting on (`interactive`) goes before one of a batch job (`batch`). */
export type CallPriority = "interactive" | "batch";

/**
 * The provider's request rate (GRADER_REQUESTS_PER_MINUTE), shared by every process on one database.
 * Batch calls wait until the rate allows a request now; interactive ones may also use a small burst
 * allowance, so a running batch never makes a person wait long.
 */
export interface RequestGate {
  /**
   * Resolves when one more request (of about `tokens` tokens, for a tokens-per-minute limit) may be
   * sent; rejects with the signal's reason when it aborts.
   */
  acquire(priority: CallPriority, signal?: AbortSignal, tokens?: number): Promise<void>;
  /** Nobody sends before `until` (the provider answered 429 and said how long to wait). */
  holdUntil(until: Date): Promise<void>;
}

/** What a request gate's store answers: sent now, or not before `waitMs` from now. */
export type RequestGateTake = { granted: true } | { granted: false; waitMs: number };

/**
 * The shared state of request gates: a generic cell rate algorithm (GCRA) over one number per gate, the
 * earliest time `next` at which the rate allows the next request. Every operation is atomic across the
 * processes sharing the database; a gate's state is created on its first use.
 */
export interface RequestGateStore {
  /**
   * Grants a request when `max(next, nowMs) - nowMs <= toleranceMs` and then sets
   * `next = max(next, nowMs) + intervalMs`; otherwise changes nothing and says how long to wait before
   * asking again. Times are whole milliseconds since the epoch. Rejects with the database's error.
   */
  take(name: string, nowMs: number, intervalMs: number, toleranceMs: number): Promise<RequestGateTake>;
  /** `next = max(next, untilMs)`. Rejects with the database's error. */
  holdUntil(name: string, untilMs: number): Promise<void>;
}

export interface ModelAttempt {
  /** The assistant's text exactly as received, even when malformed or cut off (null when there was none). */
  reply: string | null;
  /** null when the provider said nothing about why it stopped. */
  finishReason: FinishReason | null;
  usage: TokenUsage;
  latencyMs: number;
  /** Provider failures retried inside this call before the reply came (for the audit record). */
  providerRetries?: readonly ProviderRetry[];
}

/**
 * A chat model that answers with structured output.
 * `complete` throws an AppError with a `provider_*` code when the provider fails after its retries,
 * and `internal_error` (never retried) for failures that are not the provider's; it never throws
 * because the reply's content is bad: that is for the core to judge.
 */
export interface GradingModel {
  /** `provider:model`, e.g. `openai:gpt-4o-mini`. */
  readonly id: string;
  /** Parameters that change the output (besides temperature), recorded in the audit and cache key. */
  readonly parameters: Readonly<Record<string, string | number | boolean | null>>;
  /** Content hash of every prompt template file. */
  readonly promptVersion: string;
  complete(call: ModelCall): Promise<ModelAttempt>;
  /**
   * An upper estimate of the input tokens of a call with these variables (templates included), for
   * the per-grade budget: it errs high, never low.
   */
  estimateInputTokens(call: Pick<ModelCall, "task" | "variables">): number;
  /** A cheap check that the provider answers; throws an AppError `provider_*` when it does not. */
  checkReady(signal?: AbortSignal): Promise<void>;
  /** Frees what the model holds (a local model's memory); safe to call twice. */
  close(): Promise<void>;
}

export interface RubricSummary {
  id: string;
  title: string;
  version: string;
  archivedAt: string | null;
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
  /** Which version is current and whether the rubric is archived; undefined when there is no such rubric. */
  state(id: string): Promise<{ currentVersion: string; archivedAt: string | null } | undefined>;
  /** Every stored version, oldest first. */
  versions(id: string): Promise<{ version: string; createdAt: string }[]>;
  /** Archives (a time) or unarchives (null); false when there is no such rubric. */
  setArchived(id: string, archivedAt: string | null): Promise<boolean>;
  /** Deletes the rubric and its versions unless a grade uses it. */
  remove(id: string): Promise<"deleted" | "in_use" | "not_found">;
  /**
   * Inside a transaction that is about to store a grade of this version: holds the lock `remove` takes,
   * shared (so a delete waits for the grade, and then sees it, while grades of one rubric are stored side
   * by side) and answers the rubric's current version while the version still exists (undefined: the
   * rubric was deleted while the answer was graded), so the grade can say whether it is outdated already.
   */
  holdVersion(id: string, version: string): Promise<string | undefined>;
}

export interface GradeWrite {
  grade: StoredGrade;
  /** The API key that submitted it, when it was one of the tenant's stored keys. */
  submittedBy?: string | null;
  /** The answer as submitted, for the teacher; never logged. */
  answer: string;
  cacheKey: string | null;
  audit: AuditRecord;
  /**
   * The daily budget's hold this grade's spend settles (BudgetRun.holdId): the store deletes it in the
   * grade's transaction, so the spend is counted once, whatever the caller is told of the commit; of a hold
   * that lapsed meanwhile, it counts only the calls the lapse did not move to the ledger.
   */
  settlesHold?: string;
}

export interface GradeListFilter {
  status?: Grade["status"];
  rubricId?: string;
  studentId?: string;
  /** Only grades submitted by this API key (what a `service` key may list). */
  submittedBy?: string;
  /** The client's submission id. */
  submissionId?: string;
  /** Needs `rubricId` too. */
  rubricVersion?: string;
  gradedBy?: Grade["gradedBy"];
  groupId?: string;
  /** Keyset lower bound: grades created at or after this grade id (ids sort by creation time). */
  atOrAfter?: string;
  limit: number;
  /** Keyset position: return grades created before this grade id (ids sort by creation time). */
  before?: string;
}

export interface GradeStore {
  insert(write: GradeWrite): Promise<void>;
  /**
   * Records that a grade of this student is being made (`id` names the run), so that an erasure of the
   * student while it runs can mark it: the student id is kept only while the grade runs, and an erasure
   * removes it from the record. A record left by a process that died lapses at `expiresAt`.
   */
  startRun(id: string, studentId: string, expiresAt: string): Promise<void>;
  /**
   * Ends the run's record; false when the student was erased while it ran (the grade must not be
   * stored). In the transaction that stores the grade it serialises with an erasure of the student, so
   * the grade is either seen and erased by it, or refused here. True when no record is left.
   */
  finishRun(id: string, studentId: string): Promise<boolean>;
  /**
   * In the transaction that stores a copy of grade `id` (an identical answer served from the cache):
   * takes the lock an erasure of that grade's student takes, and answers whether the grade still exists
   * (false: its student was erased after it was read, and the copy must not name it or enter the cache).
   */
  holdCacheSource(id: string): Promise<boolean>;
  /**
   * The grade's `version` is the stored one (1 at creation, +1 on every change). Once retention purged
   * the answer, `answer` is empty and `answerPurgedAt` says when (null while the answer is kept).
   */
  findById(id: string): Promise<
    | {
        grade: StoredGrade;
        answer: string;
        audit: AuditRecord;
        submittedBy: string | null;
        answerPurgedAt: string | null;
      }
    | undefined
  >;
  /** The most recent model-made grade for a cache key, to serve resubmissions without a model call. */
  findByCacheKey(cacheKey: string): Promise<{ grade: StoredGrade; audit: AuditRecord } | undefined>;
  /**
   * The newest grade of this submission made from the same answer and settings (`cacheKey`) by the same
   * submitter: a resubmission answers it as it is now, a teacher's change included.
   */
  findSubmissionGrade(query: {
    submissionId: string;
    cacheKey: string;
    submittedBy: string | null;
  }): Promise<StoredGrade | undefined>;
  /**
   * Newest first, any combination of filters; reads `limit` rows through an index whatever the table
   * size (a page never scans or sorts the table).
   */
  list(filter: GradeListFilter): Promise<StoredGrade[]>;
  /**
   * Compare-and-set for human changes: replaces grade and audit only while the stored version is still
   * `expectedVersion`, and stores version `expectedVersion + 1` (whatever `grade.version` says).
   * Returns false, writing nothing, when the grade changed meanwhile or does not exist.
   */
  update(grade: StoredGrade, audit: AuditRecord, expectedVersion: number): Promise<boolean>;
  /** Every member of an answer group with its audit record, oldest first. */
  groupMembers(groupId: string): Promise<{ grade: StoredGrade; audit: AuditRecord }[]>;
  /** How many grades each answer group has (any status); groups without grades are absent. */
  groupSizes(groupIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * A page of the review queue: grades needing review, one entry per review group (an answer group, or
   * a grade that stands alone: see answer-groups.ts `reviewGroupOf`), ordered by their oldest pending
   * grade; `after` is the keyset position (that oldest grade's id).
   */
  reviewQueue(filter: ReviewQueueFilter): Promise<ReviewQueueRow[]>;
}

export interface ReviewQueueFilter {
  rubricId?: string;
  after?: string;
  limit: number;
}

export interface ReviewQueueRow {
  /** The answer group's id, or the grade's own id when it stands alone. */
  reviewGroup: string;
  /** The oldest grade of the entry that needs review. */
  firstGradeId: string;
  /** How many of its grades need review. */
  pending: number;
}

/** Teachers' decisions on answer groups. */
export interface GroupDecisionStore {
  find(groupId: string): Promise<GroupDecision | undefined>;
  /** Stores the group's decision, replacing an earlier one. */
  save(decision: GroupDecision): Promise<void>;
}

export interface AppealStore {
  /**
   * Stores a new appeal; false (nothing stored) when it is open and its grade's criterion has an open
   * appeal already: the database keeps one open appeal per criterion, even against two inserts at once.
   */
  insert(appeal: Appeal): Promise<boolean>;
  find(id: string): Promise<Appeal | undefined>;
  /** A grade's appeals, oldest first. */
  listForGrade(gradeId: string): Promise<Appeal[]>;
  /** Open appeals of these grades. */
  openFor(gradeIds: readonly string[]): Promise<Appeal[]>;
  update(appeal: Appeal): Promise<void>;
}

/**
 * A lease: whoever holds it (`holder`, unique per attempt) may do the work until `expiresAt`, and must
 * renew it before then to keep it. A holder whose process dies stops renewing, so the lease lapses.
 */
export interface LeaseTerms {
  holder: string;
  now: Date;
  expiresAt: Date;
}

export type IdempotencyClaim =
  | { state: "claimed" }
  | { state: "in_progress"; requestHash: string; leaseExpiresAt: Date }
  | { state: "completed"; requestHash: string; gradeId: string };

export interface IdempotencyStore {
  /**
   * Atomically claims `key` for a request under a lease, or reports who holds it. An `in_progress`
   * claim whose lease expired (its request died) is taken over by a request with the same hash; one
   * with another hash is reported, never taken.
   */
  claim(key: string, requestHash: string, lease: LeaseTerms): Promise<IdempotencyClaim>;
  /**
   * What `key` says now, without claiming it or writing anything: undefined when it is free. An
   * `in_progress` claim made before leases existed reads as expired (`leaseExpiresAt` at 0).
   */
  find(key: string): Promise<Exclude<IdempotencyClaim, { state: "claimed" }> | undefined>;
  /** Extends the lease while `holder` still holds the claim; false when it lost it (or it is gone). */
  renew(key: string, holder: string, expiresAt: Date): Promise<boolean>;
  /**
   * Marks the claim completed with its grade, only while `holder` holds it: false (nothing written)
   * when another request took it over after this one's lease lapsed.
   */
  complete(key: string, holder: string, gradeId: string): Promise<boolean>;
  /** Frees `holder`'s claim after its request failed, so the client can retry with the same key. */
  release(key: string, holder: string): Promise<void>;
  /**
   * Claims again, under `lease`, a key completed with `gradeId` whose grade is gone (erased or purged
   * after the key was read), so that the request grading the answer again holds the key as a first one
   * does. False when the key no longer says so: another request re-claimed it first, or it was deleted
   * (claim it from the start).
   */
  reclaim(key: string, gradeId: string, lease: LeaseTerms): Promise<boolean>;
}

/** Named leases: who may do a piece of work (grading one cache key) that many processes could start. */
export interface LeaseStore {
  /**
   * Takes the lease named `name` when nobody holds it or its lease expired (by `lease.now`).
   * Returns whether `lease.holder` holds it now.
   */
  acquire(name: string, lease: LeaseTerms): Promise<boolean>;
  /** Extends `holder`'s lease; false when it lost it. */
  renew(name: string, holder: string, expiresAt: Date): Promise<boolean>;
  /** Gives the lease up; nothing happens when `holder` no longer holds it. */
  release(name: string, holder: string): Promise<void>;
}

/** The stores, bound to one transaction. */
export interface TransactionStores {
  rubrics: RubricStore;
  grades: GradeStore;
  idempotency: IdempotencyStore;
  groupDecisions: GroupDecisionStore;
  appeals: AppealStore;
  /**
   * Not a tenant's own: lease names are global (a cache flight's lease is named by its cache key, which
   * holds the tenant).
   */
  leases: LeaseStore;
}

/** The stores of one tenant (a school): every read and write is confined to it. */
export interface TenantStores extends TransactionStores, Transactions {}

export interface TenantRecord {
  id: string;
  name: string;
  createdAt: string;
}

export interface TenantStore {
  /** False when the id is taken. */
  create(tenant: TenantRecord): Promise<boolean>;
  find(id: string): Promise<TenantRecord | undefined>;
  list(): Promise<TenantRecord[]>;
}

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  role: Role;
  name: string;
  /** Hex SHA-256 of the key; the key itself is never stored. */
  keyHash: string;
  /** The first characters of the key, to tell keys apart. */
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface ApiKeyStore {
  insert(key: ApiKeyRecord): Promise<void>;
  /** The key with this hash, revoked or not. */
  findByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  list(tenantId: string): Promise<ApiKeyRecord[]>;
  /** Marks the tenant's key revoked; false when it has no such key (or it was already revoked). */
  revoke(tenantId: string, id: string, at: string): Promise<boolean>;
}

/** Makes multi-step writes atomic. */
export interface Transactions {
  /**
   * Runs `work` in one transaction: commits when it resolves, rolls back and rethrows when it throws.
   * `work` must use only the stores it is given (on SQLite the others wait for the transaction to end,
   * so using them would deadlock) and must not wait for anything slow, such as a model call: the
   * transaction holds the database's write lock. Throws what `work` throws, or the database's error.
   */
  transaction<T>(work: (stores: TransactionStores) => Promise<T>): Promise<T>;
}

// Answer analysis. Kept as one block at the end of the file (its own import included) so that it merges
// cleanly with other changes to the ports.
import type { AnswerAnalysis, PreparedAnswer } from "./integrity/index.js";

export type { PreparedAnswer };

/** Strips, folds and screens answers; may run the work off the main thread. */
export interface AnswerAnalyser {
  /**
   * `analyseAnswer(answer)`, possibly on a worker thread. Rejects only when the analyser cannot run the work
   * (closed, overloaded, a worker lost twice); never because of what the answer contains.
   */
  analyse(answer: string): Promise<AnswerAnalysis>;
  /**
   * `analyse`, except that the screen may be left for the caller to run, on its own thread, when it asks
   * for the findings: grading sends the model its request first and screens while the reply is on its way
   * (`screenPending` says whether asking will run it). Same rejections as `analyse`. Analysers without it
   * are used through `analyse`.
   */
  prepare?(answer: string): Promise<PreparedAnswer>;
  /** Stops worker threads; safe to call twice. */
  close(): Promise<void>;
}
