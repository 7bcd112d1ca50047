import type { ExpressionBuilder, Kysely, Selectable } from "kysely";
import {
  deliveryStatuses,
  movedDeliveryTargets,
  noDeliveries,
  type ClaimedDelivery,
  type Delivery,
  type DeliveryAttempt,
  type DeliveryCounts,
  type DeliveryStatus,
  type IntegrationQueueStore,
  type IntegrationStore,
  type ListedSubmission,
  type LmsReference,
  type LmsSettings,
  type MovedDeliveryTargets,
  type RecordedEvent,
  type RubricMapping,
  type ScoreMismatch,
  type StoredIntegration,
  type Submission,
} from "../../grading/integrations.js";
import { isPostgres, lockInTransaction } from "./dialect.js";
import { precompiledQuery } from "./precompiled-query.js";
import type {
  Database,
  IntegrationSubmissionTable,
  IntegrationTable,
  OutboxDeliveryTable,
} from "./schema.js";
import { atomically, gradeFromRow } from "./sql-stores.js";

/**
 * Integrations, their submissions and the outbox (grading/integrations.ts). Like job items, every
 * transition of a leased row (a submission being queued, a delivery being sent) is a compare-and-set
 * on its state and lease holder, so a process that lost its lease writes nothing.
 */

/** Most attempts kept in a delivery's history (manual retries add more). */
const maxHistory = 100;

function integrationFromRow(row: Selectable<IntegrationTable>): StoredIntegration {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    type: row.type as StoredIntegration["type"],
    name: row.name,
    enabled: Number(row.enabled) === 1,
    assignments: JSON.parse(row.assignments) as Record<string, RubricMapping>,
    defaultRubric: row.default_rubric === null ? null : (JSON.parse(row.default_rubric) as RubricMapping),
    holdForReview: Number(row.hold_for_review) === 1,
    callbackUrl: row.callback_url,
    hasCredentials: row.sealed_credentials !== null,
    lms: row.lms_settings === null ? null : (JSON.parse(row.lms_settings) as LmsSettings),
    previousSecretExpiresAt: row.previous_secret_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sealedSecret: row.sealed_secret,
    sealedPreviousSecret: row.sealed_previous_secret,
    sealedCredentials: row.sealed_credentials,
  };
}

function integrationRow(integration: StoredIntegration): Selectable<IntegrationTable> {
  return {
    id: integration.id,
    tenant_id: integration.tenantId,
    type: integration.type,
    name: integration.name,
    enabled: integration.enabled ? 1 : 0,
    assignments: JSON.stringify(integration.assignments),
    default_rubric: integration.defaultRubric === null ? null : JSON.stringify(integration.defaultRubric),
    hold_for_review: integration.holdForReview ? 1 : 0,
    callback_url: integration.callbackUrl,
    sealed_secret: integration.sealedSecret,
    sealed_previous_secret: integration.sealedPreviousSecret,
    previous_secret_expires_at: integration.previousSecretExpiresAt,
    sealed_credentials: integration.sealedCredentials,
    lms_settings: integration.lms === null ? null : JSON.stringify(integration.lms),
    created_at: integration.createdAt,
    updated_at: integration.updatedAt,
  };
}

/** Whether two records, each as it is written, hold the same values. */
function sameRow(a: Selectable<IntegrationTable>, b: Selectable<IntegrationTable>): boolean {
  return (Object.keys(a) as (keyof Selectable<IntegrationTable>)[]).every(
    (column) => a[column] === b[column],
  );
}

type SubmissionRow = Omit<Selectable<IntegrationSubmissionTable>, "answer">;

function submissionFromRow(row: SubmissionRow): Submission {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    integrationId: row.integration_id,
    externalId: row.external_id,
    attempt: Number(row.attempt),
    studentId: row.student_id,
    assignmentId: row.assignment_id,
    rubricId: row.rubric_id,
    rubricVersion: row.rubric_version,
    state: row.state as Submission["state"],
    sameAs: row.same_as,
    jobId: row.job_id,
    jobSeq: row.job_seq === null ? null : Number(row.job_seq),
    releasedVersion: row.released_version === null ? null : Number(row.released_version),
    lmsReference: row.lms_reference === null ? null : (JSON.parse(row.lms_reference) as LmsReference),
    error: row.error,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
  };
}

const submissionColumns = [
  "integration_submissions.id",
  "integration_submissions.tenant_id",
  "integration_submissions.integration_id",
  "integration_submissions.external_id",
  "integration_submissions.attempt",
  "integration_submissions.student_id",
  "integration_submissions.assignment_id",
  "integration_submissions.rubric_id",
  "integration_submissions.rubric_version",
  "integration_submissions.answer_hash",
  "integration_submissions.state",
  "integration_submissions.same_as",
  "integration_submissions.job_id",
  "integration_submissions.job_seq",
  "integration_submissions.available_at",
  "integration_submissions.lease_holder",
  "integration_submissions.released_version",
  "integration_submissions.error",
  "integration_submissions.received_at",
  "integration_submissions.updated_at",
  "integration_submissions.lms_reference",
  "integration_submissions.fetch_attempts",
] as const;

// The queries of every inbound webhook, compiled once (see precompiled-query.ts): at a deadline spike
// Kysely's building and compiling cost more than SQLite's running them.
const integrationByIdQuery = precompiledQuery<[id: string]>((db, [id]) =>
  db.selectFrom("integrations").selectAll().where("id", "=", id),
);
const insertMessageQuery = precompiledQuery<
  [integrationId: string, messageId: string, submissionId: string, receivedAt: string]
>((db, [integrationId, messageId, submissionId, receivedAt]) =>
  db
    .insertInto("webhook_messages")
    .values({
      integration_id: integrationId,
      message_id: messageId,
      submission_id: submissionId,
      received_at: receivedAt,
    })
    .onConflict((conflict) => conflict.columns(["integration_id", "message_id"]).doNothing())
    .returning("message_id"),
);
const latestAttemptQuery = precompiledQuery<[integrationId: string, externalId: string]>(
  (db, [integrationId, externalId]) =>
    db
      .selectFrom("integration_submissions")
      .select(submissionColumns)
      .where("integration_id", "=", integrationId)
      .where("external_id", "=", externalId)
      .orderBy("attempt", "desc")
      .limit(1),
);
type StoredSubmissionRow = Selectable<IntegrationSubmissionTable>;
const submissionRowColumns = [
  "id",
  "tenant_id",
  "integration_id",
  "external_id",
  "attempt",
  "student_id",
  "assignment_id",
  "rubric_id",
  "rubric_version",
  "answer",
  "answer_hash",
  "state",
  "same_as",
  "job_id",
  "job_seq",
  "available_at",
  "lease_holder",
  "released_version",
  "error",
  "received_at",
  "updated_at",
  "lms_reference",
  "fetch_attempts",
] as const satisfies readonly (keyof StoredSubmissionRow)[];
const insertSubmissionQuery = precompiledQuery<StoredSubmissionRow[(typeof submissionRowColumns)[number]][]>(
  (db, values) =>
    db
      .insertInto("integration_submissions")
      .values(
        Object.fromEntries(submissionRowColumns.map((column, index) => [column, values[index]])) as never,
      ),
);

type DeliveryRow = Omit<Selectable<OutboxDeliveryTable>, "payload">;

/**
 * Records the attempt a process that died while sending a delivery never settled (its lease ran out
 * with the delivery still `delivering`): one more attempt in its count and history, and `dead` when that
 * was its last (`maxAttempts`), else left to be claimed again. Undefined when the delivery was not
 * abandoned. Called in the claim's transaction.
 */
async function endAbandoned(
  trx: Kysely<Database>,
  id: string,
  at: string,
  maxAttempts: number,
): Promise<"dead" | "retry" | undefined> {
  const held = await trx
    .selectFrom("outbox_deliveries")
    .select(["history", "attempts"])
    .where("id", "=", id)
    .where("status", "=", "delivering")
    .where("next_attempt_at", "<=", at)
    .executeTakeFirst();
  if (!held) return undefined;
  const attempts = Number(held.attempts) + 1;
  const dead = attempts >= maxAttempts;
  const error = dead
    ? `the process sending it stopped before the receiver's answer was recorded (after ${attempts} attempts)`
    : "the process sending it stopped before the receiver's answer was recorded";
  const attempt: DeliveryAttempt = {
    at,
    httpStatus: null,
    outcome: dead ? "dead" : "retry",
    error,
    durationMs: 0,
  };
  await trx
    .updateTable("outbox_deliveries")
    .set({
      attempts,
      history: withAttempt(held.history, attempt),
      last_error: error,
      updated_at: at,
      ...(dead ? { status: "dead", lease_holder: null, next_attempt_at: null } : {}),
    })
    .where("id", "=", id)
    .execute();
  return dead ? "dead" : "retry";
}

/**
 * The deliveries that go to the same place as delivery `id`, each with the attempt of its submission: a
 * callback's are its own submission's other grade versions (the receiver tells attempts apart by their
 * grade ids); a Canvas, Moodle or LTI passback's are also those of the other attempts of its LMS
 * submission, since the LMS keeps one grade for them all (Canvas and Moodle grade the latest attempt,
 * LTI one score per line item and user). Undefined when the delivery is gone.
 */
async function samePlaceDeliveries(trx: Kysely<Database>, id: string) {
  const row = await trx
    .selectFrom("outbox_deliveries")
    .leftJoin("integration_submissions", "integration_submissions.id", "outbox_deliveries.submission_id")
    .select([
      "outbox_deliveries.submission_id",
      "outbox_deliveries.grade_version",
      "outbox_deliveries.target_kind",
      "outbox_deliveries.history",
      "integration_submissions.integration_id",
      "integration_submissions.external_id",
      "integration_submissions.attempt",
    ])
    .where("outbox_deliveries.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const attempt = Number(row.attempt ?? 0);
  const version = Number(row.grade_version);
  const acrossAttempts =
    row.target_kind !== "webhook" && row.integration_id !== null && row.external_id !== null;
  const others = () =>
    trx
      .selectFrom("outbox_deliveries as other")
      .innerJoin("integration_submissions as place", "place.id", "other.submission_id")
      .where("other.id", "!=", id)
      .where((eb) =>
        acrossAttempts
          ? eb.and([
              eb("place.integration_id", "=", row.integration_id!),
              eb("place.external_id", "=", row.external_id!),
              eb("other.target_kind", "!=", "webhook"),
            ])
          : eb("other.submission_id", "=", row.submission_id),
      );
  return {
    submissionId: row.submission_id,
    history: row.history,
    /** Deliveries of a later attempt, or of a newer version of this attempt's grade. */
    later: () =>
      others().where((eb) =>
        eb.or([
          eb("place.attempt", ">", attempt),
          eb.and([eb("place.attempt", "=", attempt), eb("other.grade_version", ">", version)]),
        ]),
      ),
    /** Deliveries of an earlier attempt, or of an older version of this attempt's grade. */
    earlier: () =>
      others().where((eb) =>
        eb.or([
          eb("place.attempt", "<", attempt),
          eb.and([eb("place.attempt", "=", attempt), eb("other.grade_version", "<", version)]),
        ]),
      ),
  };
}

/**
 * Whether a due delivery may be sent now beside the grades that go to the same place: its submission's
 * other grade versions and, for a Canvas, Moodle or LTI passback, the grades of the LMS submission's
 * other attempts (`samePlaceDeliveries`). A later one released since makes it pointless, and sent after
 * the later one it would put the older points back in the LMS (Canvas and Moodle keep the last grade
 * they were sent, on the latest attempt): it ends `superseded`, saying so. An earlier one still being sent under
 * a live lease goes first: sent side by side, the earlier one could land last; this one waits for that
 * lease (the earlier one's settle brings it forward).
 */
async function placeAmongVersions(
  trx: Kysely<Database>,
  id: string,
  at: string,
): Promise<{ kind: "send" } | { kind: "superseded" } | { kind: "later"; at: string }> {
  const place = await samePlaceDeliveries(trx, id);
  if (!place) return { kind: "send" };
  const later = await place
    .later()
    .select(["other.submission_id", "other.grade_version", "place.attempt"])
    .orderBy("place.attempt", "desc")
    .orderBy("other.grade_version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (later) {
    const error =
      later.submission_id === place.submissionId
        ? `superseded: version ${Number(later.grade_version)} of the grade was released after it, and is sent instead`
        : `superseded: the grade of attempt ${Number(later.attempt)} of this LMS submission was released after it, and is sent instead (the LMS keeps one grade for every attempt)`;
    const attempt: DeliveryAttempt = { at, httpStatus: null, outcome: "superseded", error, durationMs: 0 };
    await trx
      .updateTable("outbox_deliveries")
      .set({
        // Its own state, not `dead`: nothing is wrong and nothing is to be done (the later grade goes out),
        // so it is neither counted among the passbacks given up nor retried by hand.
        status: "superseded",
        lease_holder: null,
        next_attempt_at: null,
        last_error: error,
        history: withAttempt(place.history, attempt),
        updated_at: at,
      })
      .where("id", "=", id)
      .execute();
    return { kind: "superseded" };
  }
  const earlier = await place
    .earlier()
    .select("other.next_attempt_at")
    .where("other.status", "=", "delivering")
    .where("other.next_attempt_at", ">", at)
    .orderBy("other.next_attempt_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (earlier?.next_attempt_at) {
    await trx
      .updateTable("outbox_deliveries")
      .set({
        status: "pending",
        lease_holder: null,
        next_attempt_at: earlier.next_attempt_at,
        updated_at: at,
      })
      .where("id", "=", id)
      .execute();
    return { kind: "later", at: earlier.next_attempt_at };
  }
  return { kind: "send" };
}

/**
 * A grade released for a place where an older one was given up (`dead`): the older one is `superseded` now.
 * A retry by hand sends only the newest grade for a place (`requeueDead`), so it could never be sent again;
 * left `dead`, it was counted among the passbacks given up though nothing was left to do for it. Its history
 * keeps why it was given up. Called in the release's transaction.
 */
async function supersedeDeadBefore(trx: Kysely<Database>, id: string, at: string): Promise<void> {
  const place = await samePlaceDeliveries(trx, id);
  if (!place) return;
  const dead = await place
    .earlier()
    .select(["other.id", "other.submission_id", "other.history"])
    .where("other.status", "=", "dead")
    .execute();
  for (const row of dead) {
    const error =
      row.submission_id === place.submissionId
        ? "superseded: a newer version of the grade was released after it was given up, and is sent instead"
        : "superseded: the grade of a later attempt of this LMS submission was released after it was given up, and is sent instead (the LMS keeps one grade for every attempt)";
    const attempt: DeliveryAttempt = { at, httpStatus: null, outcome: "superseded", error, durationMs: 0 };
    await trx
      .updateTable("outbox_deliveries")
      .set({
        status: "superseded",
        last_error: error,
        history: withAttempt(row.history, attempt),
        updated_at: at,
      })
      .where("id", "=", row.id)
      .where("status", "=", "dead")
      .execute();
  }
}

/**
 * As `endAbandoned`, for a Canvas or Moodle fetch: a submission still `fetching` under a lease that ran
 * out was claimed by a process that died while fetching it (a failed fetch, or one waiting for the attempt
 * before, gives its lease back). That counts as one of its fetch attempts, and the last makes it `failed`,
 * so a submission whose text brings its fetcher down every time is not fetched forever. Answers its
 * attempts so far when it may be claimed again, `failed`, or undefined when it was not abandoned. Called
 * in the claim's transaction.
 */
async function endAbandonedFetch(
  trx: Kysely<Database>,
  id: string,
  at: string,
  maxAttempts: number,
): Promise<number | "failed" | undefined> {
  const held = await trx
    .selectFrom("integration_submissions")
    .select("fetch_attempts")
    .where("id", "=", id)
    .where("state", "=", "fetching")
    .where("lease_holder", "is not", null)
    .where("available_at", "<=", at)
    .executeTakeFirst();
  if (!held) return undefined;
  const attempts = Number(held.fetch_attempts) + 1;
  const failed = attempts >= maxAttempts;
  const error = failed
    ? `fetching the submission: the process fetching it stopped before the LMS's answer was recorded (after ${attempts} attempts)`
    : "fetching the submission: the process fetching it stopped before the LMS's answer was recorded";
  await trx
    .updateTable("integration_submissions")
    .set({
      fetch_attempts: attempts,
      error,
      lease_holder: null,
      updated_at: at,
      ...(failed ? { state: "failed", available_at: at } : {}),
    })
    .where("id", "=", id)
    .execute();
  return failed ? "failed" : attempts;
}

/** A delivery's stored history (JSON) with one more attempt, the oldest dropped past `maxHistory`. */
function withAttempt(history: string, attempt: DeliveryAttempt): string {
  return JSON.stringify([...(JSON.parse(history) as DeliveryAttempt[]), attempt].slice(-maxHistory));
}

function deliveryFromRow(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    integrationId: row.integration_id,
    submissionId: row.submission_id,
    gradeId: row.grade_id,
    gradeVersion: Number(row.grade_version),
    messageId: row.message_id,
    target: { kind: row.target_kind as Delivery["target"]["kind"], url: row.target_url },
    status: row.status as Delivery["status"],
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    history: JSON.parse(row.history) as DeliveryAttempt[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
    scoreMismatch: row.score_mismatch === null ? null : (JSON.parse(row.score_mismatch) as ScoreMismatch),
  };
}

const deliveryColumns = [
  "id",
  "tenant_id",
  "integration_id",
  "submission_id",
  "grade_id",
  "grade_version",
  "message_id",
  "target_kind",
  "target_url",
  "status",
  "attempts",
  "next_attempt_at",
  "lease_holder",
  "last_error",
  "history",
  "created_at",
  "updated_at",
  "delivered_at",
  "score_mismatch",
] as const;

type SubmissionListBuilder = ExpressionBuilder<
  Database & { integration_submissions: IntegrationSubmissionTable },
  "integration_submissions"
>;

function deliveriesOf(eb: SubmissionListBuilder) {
  return eb
    .selectFrom("outbox_deliveries")
    .select("outbox_deliveries.status")
    .whereRef("outbox_deliveries.submission_id", "=", "integration_submissions.id");
}

type DeliveryBuilder = ExpressionBuilder<Database, "outbox_deliveries">;

/**
 * Whether the LMS's latest answer for this delivery's submission kept another score: the delivery has a
 * score mismatch and no later delivery of the submission was delivered (a later grade the LMS kept as sent
 * clears it; one still on its way, or given up, does not: the LMS still holds what it kept).
 */
function mismatchStillHeld(eb: DeliveryBuilder) {
  return eb.and([
    eb("outbox_deliveries.score_mismatch", "is not", null),
    eb.not(
      eb.exists(
        eb
          .selectFrom("outbox_deliveries as later")
          .select("later.id")
          .whereRef("later.submission_id", "=", "outbox_deliveries.submission_id")
          .where("later.status", "=", "delivered")
          .where((inner) =>
            inner.or([
              inner("later.created_at", ">", inner.ref("outbox_deliveries.created_at")),
              inner.and([
                inner("later.created_at", "=", inner.ref("outbox_deliveries.created_at")),
                inner("later.id", ">", inner.ref("outbox_deliveries.id")),
              ]),
            ]),
          ),
      ),
    ),
  ]);
}

/** The status of a submission's latest delivery (null before its first). */
function latestDeliveryStatus(eb: SubmissionListBuilder) {
  return deliveriesOf(eb)
    .orderBy("outbox_deliveries.created_at", "desc")
    .orderBy("outbox_deliveries.id", "desc")
    .limit(1);
}

/** Submissions with their job item and grade, when they have them (one submission: one row). */
function submissionsWithGrades(db: Kysely<Database>) {
  return db
    .selectFrom("integration_submissions")
    .leftJoin("job_items", (join) =>
      join
        .onRef("job_items.job_id", "=", "integration_submissions.job_id")
        .onRef("job_items.seq", "=", "integration_submissions.job_seq"),
    )
    .leftJoin("grades", (join) =>
      join
        .onRef("grades.id", "=", "job_items.grade_id")
        .onRef("grades.tenant_id", "=", "integration_submissions.tenant_id"),
    );
}

export function createIntegrationStore(db: Kysely<Database>, tenantId: string): IntegrationStore {
  return {
    async create(integration) {
      await db.insertInto("integrations").values(integrationRow(integration)).execute();
    },

    async find(id) {
      const row = await db
        .selectFrom("integrations")
        .selectAll()
        .where("id", "=", id)
        .where("tenant_id", "=", tenantId)
        .executeTakeFirst();
      return row && integrationFromRow(row);
    },

    async list() {
      const rows = await db
        .selectFrom("integrations")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .orderBy("id")
        .execute();
      return rows.map(integrationFromRow);
    },

    update(integration, expected) {
      const { id: _id, tenant_id: _tenant, created_at: _created, ...changes } = integrationRow(integration);
      return atomically(db, async (trx) => {
        // The record as stored now, read in this transaction (the row locked on PostgreSQL, where
        // another update could commit in between), so that deliveries move only when a target does, and
        // a change made from an older reading is refused instead of writing another change away.
        const before = await trx
          .selectFrom("integrations")
          .selectAll()
          .where("id", "=", integration.id)
          .where("tenant_id", "=", tenantId)
          .$if(isPostgres(trx), (query) => query.forUpdate())
          .executeTakeFirst();
        if (!before) return false;
        if (expected && !sameRow(integrationRow(integrationFromRow(before)), integrationRow(expected))) {
          return false;
        }
        await trx
          .updateTable("integrations")
          .set(changes)
          .where("id", "=", integration.id)
          .where("tenant_id", "=", tenantId)
          .execute();
        const moved = movedDeliveryTargets(
          {
            callbackUrl: before.callback_url,
            assignments: JSON.parse(before.assignments) as Record<string, RubricMapping>,
          },
          integration,
        );
        await retargetUndelivered(trx, integration.id, moved);
        return true;
      });
    },

    delete(id) {
      return atomically(db, async (trx) => {
        const result = await trx
          .deleteFrom("integrations")
          .where("id", "=", id)
          .where("tenant_id", "=", tenantId)
          .executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) return false;
        await trx.deleteFrom("webhook_messages").where("integration_id", "=", id).execute();
        await trx.deleteFrom("outbox_deliveries").where("integration_id", "=", id).execute();
        await trx.deleteFrom("integration_submissions").where("integration_id", "=", id).execute();
        return true;
      });
    },

    async findSubmission(id) {
      const row = await submissionsWithGrades(db)
        .select([
          ...submissionColumns,
          "job_items.state as item_state",
          "job_items.error_message as item_error",
          "grades.grade",
          "grades.version",
        ])
        .where("integration_submissions.id", "=", id)
        .where("integration_submissions.tenant_id", "=", tenantId)
        .executeTakeFirst();
      if (!row) return undefined;
      const deliveries = await db
        .selectFrom("outbox_deliveries")
        .select(deliveryColumns)
        .where("submission_id", "=", id)
        .where("tenant_id", "=", tenantId)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return {
        submission: submissionFromRow(row),
        grade:
          row.grade === null || row.version === null
            ? null
            : gradeFromRow({ grade: row.grade, version: Number(row.version) }),
        itemState: row.item_state,
        itemError: row.item_error,
        deliveries: deliveries.map(deliveryFromRow),
      };
    },

    async retryFailedSubmission(submissionId, now) {
      const at = now.toISOString();
      // One statement for both kinds. SET reads the row as it was before the update, so `job_id is
      // null` there still tells a failed fetch (never queued) from a failed dispatch (it had a job id).
      const retried = await db
        .updateTable("integration_submissions")
        .set((eb) => {
          const fetchFailed = eb("job_id", "is", null);
          return {
            state: eb.case().when(fetchFailed).then("fetching").else("received").end(),
            fetch_attempts: eb.case().when(fetchFailed).then(0).else(eb.ref("fetch_attempts")).end(),
            job_id: null,
            job_seq: null,
            available_at: at,
            lease_holder: null,
            error: null,
            updated_at: at,
          };
        })
        .where("id", "=", submissionId)
        .where("tenant_id", "=", tenantId)
        .where("state", "=", "failed")
        // An erased student's submission has no text to fetch or queue.
        .where("student_id", "is not", null)
        .where((eb) =>
          eb.or([
            // Failed when it was to be queued: it has a job id and keeps its text.
            eb("job_id", "is not", null),
            // Failed before its text arrived from Canvas or Moodle (an LTI submission brings its text).
            eb.and([eb("lms_reference", "is not", null), eb("lms_reference", "not like", '{"kind":"lti"%')]),
          ]),
        )
        .returning("state")
        .executeTakeFirst();
      if (retried === undefined) return null;
      return retried.state === "fetching" ? "fetch" : "dispatch";
    },

    async listSubmissions(filter) {
      let query = submissionsWithGrades(db)
        .innerJoin("integrations", "integrations.id", "integration_submissions.integration_id")
        .select((eb) => [
          ...submissionColumns,
          "job_items.state as item_state",
          "job_items.error_message as item_error",
          "grades.id as grade_id",
          "grades.status as grade_status",
          latestDeliveryStatus(eb).as("delivery_status"),
        ])
        .where("integration_submissions.tenant_id", "=", tenantId);
      if (filter.integrationId !== undefined) {
        query = query.where("integration_submissions.integration_id", "=", filter.integrationId);
      }
      if (filter.studentId !== undefined) {
        query = query.where("integration_submissions.student_id", "=", filter.studentId);
      }
      if (filter.before !== undefined) query = query.where("integration_submissions.id", "<", filter.before);
      const { status, passbackStatus } = filter;
      if (status !== undefined) {
        query = query.where((eb) => {
          const state = eb.ref("integration_submissions.state");
          const item = eb.ref("job_items.state");
          switch (status) {
            case "fetching":
            case "received":
            case "unchanged":
              return eb(state, "=", status);
            case "failed":
              return eb.or([
                eb(state, "=", "failed"),
                eb.and([eb(state, "=", "queued"), eb(item, "=", "failed")]),
              ]);
            case "queued":
              return eb.and([
                eb(state, "=", "queued"),
                eb.or([eb(item, "is", null), eb(item, "=", "queued")]),
              ]);
            case "grading":
              return eb.and([eb(state, "=", "queued"), eb(item, "=", "running")]);
            default:
              return eb.and([eb(state, "=", "queued"), eb(item, "=", status)]);
          }
        });
      }
      if (filter.scoreMismatch !== undefined) {
        const mismatched = (eb: SubmissionListBuilder) =>
          eb.exists(
            eb
              .selectFrom("outbox_deliveries")
              .select("outbox_deliveries.id")
              .whereRef("outbox_deliveries.submission_id", "=", "integration_submissions.id")
              .where((inner) => mismatchStillHeld(inner)),
          );
        query = query.where((eb) => (filter.scoreMismatch ? mismatched(eb) : eb.not(mismatched(eb))));
      }
      if (passbackStatus === "held") {
        query = query
          .where((eb) => eb.not(eb.exists(deliveriesOf(eb))))
          .where("grades.status", "=", "needs_review")
          .where("integrations.hold_for_review", "=", 1);
      } else if (passbackStatus !== undefined) {
        query = query.where((eb) => eb(latestDeliveryStatus(eb), "=", passbackStatus));
      }
      const rows = await query.orderBy("integration_submissions.id", "desc").limit(filter.limit).execute();
      return rows.map((row) => ({
        submission: submissionFromRow(row),
        itemState: row.item_state,
        itemError: row.item_error,
        gradeId: row.grade_id,
        gradeStatus: row.grade_status as ListedSubmission["gradeStatus"],
        latestDeliveryStatus: row.delivery_status as ListedSubmission["latestDeliveryStatus"],
      }));
    },

    async deliveryCounts(integrationIds) {
      const counts = new Map<string, DeliveryCounts>();
      if (integrationIds.length === 0) return counts;
      // Grouped in SQL: an integration with years of deliveries is counted, not read. The unique index on
      // (integration_id, message_id) finds an integration's rows.
      const rows = await db
        .selectFrom("outbox_deliveries")
        .select((eb) => [
          "integration_id",
          "status",
          eb.fn.countAll<number | string | bigint>().as("count"),
          eb.fn
            .sum<number | string | bigint>(eb.case().when(mismatchStillHeld(eb)).then(1).else(0).end())
            .as("mismatched"),
        ])
        .where("tenant_id", "=", tenantId)
        .where("integration_id", "in", [...integrationIds])
        .groupBy(["integration_id", "status"])
        .execute();
      for (const row of rows) {
        // A state this version does not know (written by a newer one) is not shown under a wrong name.
        if (!(deliveryStatuses as readonly string[]).includes(row.status)) continue;
        const integrationCounts = counts.get(row.integration_id) ?? noDeliveries();
        integrationCounts[row.status as DeliveryStatus] = Number(row.count);
        integrationCounts.scoreMismatch += Number(row.mismatched);
        counts.set(row.integration_id, integrationCounts);
      }
      return counts;
    },

    requeueDead(submissionId, now) {
      const at = now.toISOString();
      return atomically(db, async (trx) => {
        const dead = await trx
          .selectFrom("outbox_deliveries")
          .select("id")
          .where("submission_id", "=", submissionId)
          .where("tenant_id", "=", tenantId)
          .where("status", "=", "dead")
          .execute();
        // Only the newest grade for its place: an older version, or the grade of an earlier attempt of
        // the same LMS submission, sent again would put its points back in the LMS.
        const newest: string[] = [];
        for (const { id } of dead) {
          const place = await samePlaceDeliveries(trx, id);
          if (place && !(await place.later().select("other.id").limit(1).executeTakeFirst())) newest.push(id);
        }
        if (newest.length === 0) return 0;
        const result = await trx
          .updateTable("outbox_deliveries")
          .set({ status: "pending", attempts: 0, next_attempt_at: at, lease_holder: null, updated_at: at })
          .where("id", "in", newest)
          .where("status", "=", "dead")
          .executeTakeFirst();
        return Number(result.numUpdatedRows);
      });
    },
  };
}

export function createIntegrationQueueStore(db: Kysely<Database>): IntegrationQueueStore {
  return {
    async findIntegration(id) {
      const { rows } = await db.executeQuery<Selectable<IntegrationTable>>(integrationByIdQuery(db, [id]));
      const row = rows[0];
      return row && integrationFromRow(row);
    },

    recordEvent({ tenantId, messageId, submission, now }) {
      const at = now.toISOString();
      return atomically(db, async (trx): Promise<RecordedEvent> => {
        // Two deliveries of one submission at once would both find no attempt (see dialect.ts).
        await lockInTransaction(
          trx,
          "integration-submission",
          submission.integrationId,
          submission.externalId,
        );
        // Linked to the submission this delivery makes, unless it turns out to repeat one (relinked below).
        const {
          rows: [message],
        } = await trx.executeQuery(
          insertMessageQuery(trx, [submission.integrationId, messageId, submission.id, at]),
        );
        const findById = async (id: string | null) => {
          if (id === null) return null;
          const row = await trx
            .selectFrom("integration_submissions")
            .select(submissionColumns)
            .where("id", "=", id)
            .executeTakeFirst();
          return row ? submissionFromRow(row) : null;
        };
        if (!message) {
          const seen = await trx
            .selectFrom("webhook_messages")
            .select("submission_id")
            .where("integration_id", "=", submission.integrationId)
            .where("message_id", "=", messageId)
            .executeTakeFirst();
          return { outcome: "duplicate_message", submission: await findById(seen?.submission_id ?? null) };
        }
        const linkMessage = (id: string) =>
          trx
            .updateTable("webhook_messages")
            .set({ submission_id: id })
            .where("integration_id", "=", submission.integrationId)
            .where("message_id", "=", messageId)
            .execute();
        const {
          rows: [latest],
        } = await trx.executeQuery<SubmissionRow>(
          latestAttemptQuery(trx, [submission.integrationId, submission.externalId]),
        );
        if (latest && submission.attempt !== null) {
          const same = await trx
            .selectFrom("integration_submissions")
            .select(submissionColumns)
            .where("integration_id", "=", submission.integrationId)
            .where("external_id", "=", submission.externalId)
            .where("attempt", "=", submission.attempt)
            .executeTakeFirst();
          if (same) {
            await linkMessage(same.id);
            return { outcome: "duplicate_submission", submission: submissionFromRow(same) };
          }
        }
        // A Canvas or Moodle answer is not known yet: compared with the attempt before once fetched.
        const fetching = submission.fetchFrom !== undefined;
        const unchanged = !fetching && latest !== undefined && latest.answer_hash === submission.answerHash;
        if (unchanged && submission.attempt === null) {
          // No attempt number and the same answer: the same submission again.
          await linkMessage(latest.id);
          return { outcome: "duplicate_submission", submission: submissionFromRow(latest) };
        }
        const attempt = submission.attempt ?? (latest ? Number(latest.attempt) + 1 : 1);
        const row: StoredSubmissionRow = {
          id: submission.id,
          tenant_id: tenantId,
          integration_id: submission.integrationId,
          external_id: submission.externalId,
          attempt,
          student_id: submission.studentId,
          assignment_id: submission.assignmentId,
          rubric_id: submission.rubricId,
          rubric_version: submission.rubricVersion,
          answer: unchanged ? "" : submission.answer,
          answer_hash: submission.answerHash,
          state: fetching ? "fetching" : unchanged ? "unchanged" : "received",
          // An unchanged attempt points at the attempt that was graded (or at what that one repeats).
          same_as: unchanged ? (latest.same_as ?? latest.id) : null,
          job_id: null,
          job_seq: null,
          available_at: at,
          lease_holder: null,
          released_version: null,
          error: null,
          received_at: at,
          updated_at: at,
          lms_reference:
            (submission.fetchFrom ?? submission.reference) === undefined
              ? null
              : JSON.stringify(submission.fetchFrom ?? submission.reference),
          fetch_attempts: 0,
        };
        await trx.executeQuery(
          insertSubmissionQuery(
            trx,
            submissionRowColumns.map((column) => row[column]),
          ),
        );
        const { answer: _answer, ...stored } = row;
        return unchanged
          ? { outcome: "unchanged", submission: submissionFromRow(stored) }
          : { outcome: "accepted", submission: submissionFromRow(stored) };
      });
    },

    claimReceived({ holder, limit, now, leaseUntil, newJobId }) {
      const at = now.toISOString();
      const until = leaseUntil.toISOString();
      return atomically(db, async (trx) => {
        await lockInTransaction(trx, "integration-dispatch-claim");
        const picked = await trx
          .selectFrom("integration_submissions")
          .select(["id", "job_id"])
          .where("state", "=", "received")
          .where("available_at", "<=", at)
          .where(ofEnabledIntegration)
          .orderBy("available_at")
          .limit(limit)
          .execute();
        if (picked.length === 0) return [];
        // A job's submissions are claimed together, even past the limit: its items are written in one go.
        const jobIds = [
          ...new Set(picked.map((row) => row.job_id).filter((id): id is string => id !== null)),
        ];
        const ids = new Set(picked.map((row) => row.id));
        if (jobIds.length > 0) {
          const siblings = await trx
            .selectFrom("integration_submissions")
            .select("id")
            .where("job_id", "in", jobIds)
            .where("state", "=", "received")
            .execute();
          for (const { id } of siblings) ids.add(id);
        }
        const rows = await trx
          .selectFrom("integration_submissions")
          .select([...submissionColumns, "integration_submissions.answer"])
          .where("id", "in", [...ids])
          .orderBy("received_at")
          .orderBy("id")
          .execute();
        // Submissions not yet in a job get one per (integration, rubric version), numbered in arrival order.
        const groups = new Map<string, { jobId: string; next: number }>();
        const claimed: (Submission & { answer: string })[] = [];
        for (const row of rows) {
          let jobId = row.job_id;
          let jobSeq = row.job_seq === null ? null : Number(row.job_seq);
          if (jobId === null) {
            const key = `${row.integration_id}\u0000${row.rubric_id}\u0000${row.rubric_version}`;
            let group = groups.get(key);
            if (!group) {
              group = { jobId: newJobId(), next: 1 };
              groups.set(key, group);
            }
            jobId = group.jobId;
            jobSeq = group.next++;
          }
          const updated = await trx
            .updateTable("integration_submissions")
            .set({
              job_id: jobId,
              job_seq: jobSeq,
              lease_holder: holder,
              available_at: until,
              updated_at: at,
            })
            .where("id", "=", row.id)
            .where("state", "=", "received")
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) === 0) continue;
          claimed.push({
            ...submissionFromRow({ ...row, job_id: jobId, job_seq: jobSeq, lease_holder: holder }),
            answer: row.answer,
          });
        }
        return claimed;
      });
    },

    async markQueued(jobId, holder, now) {
      await db
        .updateTable("integration_submissions")
        .set({ state: "queued", answer: "", lease_holder: null, updated_at: now.toISOString() })
        .where("job_id", "=", jobId)
        .where("state", "=", "received")
        .where("lease_holder", "=", holder)
        .execute();
    },

    async markFailed(jobId, holder, error, now) {
      await db
        .updateTable("integration_submissions")
        .set({ state: "failed", error, lease_holder: null, updated_at: now.toISOString() })
        .where("job_id", "=", jobId)
        .where("state", "=", "received")
        .where("lease_holder", "=", holder)
        .execute();
    },

    async releasable(since, limit) {
      const rows = await db
        .selectFrom("grades")
        .innerJoin("job_items", (join) =>
          join
            .onRef("job_items.grade_id", "=", "grades.id")
            .onRef("job_items.tenant_id", "=", "grades.tenant_id"),
        )
        .innerJoin("integration_submissions", (join) =>
          join
            .onRef("integration_submissions.job_id", "=", "job_items.job_id")
            .onRef("integration_submissions.job_seq", "=", "job_items.seq"),
        )
        .innerJoin("integrations", "integrations.id", "integration_submissions.integration_id")
        .select([
          ...submissionColumns,
          "grades.grade",
          "grades.version",
          "integrations.callback_url",
          "integrations.type",
          "integrations.lms_settings",
        ])
        .where("grades.updated_at", ">=", since.toISOString())
        .where("integration_submissions.state", "=", "queued")
        .where("integrations.enabled", "=", 1)
        .where((eb) =>
          eb.or([
            eb("integrations.callback_url", "is not", null),
            eb("integrations.type", "in", ["canvas", "moodle", "lti"]),
          ]),
        )
        .where((eb) =>
          eb.or([
            eb("integration_submissions.released_version", "is", null),
            eb("integration_submissions.released_version", "<", eb.ref("grades.version")),
          ]),
        )
        .where((eb) =>
          eb.or([eb("grades.status", "=", "graded"), eb("integrations.hold_for_review", "=", 0)]),
        )
        .orderBy("grades.updated_at")
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        submission: submissionFromRow(row),
        grade: gradeFromRow({ grade: row.grade, version: Number(row.version) }),
        target:
          row.type === "canvas" || row.type === "moodle" || row.type === "lti"
            ? {
                kind: row.type,
                url: (JSON.parse(row.lms_settings ?? "{}") as Partial<LmsSettings>).url ?? "",
              }
            : { kind: "webhook" as const, url: row.callback_url! },
      }));
    },

    async lastIntegrationChange() {
      const row = await db
        .selectFrom("integrations")
        .select((eb) => eb.fn.max("updated_at").as("changed_at"))
        .executeTakeFirst();
      return row?.changed_at ?? undefined;
    },

    release(delivery) {
      const at = delivery.createdAt;
      return atomically(db, async (trx) => {
        const marked = await trx
          .updateTable("integration_submissions")
          .set({ released_version: delivery.gradeVersion, updated_at: at })
          .where("id", "=", delivery.submissionId)
          .where((eb) =>
            eb.or([eb("released_version", "is", null), eb("released_version", "<", delivery.gradeVersion)]),
          )
          .executeTakeFirst();
        if (Number(marked.numUpdatedRows) === 0) return false;
        const inserted = await trx
          .insertInto("outbox_deliveries")
          .values({
            id: delivery.id,
            tenant_id: delivery.tenantId,
            integration_id: delivery.integrationId,
            submission_id: delivery.submissionId,
            grade_id: delivery.gradeId,
            grade_version: delivery.gradeVersion,
            message_id: delivery.messageId,
            target_kind: delivery.target.kind,
            target_url: delivery.target.url,
            payload: delivery.payload,
            status: "pending",
            attempts: 0,
            next_attempt_at: at,
            lease_holder: null,
            last_error: null,
            history: "[]",
            created_at: at,
            updated_at: at,
            delivered_at: null,
            score_mismatch: null,
          })
          .onConflict((conflict) => conflict.columns(["integration_id", "message_id"]).doNothing())
          .returning("id")
          .executeTakeFirst();
        if (inserted === undefined) return false;
        await supersedeDeadBefore(trx, delivery.id, at);
        return true;
      });
    },

    claimDeliveries({ holder, limit, now, leaseUntil, maxAttempts }) {
      const at = now.toISOString();
      const until = leaseUntil.toISOString();
      return atomically(db, async (trx) => {
        await lockInTransaction(trx, "outbox-claim");
        const due = await trx
          .selectFrom("outbox_deliveries")
          .innerJoin("integrations", "integrations.id", "outbox_deliveries.integration_id")
          .select(["outbox_deliveries.id", "outbox_deliveries.status"])
          .where("outbox_deliveries.status", "in", ["pending", "delivering"])
          .where("outbox_deliveries.next_attempt_at", "<=", at)
          // A disabled integration's deliveries wait until it is enabled again.
          .where("integrations.enabled", "=", 1)
          .orderBy("outbox_deliveries.next_attempt_at")
          .limit(limit)
          .execute();
        const claimed: ClaimedDelivery[] = [];
        for (const { id, status } of due) {
          if (status === "delivering" && (await endAbandoned(trx, id, at, maxAttempts)) === "dead") continue;
          if ((await placeAmongVersions(trx, id, at)).kind !== "send") continue;
          const row = await trx
            .updateTable("outbox_deliveries")
            .set({ status: "delivering", lease_holder: holder, next_attempt_at: until, updated_at: at })
            .where("id", "=", id)
            .where("status", "in", ["pending", "delivering"])
            .where("next_attempt_at", "<=", at)
            .returning([...deliveryColumns, "payload"])
            .executeTakeFirst();
          if (row) claimed.push({ ...deliveryFromRow(row), payload: row.payload, holder });
        }
        return claimed;
      });
    },

    async renewDeliveries(ids, holder, leaseUntil) {
      if (ids.length === 0) return;
      await db
        .updateTable("outbox_deliveries")
        .set({ next_attempt_at: leaseUntil.toISOString() })
        .where("id", "in", [...ids])
        .where("status", "=", "delivering")
        .where("lease_holder", "=", holder)
        .execute();
    },

    async renewReceived(jobIds, holder, leaseUntil) {
      if (jobIds.length === 0) return;
      await db
        .updateTable("integration_submissions")
        .set({ available_at: leaseUntil.toISOString() })
        .where("job_id", "in", [...jobIds])
        .where("state", "=", "received")
        .where("lease_holder", "=", holder)
        .execute();
    },

    async renewFetches(ids, holder, leaseUntil) {
      if (ids.length === 0) return;
      await db
        .updateTable("integration_submissions")
        .set({ available_at: leaseUntil.toISOString() })
        .where("id", "in", [...ids])
        .where("state", "=", "fetching")
        .where("lease_holder", "=", holder)
        .execute();
    },

    settleDelivery(id, holder, outcome, attempt, now) {
      const at = now.toISOString();
      return atomically(db, async (trx) => {
        const held = await trx
          .selectFrom("outbox_deliveries")
          .select(["history", "attempts"])
          .where("id", "=", id)
          .where("status", "=", "delivering")
          .where("lease_holder", "=", holder)
          .executeTakeFirst();
        if (!held) return false;
        // A later grade for the same place waited for this one to end (placeAmongVersions): it goes now.
        const waiting = await (await samePlaceDeliveries(trx, id))!
          .later()
          .select("other.id")
          .where("other.status", "=", "pending")
          .where("other.next_attempt_at", ">", at)
          .execute();
        if (waiting.length > 0) {
          await trx
            .updateTable("outbox_deliveries")
            .set({ next_attempt_at: at })
            .where(
              "id",
              "in",
              waiting.map((row) => row.id),
            )
            .execute();
        }
        await trx
          .updateTable("outbox_deliveries")
          .set({
            status: outcome.kind === "retry" ? "pending" : outcome.kind,
            attempts: Number(held.attempts) + 1,
            next_attempt_at: outcome.kind === "retry" ? outcome.at.toISOString() : null,
            lease_holder: null,
            last_error: outcome.kind === "delivered" ? null : outcome.error,
            history: withAttempt(held.history, attempt),
            updated_at: at,
            delivered_at: outcome.kind === "delivered" ? at : null,
            // What this attempt found: a retry by hand that lands cleanly clears an earlier mismatch.
            score_mismatch:
              outcome.kind === "delivered" && outcome.scoreMismatch !== undefined
                ? JSON.stringify(outcome.scoreMismatch)
                : null,
          })
          .where("id", "=", id)
          .where("lease_holder", "=", holder)
          .execute();
        return true;
      });
    },

    claimDelivery({ id, holder, now, leaseUntil, maxAttempts }) {
      const at = now.toISOString();
      return atomically(db, async (trx) => {
        // The claims' lock, as `claimDeliveries` takes it: placing a grade among the others for the same
        // place reads them, and another worker must not claim a later attempt's grade between that read and
        // this one's write (both would be sent, the earlier attempt's possibly last).
        await lockInTransaction(trx, "outbox-claim");
        if ((await endAbandoned(trx, id, at, maxAttempts)) === "dead") return undefined;
        const placed = await placeAmongVersions(trx, id, at);
        if (placed.kind === "superseded") return undefined;
        if (placed.kind === "later") return { later: new Date(placed.at) };
        const row = await trx
          .updateTable("outbox_deliveries")
          .set({
            status: "delivering",
            lease_holder: holder,
            next_attempt_at: leaseUntil.toISOString(),
            updated_at: at,
          })
          .where("id", "=", id)
          .where("status", "in", ["pending", "delivering"])
          .where("next_attempt_at", "<=", at)
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom("integrations")
                .select("integrations.id")
                .whereRef("integrations.id", "=", "outbox_deliveries.integration_id")
                .where("integrations.enabled", "=", 1),
            ),
          )
          .returning([...deliveryColumns, "payload"])
          .executeTakeFirst();
        if (row) return { ...deliveryFromRow(row), payload: row.payload, holder };
        const waiting = await trx
          .selectFrom("outbox_deliveries")
          .innerJoin("integrations", "integrations.id", "outbox_deliveries.integration_id")
          .select(["outbox_deliveries.next_attempt_at"])
          .where("outbox_deliveries.id", "=", id)
          .where("outbox_deliveries.status", "in", ["pending", "delivering"])
          .where("integrations.enabled", "=", 1)
          .executeTakeFirst();
        return waiting?.next_attempt_at ? { later: new Date(waiting.next_attempt_at) } : undefined;
      });
    },

    claimFetch({ id, holder, now, leaseUntil, maxAttempts }) {
      const at = now.toISOString();
      return atomically(db, async (trx) => {
        if ((await endAbandonedFetch(trx, id, at, maxAttempts)) === "failed") return undefined;
        const updated = await trx
          .updateTable("integration_submissions")
          .set({ lease_holder: holder, available_at: leaseUntil.toISOString(), updated_at: at })
          .where("id", "=", id)
          .where("state", "=", "fetching")
          .where("available_at", "<=", at)
          .where(ofEnabledIntegration)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) > 0) {
          const row = await trx
            .selectFrom("integration_submissions")
            .select(submissionColumns)
            .where("id", "=", id)
            .executeTakeFirstOrThrow();
          return { ...submissionFromRow(row), fetchAttempts: Number(row.fetch_attempts) };
        }
        const waiting = await trx
          .selectFrom("integration_submissions")
          .select("available_at")
          .where("id", "=", id)
          .where("state", "=", "fetching")
          .where(ofEnabledIntegration)
          .executeTakeFirst();
        return waiting ? { later: new Date(waiting.available_at) } : undefined;
      });
    },

    async dueWork(dueBy, limit) {
      const by = dueBy.toISOString();
      const deliveries = await db
        .selectFrom("outbox_deliveries")
        .innerJoin("integrations", "integrations.id", "outbox_deliveries.integration_id")
        .select(["outbox_deliveries.id", "outbox_deliveries.next_attempt_at"])
        .where("outbox_deliveries.status", "in", ["pending", "delivering"])
        .where("outbox_deliveries.next_attempt_at", "<=", by)
        .where("integrations.enabled", "=", 1)
        .orderBy("outbox_deliveries.next_attempt_at")
        .limit(limit)
        .execute();
      const fetches = await db
        .selectFrom("integration_submissions")
        .select(["id", "available_at"])
        .where("state", "=", "fetching")
        .where("available_at", "<=", by)
        .where(ofEnabledIntegration)
        .orderBy("available_at")
        .limit(limit)
        .execute();
      return {
        deliveries: deliveries.map((row) => ({ id: row.id, at: new Date(row.next_attempt_at ?? by) })),
        fetches: fetches.map((row) => ({ id: row.id, at: new Date(row.available_at) })),
      };
    },

    async pruneWebhookMessages(before, limit) {
      const old = await db
        .selectFrom("webhook_messages")
        .select(["integration_id", "message_id"])
        .where("received_at", "<", before.toISOString())
        .orderBy("received_at")
        .limit(limit)
        .execute();
      let deleted = 0;
      for (let start = 0; start < old.length; start += 200) {
        const chunk = old.slice(start, start + 200);
        const result = await db
          .deleteFrom("webhook_messages")
          .where((eb) =>
            eb.or(
              chunk.map((row) =>
                eb.and([
                  eb("integration_id", "=", row.integration_id),
                  eb("message_id", "=", row.message_id),
                ]),
              ),
            ),
          )
          .executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
      return deleted;
    },

    async nextDeliveryDueAt() {
      // A disabled integration's deliveries are not due: counted, an overdue one made the runner poll
      // every 10 ms for as long as the integration stayed disabled.
      const row = await db
        .selectFrom("outbox_deliveries")
        .select("next_attempt_at")
        .where("status", "in", ["pending", "delivering"])
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom("integrations")
              .select("integrations.id")
              .whereRef("integrations.id", "=", "outbox_deliveries.integration_id")
              .where("integrations.enabled", "=", 1),
          ),
        )
        .orderBy("next_attempt_at")
        .limit(1)
        .executeTakeFirst();
      return row?.next_attempt_at ? new Date(row.next_attempt_at) : undefined;
    },

    async nextReceivedDueAt() {
      const row = await db
        .selectFrom("integration_submissions")
        .select("available_at")
        .where("state", "in", ["received", "fetching"])
        .where(ofEnabledIntegration)
        .orderBy("available_at")
        .limit(1)
        .executeTakeFirst();
      return row ? new Date(row.available_at) : undefined;
    },

    claimFetches({ holder, limit, now, leaseUntil, maxAttempts }) {
      const at = now.toISOString();
      const until = leaseUntil.toISOString();
      return atomically(db, async (trx) => {
        await lockInTransaction(trx, "integration-fetch-claim");
        const due = await trx
          .selectFrom("integration_submissions")
          .select(submissionColumns)
          .where("state", "=", "fetching")
          .where("available_at", "<=", at)
          .where(ofEnabledIntegration)
          .orderBy("available_at")
          .limit(limit)
          .execute();
        const claimed: (Submission & { fetchAttempts: number })[] = [];
        for (const row of due) {
          const abandoned = await endAbandonedFetch(trx, row.id, at, maxAttempts);
          if (abandoned === "failed") continue;
          const updated = await trx
            .updateTable("integration_submissions")
            .set({ lease_holder: holder, available_at: until, updated_at: at })
            .where("id", "=", row.id)
            .where("state", "=", "fetching")
            .where("available_at", "<=", at)
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) === 0) continue;
          claimed.push({
            ...submissionFromRow(row),
            fetchAttempts: abandoned ?? Number(row.fetch_attempts),
          });
        }
        return claimed;
      });
    },

    completeFetch(id, holder, fetched, now) {
      const at = now.toISOString();
      return atomically(db, async (trx) => {
        const held = await trx
          .selectFrom("integration_submissions")
          .select(submissionColumns)
          .where("id", "=", id)
          .where("state", "=", "fetching")
          .where("lease_holder", "=", holder)
          .executeTakeFirst();
        if (!held) return "lost" as const;
        await lockInTransaction(trx, "integration-submission", held.integration_id, held.external_id);
        const before = await trx
          .selectFrom("integration_submissions")
          .select(["id", "state", "answer_hash", "same_as"])
          .where("integration_id", "=", held.integration_id)
          .where("external_id", "=", held.external_id)
          .where("attempt", "<", held.attempt)
          .orderBy("attempt", "desc")
          .limit(1)
          .executeTakeFirst();
        // The attempt before decides whether this one is unchanged: wait for its text.
        if (before?.state === "fetching") return "wait" as const;
        const unchanged = before !== undefined && before.answer_hash === fetched.answerHash;
        await trx
          .updateTable("integration_submissions")
          .set({
            state: unchanged ? "unchanged" : "received",
            answer: unchanged ? "" : fetched.answer,
            answer_hash: fetched.answerHash,
            same_as: unchanged ? (before.same_as ?? before.id) : null,
            lms_reference: JSON.stringify(fetched.reference),
            available_at: at,
            lease_holder: null,
            error: null,
            updated_at: at,
          })
          .where("id", "=", id)
          .where("lease_holder", "=", holder)
          .execute();
        return unchanged ? ("unchanged" as const) : ("received" as const);
      });
    },

    async settleFetchFailure(id, holder, outcome, now) {
      const at = now.toISOString();
      const retry = "retryAt" in outcome;
      await db
        .updateTable("integration_submissions")
        .set((eb) => ({
          state: retry ? "fetching" : "failed",
          available_at: retry ? outcome.retryAt.toISOString() : at,
          fetch_attempts:
            retry && outcome.free === true ? eb.ref("fetch_attempts") : eb("fetch_attempts", "+", 1),
          lease_holder: null,
          error: outcome.error,
          updated_at: at,
        }))
        .where("id", "=", id)
        .where("state", "=", "fetching")
        .where("lease_holder", "=", holder)
        .execute();
    },
  };
}

/**
 * Deliveries not yet delivered go where the integration now says: an admin who corrects a wrong callback
 * URL, or an LTI assignment's line item, and retries a dead delivery by hand (or waits for the next
 * attempt) reaches the corrected place. The URL had been fixed on each delivery when its grade was
 * released, so a retry went to the old URL again. Delivered ones keep the place they reached. Only what
 * `moved` names is read and rewritten: nothing when the update moved no target.
 */
async function retargetUndelivered(
  trx: Kysely<Database>,
  integrationId: string,
  moved: MovedDeliveryTargets,
): Promise<void> {
  // Not `superseded` ones: they are never sent, anywhere.
  const undelivered = ["pending", "delivering", "dead"] as const;
  if (moved.callbackUrl !== null) {
    await trx
      .updateTable("outbox_deliveries")
      .set({ target_url: moved.callbackUrl })
      .where("integration_id", "=", integrationId)
      .where("target_kind", "=", "webhook")
      .where("status", "in", undelivered)
      .where("target_url", "!=", moved.callbackUrl)
      .execute();
  }
  const { lineItems } = moved;
  if (lineItems.size === 0) return;
  const submissions = await trx
    .selectFrom("integration_submissions")
    .select(["id", "assignment_id", "lms_reference"])
    .where("integration_id", "=", integrationId)
    .where("assignment_id", "in", [...lineItems.keys()])
    .where("lms_reference", "is not", null)
    .execute();
  for (const submission of submissions) {
    const lineItemUrl = lineItems.get(submission.assignment_id!)!;
    const reference = JSON.parse(submission.lms_reference!) as LmsReference;
    if (reference.kind !== "lti" || reference.lineItemUrl === lineItemUrl) continue;
    const retargeted = { ...reference, lineItemUrl };
    await trx
      .updateTable("integration_submissions")
      .set({ lms_reference: JSON.stringify(retargeted) })
      .where("id", "=", submission.id)
      .execute();
    const deliveries = await trx
      .selectFrom("outbox_deliveries")
      .select(["id", "payload"])
      .where("submission_id", "=", submission.id)
      .where("status", "in", undelivered)
      .execute();
    for (const delivery of deliveries) {
      const payload = JSON.parse(delivery.payload) as { reference?: LmsReference };
      if (payload.reference?.kind !== "lti") continue;
      await trx
        .updateTable("outbox_deliveries")
        .set({ payload: JSON.stringify({ ...payload, reference: retargeted }) })
        .where("id", "=", delivery.id)
        .execute();
    }
  }
}

/**
 * A submission of an enabled integration. A disabled one's submissions wait, as its deliveries do: no
 * call to its LMS (its token may be what leaked), no grading paid for, until it is enabled again.
 */
function ofEnabledIntegration(eb: ExpressionBuilder<Database, "integration_submissions">) {
  return eb.exists(
    eb
      .selectFrom("integrations")
      .select("integrations.id")
      .whereRef("integrations.id", "=", "integration_submissions.integration_id")
      .where("integrations.enabled", "=", 1),
  );
}

/**
 * A student's erasure reaches their integration submissions: the student id, the answer and its hash,
 * and the LMS reference (which names the student) are removed, a submission not yet queued is never queued (it fails, naming why), and the outbox rows
 * of their submissions (whose payloads name them and carry their points) are deleted, sent or not.
 */
export async function eraseStudentIntegrationData(
  trx: Kysely<Database>,
  tenantId: string,
  studentId: string,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const submissions = await trx
    .selectFrom("integration_submissions")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("student_id", "=", studentId)
    .execute();
  if (submissions.length === 0) return;
  const ids = submissions.map((row) => row.id);
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    await trx
      .deleteFrom("outbox_deliveries")
      .where("tenant_id", "=", tenantId)
      .where("submission_id", "in", chunk)
      .execute();
    await trx
      .updateTable("integration_submissions")
      .set({ state: "failed", error: "the student's data was erased", lease_holder: null })
      .where("id", "in", chunk)
      .where("state", "in", ["received", "fetching"])
      .execute();
    // The LMS reference names the student (Canvas and LTI `userId`, Moodle `userId`), and a Moodle
    // submission's id is `<courseModuleId>:<userId>`: both go, the id replaced by the row's own. Nothing
    // needs them again: the row is never fetched, queued or passed back after this.
    await trx
      .updateTable("integration_submissions")
      .set((eb) => ({
        student_id: null,
        answer: "",
        answer_hash: "",
        lms_reference: null,
        external_id: eb
          .case()
          .when("lms_reference", "like", '{"kind":"moodle"%')
          .then(eb.ref("id"))
          .else(eb.ref("external_id"))
          .end(),
        updated_at: at,
      }))
      .where("id", "in", chunk)
      .execute();
  }
}
