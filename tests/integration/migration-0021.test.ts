import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrationBackends } from "../helpers/migration-backends.js";

const backends = migrationBackends("migration_0021");

const at = "2026-12-01T10:00:00.000Z";
const supersededError =
  "superseded: the grade of attempt 2 of this LMS submission was released after it, and is sent instead (the LMS keeps one grade for every attempt)";

async function insertDelivery(
  db: Kysely<unknown>,
  id: string,
  submissionId: string,
  version: number,
  history: { outcome: string; error: string | null; httpStatus: number | null }[],
) {
  const lines = history.map((line) => ({ at, durationMs: 0, ...line }));
  const lastError = history.at(-1)?.outcome === "delivered" ? null : (history.at(-1)?.error ?? null);
  const status = history.at(-1)?.outcome === "delivered" ? "delivered" : "dead";
  await sql`insert into outbox_deliveries (id, tenant_id, integration_id, submission_id, grade_id, grade_version, message_id, target_kind, target_url, payload, status, attempts, next_attempt_at, lease_holder, last_error, history, created_at, updated_at, delivered_at)
    values (${id}, 'default', 'int_1', ${submissionId}, ${`grd_${submissionId}`}, ${version}, ${`grd_${submissionId}.v${version}`}, 'canvas', 'https://school.instructure.com', '{}', ${status}, ${history.length}, null, null, ${lastError}, ${JSON.stringify(lines)}, ${at}, ${at}, null)`.execute(
    db,
  );
}

async function insertSubmission(
  db: Kysely<unknown>,
  id: string,
  attempt: number,
  externalId = "canvas-sub-1",
) {
  await sql`insert into integration_submissions (id, tenant_id, integration_id, external_id, attempt, student_id, assignment_id, rubric_id, rubric_version, answer, answer_hash, state, same_as, job_id, job_seq, available_at, lease_holder, released_version, error, received_at, updated_at, lms_reference, fetch_attempts)
    values (${id}, 'default', 'int_1', ${externalId}, ${attempt}, 's-1', 'hw-1', 'photosynthesis-basics', 'v1', '', ${`hash-${id}`}, 'queued', null, null, null, ${at}, null, 1, null, ${at}, ${at}, null, 0)`.execute(
    db,
  );
}

describe.each(backends)(
  "upgrading a $name database with superseded passbacks stored dead (0021)",
  ({ migrateTo, skip }) => {
    it.skipIf(skip)(
      `makes a delivery a later grade replaced \`superseded\`, and leaves one given up \`dead\`${skip ? ` (skipped: ${skip})` : ""}`,
      async () => {
        const migrated = await migrateTo("0019-client-ids-composed");
        const before = migrated.db;
        await sql`insert into integrations (id, tenant_id, type, name, enabled, assignments, default_rubric, hold_for_review, callback_url, sealed_secret, sealed_previous_secret, previous_secret_expires_at, sealed_credentials, created_at, updated_at, lms_settings)
          values ('int_1', 'default', 'canvas', 'Canvas', 1, '{}', null, 0, null, 'sealed', null, null, null, ${at}, ${at}, ${JSON.stringify({ url: "https://school.instructure.com" })})`.execute(
          before,
        );
        await insertSubmission(before, "sbm_1", 1);
        await insertSubmission(before, "sbm_2", 2);
        // Attempt 1's grade: answered 503 once, then replaced by attempt 2's before its retry.
        await insertDelivery(before, "dlv_1", "sbm_1", 1, [
          { outcome: "retry", error: "HTTP 503", httpStatus: 503 },
          { outcome: "dead", error: supersededError, httpStatus: null },
        ]);
        // Another LMS submission: attempt 1's grade given up (403), attempt 2's delivered after it.
        await insertSubmission(before, "sbm_3", 1, "canvas-sub-2");
        await insertSubmission(before, "sbm_4", 2, "canvas-sub-2");
        await insertDelivery(before, "dlv_3", "sbm_3", 1, [
          { outcome: "dead", error: "HTTP 403: not retried", httpStatus: 403 },
        ]);
        await insertDelivery(before, "dlv_4", "sbm_4", 1, [
          { outcome: "delivered", error: null, httpStatus: 200 },
        ]);
        // Attempt 2's grade: refused for good (a token Canvas no longer takes).
        await insertDelivery(before, "dlv_2", "sbm_2", 1, [
          { outcome: "dead", error: "HTTP 401: Invalid access token.: not retried", httpStatus: 401 },
        ]);

        const storage = await migrated.openStorage();
        const store = storage.integrationsFor("default");
        const replaced = (await store.findSubmission("sbm_1"))!.deliveries;
        expect(replaced.map((delivery) => [delivery.id, delivery.status, delivery.lastError])).toEqual([
          ["dlv_1", "superseded", supersededError],
        ]);
        expect(replaced[0]!.history.map((line) => line.outcome)).toEqual(["retry", "superseded"]);
        const givenUp = (await store.findSubmission("sbm_2"))!.deliveries;
        expect(givenUp.map((delivery) => [delivery.id, delivery.status])).toEqual([["dlv_2", "dead"]]);
        expect(givenUp[0]!.history.map((line) => line.outcome)).toEqual(["dead"]);
        // Given up, then replaced by a later attempt's grade: nothing left to retry.
        const replacedAfter = (await store.findSubmission("sbm_3"))!.deliveries[0]!;
        expect(replacedAfter.status).toBe("superseded");
        expect(replacedAfter.lastError).toMatch(/^superseded: a newer grade for the same place /);
        expect(replacedAfter.history.map((line) => [line.outcome, line.httpStatus])).toEqual([
          ["dead", 403],
          ["superseded", null],
        ]);
        const listed = await store.listSubmissions({ passbackStatus: "dead", limit: 10 });
        expect(listed.map((row) => row.submission.id)).toEqual(["sbm_2"]);
        expect((await store.deliveryCounts(["int_1"])).get("int_1")).toEqual({
          pending: 0,
          delivering: 0,
          delivered: 1,
          dead: 1,
          superseded: 2,
          scoreMismatch: 0,
        });
      },
    );
  },
);
