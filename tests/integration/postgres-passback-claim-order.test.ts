import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NewSubmission } from "../../src/grading/integrations.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import {
  createTestDatabase,
  postgresSkipReason,
  postgresUrl,
  type TestDatabase,
} from "../helpers/postgres.js";
import {
  newSubmission,
  storedIntegration,
  storeNow,
  storeTenantId,
} from "../helpers/integration-store-fixtures.js";

/**
 * A passback claimed by one BullMQ worker (`claimDelivery`, one delivery by id) while another worker claims
 * the grade of the student's later attempt, on PostgreSQL (READ COMMITTED, several processes). The LMS keeps
 * one grade for every attempt, so the earlier attempt's grade must never go out after the later one's: the
 * later one waits while the earlier is being sent.
 */

const tenantId = storeTenantId;
const now = storeNow;
const at = (seconds: number) => new Date(now.getTime() + seconds * 1_000);

const canvas = storedIntegration("canvas-1", "canvas");

const attempt = (id: string, number: number): NewSubmission =>
  newSubmission(id, canvas.id, {
    externalId: "canvas-sub-1",
    attempt: number,
    studentId: "student-1",
    answer: `Light and water make glucose (attempt ${number}).`,
  });

describe.skipIf(postgresUrl)("passback claims of two attempts at once on PostgreSQL", () => {
  it.skip(`skipped: ${postgresSkipReason}`, () => {});
});

describe.runIf(postgresUrl)("passback claims of two attempts at once on PostgreSQL", () => {
  let database: TestDatabase;
  let storage: Storage;
  let blocker: pg.Client;
  beforeEach(async () => {
    database = await createTestDatabase("passback_claim_order");
    storage = await openStorage(database.config);
    blocker = new pg.Client({ connectionString: (database.config as { url: string }).url });
    await blocker.connect();
  });
  afterEach(async () => {
    await blocker.end();
    await storage.close();
    await database.drop();
  });

  async function submitAndRelease(id: string, number: number, seconds: number) {
    const queue = storage.integrationQueue;
    const recorded = await queue.recordEvent({
      tenantId,
      messageId: `message-${id}`,
      submission: attempt(id, number),
      now,
    });
    expect(recorded.outcome).toBe("accepted");
    const released = await queue.release({
      id: `dlv_${id}`,
      tenantId,
      integrationId: canvas.id,
      submissionId: id,
      gradeId: `grd_${id}`,
      gradeVersion: 1,
      messageId: `grd_${id}.v1`,
      target: { kind: "canvas", url: "https://school.instructure.com" },
      nextAttemptAt: at(seconds).toISOString(),
      createdAt: at(seconds).toISOString(),
      payload: JSON.stringify({ attempt: number }),
    });
    expect(released).toBe(true);
  }

  /** Sessions of this database waiting for a lock (the claims held up below). */
  async function waitingForLocks(): Promise<number> {
    // The blocking session is inside a transaction, which would see one snapshot of the activity.
    await blocker.query("select pg_stat_clear_snapshot()");
    const { rows } = await blocker.query<{ waiting: string }>(
      "select count(*) as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    );
    return Number(rows[0]!.waiting);
  }
  async function until(condition: () => Promise<boolean>) {
    for (let waited = 0; waited < 5_000 && !(await condition()); waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it("makes the later attempt's claim wait while the earlier one's is being claimed, so it is not sent first", async () => {
    // Regression: `claimDelivery` (the BullMQ path) placed a delivery among the grades for the same place
    // without the claims' lock. A worker that had placed attempt 1's grade (nothing later yet) and not yet
    // marked it `delivering` let a second worker claim attempt 2's grade; both were then sent, attempt 1's
    // possibly last, putting its points on the student's latest work.
    await storage.integrationsFor(tenantId).create(canvas);
    await submitAndRelease("sbm_a1", 1, 0);
    const claim = (id: string, seconds: number) =>
      storage.integrationQueue.claimDelivery({
        id,
        holder: `worker-${id}`,
        now: at(seconds),
        leaseUntil: at(seconds + 30),
        maxAttempts: 8,
      });

    // Hold worker 1's claim of attempt 1 between its reads and its write: another session locks the row.
    await blocker.query("begin");
    await blocker.query("select id from outbox_deliveries where id = 'dlv_sbm_a1' for update");
    const first = claim("dlv_sbm_a1", 1);
    await until(async () => (await waitingForLocks()) >= 1);
    expect(await waitingForLocks()).toBe(1);

    // Attempt 2 is graded and released meanwhile, and worker 2 claims it.
    await submitAndRelease("sbm_a2", 2, 1);
    let secondSettled = false;
    const second = claim("dlv_sbm_a2", 2).finally(() => {
      secondSettled = true;
    });
    await until(async () => secondSettled || (await waitingForLocks()) >= 2);

    await blocker.query("commit");
    const [claimedFirst, claimedSecond] = await Promise.all([first, second]);
    // Attempt 1's grade is being sent; attempt 2's waits until it ends (then goes, the latest).
    expect(claimedFirst).toMatchObject({ id: "dlv_sbm_a1", holder: "worker-dlv_sbm_a1" });
    expect(claimedSecond).toEqual({ later: at(31) });
  });
});
