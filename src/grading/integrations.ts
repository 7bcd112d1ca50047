import { z } from "zod";
import type { Grade, GradeStatus, StoredGrade } from "./grade.js";
import { clientIdSchema, foreignIdentifierSchema, verbatimClientIdSchema } from "./client-ids.js";
import { wholeNumber } from "../lib/whole-number.js";

/**
 * LMS integrations (issue 9): a school's system tells the service that a student submitted, the service
 * grades the answer on the job queue, and the grade goes back through one outbox.
 *
 * - An integration has a type (`webhook` now; `canvas`, `moodle`, `lti` fit the same record later), a
 *   rubric mapping (assignment id → rubric and optional pinned version, and/or a default rubric),
 *   `holdForReview`, a callback URL, sealed credentials and a `whsec_…` signing secret (sealed, never
 *   shown again; a rotation keeps the previous one valid until `previousSecretExpiresAt`).
 * - A submission (one attempt of one LMS submission) is recorded in the same transaction as the
 *   message id of the event that announced it, so a duplicate message or a duplicate attempt is
 *   recognised; it is then handed to the job queue by the integration runner under a job id fixed
 *   before the job exists (so a crash between the two never grades it twice).
 * - A grade becomes releasable when it is `graded` (or at once, with `holdForReview: false`); each
 *   version of it is released at most once: the outbox row and the submission's `releasedVersion` are
 *   written in one transaction, and the outbox is unique on (grade, version).
 */

export const integrationTypes = ["webhook", "canvas", "moodle", "lti"] as const;
export type IntegrationType = (typeof integrationTypes)[number];

export const rubricMappingSchema = z.object({
  rubricId: z.string().min(1).max(200),
  rubricVersion: z
    .string()
    .min(1)
    .max(100)
    .nullable()
    .default(null)
    .describe("Pins a version; null grades with the rubric's current version when the event arrives."),
  courseId: z
    // Shown back in the integration and sent in Canvas's URLs: held to the id rule (no controls, bidi
    // controls or invisible format characters), as the assignment ids beside it are.
    .union([
      z.string().trim().pipe(foreignIdentifierSchema(200)),
      z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    ])
    .transform(String)
    .optional()
    .describe(
      "Canvas: the course the assignment is in (the submissions API needs it; events rarely carry it).",
    ),
  lineItemUrl: z
    .string()
    .max(2000)
    .url()
    .optional()
    .describe(
      "LTI: the assignment's AGS line item URL (from a launch's AGS claim); scores go to `{lineItemUrl}/scores`.",
    ),
});
export type RubricMapping = z.infer<typeof rubricMappingSchema>;

/** An integration as clients see it: never a secret or a credential. */
export interface Integration {
  id: string;
  tenantId: string;
  type: IntegrationType;
  name: string;
  enabled: boolean;
  /** Assignment id (the LMS's, as a string) → rubric. */
  assignments: Record<string, RubricMapping>;
  /** For events whose assignment is not mapped (or that name no assignment). */
  defaultRubric: RubricMapping | null;
  /** true: grades that need review are sent only once a teacher made them `graded`. */
  holdForReview: boolean;
  /** Where `grade.completed` callbacks go (https); null sends none. */
  callbackUrl: string | null;
  /** Whether LMS credentials are stored (they are never returned). */
  hasCredentials: boolean;
  /** Canvas and Moodle: where the LMS is (not secret); null for `webhook`. */
  lms: LmsSettings | null;
  /** Until when the secret before the last rotation is still accepted (and signed with); null if none. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The stored record: the client view plus sealed secrets (see lib/secret-box.ts). */
export interface StoredIntegration extends Integration {
  sealedSecret: string;
  sealedPreviousSecret: string | null;
  sealedCredentials: string | null;
}

/** Where a Canvas or Moodle integration's LMS is; the tokens are sealed credentials. */
export interface LmsSettings {
  /** Canvas: the root (`https://school.instructure.com`); Moodle: the site, with its path. */
  url: string;
  /** Canvas: Live Events signed as JWTs, checked against this key set; unset: plain JSON events. */
  liveEvents?: { jwksUrl: string; issuer?: string | undefined; audience?: string | undefined } | undefined;
  /** Canvas, plain Live Events: refuse events without the inbound URL's token (`liveEventsUrl`). */
  requireToken?: boolean | undefined;
  /** LTI: `url` is the platform's token URL; the tool's client id and the `kid` of its key. */
  clientId?: string | undefined;
  keyId?: string | undefined;
}

/** The sealed credentials of each LMS type. */
export interface LmsCredentials {
  /** Canvas API token; Moodle web service token. */
  token: string;
  /** Moodle: the `local_webhooks` shared token, sent in each event's body. */
  webhookToken?: string;
  /** LTI: the tool's private key (PKCS#8 PEM) that signs the client assertion. */
  privateKey?: string;
}

/** Where an LMS submission is, so its text can be fetched and its grade sent back. */
export type LmsReference =
  | { kind: "canvas"; courseId: string; assignmentId: string; userId: string }
  | {
      kind: "moodle";
      /** What events carry (`contextinstanceid`) and the mapping is keyed by. */
      courseModuleId: string;
      /** The assignment instance id (`mod_assign_*` take it); null until resolved. */
      assignmentId: string | null;
      userId: string;
    }
  | { kind: "lti"; lineItemUrl: string; userId: string };

/** A Canvas or Moodle event read and checked by the LMS adapter (the `LmsEventReader` port). */
export type LmsEvent =
  | { kind: "ignored"; eventName: string }
  | {
      kind: "submission";
      /** Dedupes redeliveries of the same event (stored like a `webhook-id`). */
      messageId: string;
      /**
       * Unix seconds the LMS dated the event, when its `messageId` is all that tells a replay from a new
       * event (Moodle: a hash of the post): refused once older than the ids are remembered. null for Canvas,
       * whose redeliveries are duplicates by submission and attempt, stored as long as the submission.
       */
      datedAt: number | null;
      externalId: string;
      attempt: number | null;
      studentId: string;
      /** The key of the assignment mapping: Canvas assignment id, Moodle course module id. */
      assignmentId: string;
      /**
       * Canvas: the assignment's id on its shard when `assignmentId` is a global id, as Canvas's pages
       * show it: a mapping keyed by it finds the event too. null otherwise.
       */
      assignmentLocalId?: string | null;
      /** Canvas: the event's course id, when it has one. */
      courseId: string | null;
      reference: LmsReference;
    };

/**
 * Reads an inbound Canvas or Moodle event: checks it (Canvas JWT, Moodle shared token; throws
 * `invalid_signature`) and parses it (throws `invalid_request`). Implemented in integrations/.
 * The body is a Uint8Array (a Buffer is one) so that the core names no Node type: the teacher page's
 * typecheck, which has no Node types, reads this module through src/http/api-types.ts.
 */
export type LmsEventReader = (
  integration: { type: "canvas" | "moodle"; lms: LmsSettings | null; credentials: LmsCredentials },
  body: Uint8Array,
) => Promise<LmsEvent>;

/**
 * `fetching`: a Canvas or Moodle event was recorded; the runner fetches its text from the LMS (retried
 * with backoff) and makes it `received`, `unchanged` or `failed`.
 * `received`: recorded, waiting for the runner to hand it to the job queue. `queued`: in a job (its
 * grade's state is the job item's). `unchanged`: a new attempt with the same answer as the attempt
 * before: not graded again (`sameAs` names that one). `failed`: could not be queued (the rubric was
 * archived since, say); `error` says why.
 */
export const submissionStates = ["fetching", "received", "queued", "unchanged", "failed"] as const;
export type SubmissionState = (typeof submissionStates)[number];

export interface NewSubmission {
  id: string;
  integrationId: string;
  externalId: string;
  /** null: the event named none (the next attempt is numbered by the store). */
  attempt: number | null;
  studentId: string;
  assignmentId: string | null;
  rubricId: string;
  rubricVersion: string;
  answer: string;
  answerHash: string;
  /** Canvas and Moodle: the answer is not known yet; it is fetched from here (state `fetching`). */
  fetchFrom?: LmsReference;
  /** LTI: where the grade goes (the answer came with the event). */
  reference?: LmsReference;
}

export interface Submission {
  id: string;
  tenantId: string;
  integrationId: string;
  /** The LMS's submission id. */
  externalId: string;
  attempt: number;
  studentId: string | null;
  assignmentId: string | null;
  rubricId: string;
  rubricVersion: string;
  state: SubmissionState;
  sameAs: string | null;
  jobId: string | null;
  jobSeq: number | null;
  /** The last grade version put in the outbox; null before the first release. */
  releasedVersion: number | null;
  /** Canvas and Moodle: where the submission is in the LMS. */
  lmsReference: LmsReference | null;
  error: string | null;
  receivedAt: string;
  updatedAt: string;
}

/** Where a submission stands, as `GET /v1/submissions` shows and filters it. */
export const submissionStatuses = [
  "fetching",
  "received",
  "held",
  "queued",
  "grading",
  "graded",
  "needs_review",
  "failed",
  "unchanged",
  "cancelled",
] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];

/** Passback filters: the latest delivery's status, or `held` (waiting for a teacher's review). */
export const passbackFilterStatuses = [
  "held",
  "pending",
  "delivering",
  "delivered",
  "dead",
  "superseded",
] as const;

export interface SubmissionListFilter {
  integrationId?: string;
  status?: SubmissionStatus;
  passbackStatus?: (typeof passbackFilterStatuses)[number];
  /**
   * true: only submissions whose latest delivered passback the LMS kept another score for; false: the
   * others (a later grade delivered with its score kept as sent clears an earlier mismatch).
   */
  scoreMismatch?: boolean;
  studentId?: string;
  /** Keyset: only submissions with a smaller id (older). */
  before?: string;
  limit: number;
}

/** A listed submission: its row, its job item's state, its grade's id and status, its latest delivery's status. */
export interface ListedSubmission {
  submission: Submission;
  itemState: string | null;
  itemError: string | null;
  gradeId: string | null;
  gradeStatus: GradeStatus | null;
  latestDeliveryStatus: DeliveryStatus | null;
}

/** What recording an event did. */
export type RecordedEvent =
  | { outcome: "accepted"; submission: Submission }
  | { outcome: "duplicate_message" | "duplicate_submission" | "unchanged"; submission: Submission | null };

/**
 * `pending`: waiting for its (next) attempt. `delivering`: being sent under a lease. `delivered`: the
 * receiver took it. `dead`: given up after its attempts, or refused for good: it waits for someone to fix the
 * cause and retry it by hand. `superseded`: a later grade for the same place (a newer version of the grade,
 * or the grade of a later attempt of the same LMS submission) was released before this one was sent, or
 * after it was given up; it is never sent nor retried, and nothing is to be done about it (the later grade
 * is what the LMS gets).
 */
export const deliveryStatuses = ["pending", "delivering", "delivered", "dead", "superseded"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * How many of an integration's deliveries are in each state (every state present, 0 when none), and how
 * many submissions Canvas last answered keeping another score than the one sent (`scoreMismatch`: their
 * latest delivered passback has one; counted in `delivered` too).
 */
export type DeliveryCounts = Record<DeliveryStatus, number> & { scoreMismatch: number };

/** Counts with every state at 0. */
export function noDeliveries(): DeliveryCounts {
  return {
    ...(Object.fromEntries(deliveryStatuses.map((status) => [status, 0])) as Record<DeliveryStatus, number>),
    scoreMismatch: 0,
  };
}

/** How an attempt ended; `superseded` is the line written when a later grade replaced it (no request). */
export const deliveryAttemptOutcomes = ["delivered", "retry", "dead", "superseded"] as const;

export interface DeliveryAttempt {
  at: string;
  /** The receiver's HTTP status; null when none came (network error, timeout, refused URL). */
  httpStatus: number | null;
  /** Before the `superseded` state existed (migration 0021), a superseded delivery's line said `dead`. */
  outcome: (typeof deliveryAttemptOutcomes)[number];
  error: string | null;
  durationMs: number;
}

/**
 * A passback the LMS took (it is `delivered`) but whose answer shows a score other than the one sent:
 * Canvas's late or missing policy deducted points, its grading type turned the points into something
 * else (pass/fail, a rounded value), or its assignment's points possible differ from the rubric's maximum
 * (a percentage grade that is not points/maxPoints). Sending again would change nothing: a teacher or admin
 * looks at the assignment in the LMS. No student text: numbers, and the LMS's grade string.
 */
export interface ScoreMismatch {
  /** What was sent: the grade's total points, out of the rubric's maximum. */
  sent: { points: number; maxPoints: number | null };
  /** What the LMS answered it kept: its `score` and `grade` (as it shows it), and points it deducted. */
  kept: { score: number | null; grade: string | null; pointsDeducted: number | null };
  /** Why it differs, in one line. */
  reason: string;
}

/** One message in the outbox: a grade version for one target. */
export interface Delivery {
  id: string;
  tenantId: string;
  integrationId: string;
  submissionId: string;
  gradeId: string;
  gradeVersion: number;
  /** Sent as `webhook-id`: `${gradeId}.v${gradeVersion}`, the same on every retry. */
  messageId: string;
  /** `webhook`: a signed callback to `url`; `canvas`, `moodle`: grade passback to the LMS at `url`. */
  target: DeliveryTarget;
  status: DeliveryStatus;
  attempts: number;
  /** Pending: when it may be tried. Delivering: when its lease expires. */
  nextAttemptAt: string | null;
  lastError: string | null;
  history: DeliveryAttempt[];
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
  /** Delivered, but the LMS answered it kept another score (Canvas); null otherwise. */
  scoreMismatch: ScoreMismatch | null;
}

export interface DeliveryTarget {
  kind: "webhook" | "canvas" | "moodle" | "lti";
  url: string;
}

/** A leased delivery: everything needed to send it. */
export interface ClaimedDelivery extends Delivery {
  payload: string;
  holder: string;
}

export type DeliveryOutcome =
  | { kind: "delivered"; httpStatus: number; scoreMismatch?: ScoreMismatch }
  | { kind: "retry"; at: Date; httpStatus: number | null; error: string }
  | { kind: "dead"; httpStatus: number | null; error: string };

/** A delivery or a fetch that is due: its id and when. */
export interface DueWork {
  id: string;
  at: Date;
}

/** Work of the outbox handed to a distributed queue: a delivery to send or a submission to fetch. */
export interface OutboxWork {
  kind: "delivery" | "fetch";
  id: string;
  /** When it is due (earlier is at once). */
  at: Date;
}

/**
 * The outbox on a distributed queue (BullMQ, when the jobs run there; jobs/bullmq-outbox.ts): messages
 * only say which row to look at; the SQL rows decide (leases, attempts, state), so a message delivered
 * twice, late or after its row is done does no harm. Without one, runners claim rows from SQL directly.
 */
export interface OutboxWorkQueue {
  /** Hands work to the queue; adding what is already waiting there is harmless. */
  add(work: readonly OutboxWork[]): Promise<void>;
  /**
   * Starts taking work in this process: `handle` does it and says when the message should come back
   * (a retry, a row not due yet), or undefined when the work is done.
   */
  start(handle: (work: Pick<OutboxWork, "kind" | "id">) => Promise<Date | undefined>): void;
  /** Stops taking work, waits up to `graceMs` for work in progress, and closes the connections. */
  stop(graceMs: number): Promise<void>;
}

/** A grade that may be released now, with what its release needs. */
export interface ReleasableGrade {
  submission: Submission;
  grade: StoredGrade;
  target: DeliveryTarget;
}

/** What trying a failed submission again did: fetch its text again, or queue it again. */
export type FailedSubmissionRetry = "fetch" | "dispatch";

/** A tenant's integrations, submissions and deliveries (the service's side). */
export interface IntegrationStore {
  create(integration: StoredIntegration): Promise<void>;
  find(id: string): Promise<StoredIntegration | undefined>;
  list(): Promise<StoredIntegration[]>;
  /**
   * Replaces the record; false when it no longer exists, or (with `expected`, the record the change was
   * made from) when it no longer is as `expected`: another change was written since it was read.
   */
  update(integration: StoredIntegration, expected?: StoredIntegration): Promise<boolean>;
  /** Deletes it with its message ids, submissions and deliveries (grades stay). False when unknown. */
  delete(id: string): Promise<boolean>;
  findSubmission(id: string): Promise<
    | {
        submission: Submission;
        grade: StoredGrade | null;
        /** The job item's state when queued (`queued`, `running`, `graded`, `needs_review`, `failed`…). */
        itemState: string | null;
        itemError: string | null;
        deliveries: Delivery[];
      }
    | undefined
  >;
  /**
   * Tries a `failed` submission again, in one step, and says which kind it was:
   * - `fetch`: a Canvas or Moodle submission whose text could not be fetched goes back to `fetching`
   *   with fresh attempts;
   * - `dispatch`: one that had its text but could not be queued (its rubric was archived or deleted
   *   meanwhile) goes back to `received`, to be queued in a new job.
   * null when it is neither (unknown, not failed, or its student's data was erased).
   */
  retryFailedSubmission(submissionId: string, now: Date): Promise<FailedSubmissionRetry | null>;
  /** Newest first, after `before` (a submission id), at most `limit` (+1 to tell whether more follow). */
  listSubmissions(filter: SubmissionListFilter): Promise<ListedSubmission[]>;
  /**
   * How many deliveries each of these integrations (of this tenant) has in each state; an integration with
   * none, or unknown, is left out (`noDeliveries()` stands for it). Counted in one query, without reading
   * the deliveries themselves.
   */
  deliveryCounts(integrationIds: readonly string[]): Promise<Map<string, DeliveryCounts>>;
  /**
   * Puts the submission's dead delivery back in the queue with fresh attempts, unless a newer version of
   * its grade, or (Canvas, Moodle, LTI) a grade of a later attempt of its LMS submission, was released (an
   * older one sent again would put its points back). Returns how many.
   */
  requeueDead(submissionId: string, now: Date): Promise<number>;
}

/** The inbox and the runner's side, across tenants (an inbound URL names an integration, not a tenant). */
export interface IntegrationQueueStore {
  findIntegration(id: string): Promise<StoredIntegration | undefined>;
  /**
   * In one transaction: records the message id (a second time: `duplicate_message`), then the
   * submission unless that attempt exists (`duplicate_submission`) or repeats the answer of the attempt
   * before (`unchanged`, stored so for an explicit attempt number).
   */
  recordEvent(event: {
    tenantId: string;
    messageId: string;
    submission: NewSubmission;
    now: Date;
  }): Promise<RecordedEvent>;
  /**
   * Leases up to `limit` received submissions (or ones whose dispatcher died), assigning each a job id
   * and position shared by submissions of the same integration and rubric version. Answers included.
   */
  claimReceived(options: {
    holder: string;
    limit: number;
    now: Date;
    leaseUntil: Date;
    newJobId: () => string;
  }): Promise<(Submission & { answer: string })[]>;
  /** The job exists: the submissions become `queued` and lose their answer (the job item has it). */
  markQueued(jobId: string, holder: string, now: Date): Promise<void>;
  markFailed(jobId: string, holder: string, error: string, now: Date): Promise<void>;
  /** Grades changed since `since` whose submission's released version is older and that may be released. */
  releasable(since: Date, limit: number): Promise<ReleasableGrade[]>;
  /**
   * When any integration was last created or changed, by any process (undefined: there is none). A change
   * may let grades go out that no scan of recently changed grades finds (holdForReview turned off).
   */
  lastIntegrationChange(): Promise<string | undefined>;
  /**
   * Puts one grade version in the outbox and marks the submission released up to it, atomically;
   * nothing happens when that version (or a newer) was released already.
   */
  release(
    delivery: Omit<
      Delivery,
      "status" | "attempts" | "lastError" | "history" | "updatedAt" | "deliveredAt" | "scoreMismatch"
    > & { payload: string },
  ): Promise<boolean>;
  /**
   * Leases due deliveries. One still `delivering` whose lease ran out was abandoned by a process that died
   * while sending it: that counts as an attempt (recorded in its history), and one abandoned at its
   * `maxAttempts`-th attempt is dead instead of sent again, so a message that brings its sender down
   * every time is not retried forever. A submission's grade versions go out in order, and a Canvas,
   * Moodle or LTI passback's also after the grades of earlier attempts of the same LMS submission (the
   * LMS keeps one grade for them all): one a later grade was released after ends `superseded`
   * instead of being sent, and one whose earlier grade is being sent waits for it.
   */
  claimDeliveries(options: {
    holder: string;
    limit: number;
    now: Date;
    leaseUntil: Date;
    maxAttempts: number;
  }): Promise<ClaimedDelivery[]>;
  renewDeliveries(ids: readonly string[], holder: string, leaseUntil: Date): Promise<void>;
  /**
   * Extends the leases of the received submissions of these jobs that `holder` claimed to queue them
   * (`claimReceived`) and still holds, while it makes their jobs (those it lost are left alone).
   */
  renewReceived(jobIds: readonly string[], holder: string, leaseUntil: Date): Promise<void>;
  /** Extends the leases of fetches `holder` still holds (those it lost are left alone). */
  renewFetches(ids: readonly string[], holder: string, leaseUntil: Date): Promise<void>;
  /** Records an attempt; false (nothing written) when the lease was lost. */
  settleDelivery(
    id: string,
    holder: string,
    outcome: DeliveryOutcome,
    attempt: DeliveryAttempt,
    now: Date,
  ): Promise<boolean>;
  /**
   * Leases one delivery by id (the distributed engine: a message names it). `later` when it is not due
   * yet or another runner holds a live lease (try at `at`); undefined when there is nothing to send
   * (delivered, dead, deleted, or its integration disabled: the reconciler brings it back when enabled).
   */
  claimDelivery(options: {
    id: string;
    holder: string;
    now: Date;
    leaseUntil: Date;
    /** As for `claimDeliveries`: an abandoned delivery counts an attempt, and is dead at the last. */
    maxAttempts: number;
  }): Promise<ClaimedDelivery | { later: Date } | undefined>;
  /**
   * Leases one `fetching` submission by id; `later` and undefined as for `claimDelivery`. As for
   * deliveries, one whose lease ran out while `fetching` was abandoned by a process that died fetching
   * it: that counts as a fetch attempt, and one abandoned at its `maxAttempts`-th is `failed` (undefined)
   * instead of fetched again.
   */
  claimFetch(options: {
    id: string;
    holder: string;
    now: Date;
    leaseUntil: Date;
    maxAttempts: number;
  }): Promise<(Submission & { fetchAttempts: number }) | { later: Date } | undefined>;
  /**
   * Deliveries and fetches due by `dueBy` (leases expired included): what the distributed engine's
   * reconciler hands (again) to the queue. Disabled integrations' deliveries are left out.
   */
  dueWork(dueBy: Date, limit: number): Promise<{ deliveries: DueWork[]; fetches: DueWork[] }>;
  /** Deletes inbound message ids recorded before `before` (at most `limit`); returns how many. */
  pruneWebhookMessages(before: Date, limit: number): Promise<number>;
  /** When the next delivery is due; undefined when none waits. */
  nextDeliveryDueAt(): Promise<Date | undefined>;
  /** When the next received (or fetching) submission may be handled; undefined when none waits. */
  nextReceivedDueAt(): Promise<Date | undefined>;
  /**
   * Leases up to `limit` `fetching` submissions that are due, with their attempts so far; an abandoned
   * one counts an attempt and is `failed` (not leased) at the last, as for `claimFetch`.
   */
  claimFetches(options: {
    holder: string;
    limit: number;
    now: Date;
    leaseUntil: Date;
    maxAttempts: number;
  }): Promise<(Submission & { fetchAttempts: number })[]>;
  /**
   * The text arrived: the submission becomes `received` with it, or `unchanged` when the attempt before
   * had the same answer. `wait` when the attempt before is still being fetched (try again shortly);
   * `lost` when the lease was lost.
   */
  completeFetch(
    id: string,
    holder: string,
    fetched: { answer: string; answerHash: string; reference: LmsReference },
    now: Date,
  ): Promise<"received" | "unchanged" | "wait" | "lost">;
  /** The fetch failed: try again at `retryAt` (counting an attempt unless `free`), or fail with `error`. */
  settleFetchFailure(
    id: string,
    holder: string,
    outcome: { retryAt: Date; error: string; free?: boolean } | { error: string },
    now: Date,
  ): Promise<void>;
}

/**
 * An LMS's id: a string under the rule of every id a client gives (`clientIdSchema`: visible, not "." or
 * "..", no control character, in its canonical form), or a whole number, since LMSs send both; kept as a
 * string. `rule` is `verbatimClientIdSchema` for an id matched against one an admin wrote.
 */
const lmsIdSchema = (rule: typeof clientIdSchema) =>
  z
    .union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).transform(String), z.string()], {
      error: "must be an id: a string or a whole number",
    })
    .pipe(rule);
const idSchema = lmsIdSchema(clientIdSchema);

const attemptError = "must be a whole number from 1 to 1000000 (a number, or its decimal digits as a string)";

/**
 * An attempt number, as a number or as its decimal digits (senders write both), under one rule: the
 * digits "0" were stored as attempt 0 where the number 0 was refused.
 */
const attemptSchema = z.preprocess(
  (value) =>
    typeof value === "string" ? (wholeNumber(value, { min: 0, max: 9_999_999 }) ?? Number.NaN) : value,
  z
    .number({ error: attemptError })
    .int({ error: attemptError })
    .min(1, { error: attemptError })
    .max(1_000_000, { error: attemptError }),
);

/**
 * `submission.created`, this service's own event format (Standard Webhooks' `{type, timestamp, data}`):
 * strict like every body it documents, so a misspelt field (`studentID`) is refused instead of dropped.
 */
export const submissionCreatedSchema = z
  .strictObject({
    type: z.literal("submission.created"),
    timestamp: z.string().optional(),
    data: z.strictObject({
      submissionId: idSchema,
      studentId: idSchema,
      // Looked up in the integration's assignment mapping, whose keys are kept as the admin wrote them.
      assignmentId: lmsIdSchema(verbatimClientIdSchema).optional(),
      rubricId: z.string().min(1).max(200).optional(),
      rubricVersion: z.string().min(1).max(100).optional(),
      answer: z.string(),
      attempt: attemptSchema.optional(),
    }),
  })
  .describe("A Standard Webhooks message: `{type, timestamp, data}`.");
export type SubmissionCreated = z.output<typeof submissionCreatedSchema>;

/** The `webhook-id` of a grade version's callback: receivers drop repeats of it. */
export function callbackMessageId(gradeId: string, version: number): string {
  return `${gradeId}.v${version}`;
}

/** `grade.completed`, the body of a callback (Standard Webhooks' `{type, timestamp, data}`). */
export function gradeCompletedPayload(submission: Submission, grade: StoredGrade | Grade, now: Date): string {
  const status: GradeStatus = grade.status;
  return JSON.stringify({
    type: "grade.completed",
    timestamp: now.toISOString(),
    data: {
      submissionId: submission.externalId,
      attempt: submission.attempt,
      studentId: submission.studentId,
      assignmentId: submission.assignmentId,
      rubricId: grade.rubricId,
      rubricVersion: grade.rubricVersion,
      gradeId: grade.id,
      gradeVersion: grade.version,
      status,
      criteria: grade.criteria.map((criterion) => ({
        criterionId: criterion.criterionId,
        points: criterion.points,
        maxPoints: criterion.maxPoints,
        comment: criterion.comment,
      })),
      totalPoints: grade.totalPoints,
      maxPoints: grade.maxPoints,
      feedback: grade.feedback,
    },
  });
}

/** What a Canvas or Moodle passback sends: the total points and one comment, to where the submission is. */
export interface LmsGradePayload {
  reference: LmsReference;
  /** null: the grade has no total (never sent; the delivery is dead). */
  points: number | null;
  maxPoints: number;
  comment: string;
  /** When it was released: LTI's score timestamp, fixed per grade version and reused on retries. */
  timestamp: string;
}

/** The outbox payload of a grade version for Canvas or Moodle: points (computed here) and feedback as one comment. */
export function lmsGradePayload(reference: LmsReference, grade: StoredGrade | Grade, now: Date): string {
  const lines = grade.criteria.map(
    (criterion) =>
      `${criterion.criterionId}: ${criterion.points}/${criterion.maxPoints}${criterion.comment ? ` (${criterion.comment})` : ""}`,
  );
  const comment = [grade.feedback ?? "", lines.join("\n")].filter((part) => part.trim() !== "").join("\n\n");
  const payload: LmsGradePayload = {
    reference,
    points: grade.totalPoints,
    maxPoints: grade.maxPoints,
    comment,
    timestamp: now.toISOString(),
  };
  return JSON.stringify(payload);
}

/** Where an integration's update moves the grades it has not delivered yet. */
export interface MovedDeliveryTargets {
  /** The new callback URL when it changed to one; null leaves callbacks where they are. */
  callbackUrl: string | null;
  /** LTI: assignment id → its new line item URL, for each assignment whose line item changed. */
  lineItems: Map<string, string>;
}

/**
 * What an update from `before` to `after` moves: a callback URL or an LTI `lineItemUrl` that changed.
 * Retargeting reads and rewrites the undelivered deliveries, so an update that moves nothing (a new
 * name, a rotated secret, a rubric mapping) must say so and spare that work.
 */
export function movedDeliveryTargets(
  before: Pick<Integration, "callbackUrl" | "assignments">,
  after: Pick<Integration, "type" | "callbackUrl" | "assignments">,
): MovedDeliveryTargets {
  const lineItems = new Map<string, string>();
  if (after.type === "lti") {
    for (const [assignmentId, mapping] of Object.entries(after.assignments)) {
      const previous = Object.hasOwn(before.assignments, assignmentId)
        ? before.assignments[assignmentId]?.lineItemUrl
        : undefined;
      if (mapping.lineItemUrl !== undefined && mapping.lineItemUrl !== previous) {
        lineItems.set(assignmentId, mapping.lineItemUrl);
        // Mappings are keyed by the composed form of an id, but a submission keeps the id as its event sent
        // it: one sent decomposed (`e` and a combining accent) is retargeted too.
        const decomposed = assignmentId.normalize("NFD");
        if (decomposed !== assignmentId) lineItems.set(decomposed, mapping.lineItemUrl);
      }
    }
  }
  const callbackUrl =
    after.callbackUrl !== null && after.callbackUrl !== before.callbackUrl ? after.callbackUrl : null;
  return { callbackUrl, lineItems };
}
