import { DefaultQueryExecutor } from "kysely";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type {
  DeliveryOutcome,
  LmsGradePayload,
  LmsReference,
  NewSubmission,
  StoredIntegration,
} from "../../src/grading/integrations.js";
import type { Storage } from "../../src/storage/database.js";
import {
  newSubmission,
  storedIntegration,
  storeNow,
  storeTenantId,
} from "../helpers/integration-store-fixtures.js";
import { storageBackends } from "../helpers/storage-backends.js";

/**
 * The integration store's contract, on every storage backend (SQLite in memory and in a file, and
 * PostgreSQL when GRADER_TEST_POSTGRES_URL is set): what the service relies on behaves the same on each.
 */
const backends = storageBackends("integration store contract", "integration_store", "grader.db");

const tenantId = storeTenantId;
const holder = "runner-1";
const now = storeNow;
const leaseUntil = new Date(now.getTime() + 60_000);

const integration = storedIntegration;
const submission = newSubmission;

describe.each(backends)("integration store contract: $name", ({ open }) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ storage, cleanup } = await open());
  });
  afterEach(async () => {
    await storage.close();
    await cleanup();
  });

  async function record(newSubmission: NewSubmission) {
    const recorded = await storage.integrationQueue.recordEvent({
      tenantId,
      messageId: `message-${newSubmission.id}`,
      submission: newSubmission,
      now,
    });
    expect(recorded.outcome).toBe("accepted");
  }

  /** `seconds` after the tests' now. */
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1_000);
  /** Releases version `version` of a submission's grade for passback to `target`, due `seconds` after now. */
  async function releaseVersion(
    submissionId: string,
    version: number,
    seconds: number,
    integrationId: string,
    target: Parameters<Storage["integrationQueue"]["release"]>[0]["target"],
  ) {
    const released = await storage.integrationQueue.release({
      id: `dlv_${submissionId}_v${version}`,
      tenantId,
      integrationId,
      submissionId,
      gradeId: `grd_${submissionId}`,
      gradeVersion: version,
      messageId: `grd_${submissionId}.v${version}`,
      target,
      nextAttemptAt: at(seconds).toISOString(),
      createdAt: at(seconds).toISOString(),
      payload: JSON.stringify({ version }),
    });
    expect(released).toBe(true);
  }
  /** The deliveries due `seconds` after now, claimed by `holder` for 30 s. */
  const claimDue = (seconds: number) =>
    storage.integrationQueue.claimDeliveries({
      holder,
      limit: 10,
      now: at(seconds),
      leaseUntil: at(seconds + 30),
      maxAttempts: 8,
    });
  /** Settles a delivery `holder` claimed, as the runner does after an attempt `seconds` after now. */
  const settleAt = (id: string, outcome: DeliveryOutcome, seconds: number) =>
    storage.integrationQueue.settleDelivery(
      id,
      holder,
      outcome,
      {
        at: at(seconds).toISOString(),
        httpStatus: outcome.httpStatus,
        outcome: outcome.kind,
        error: null,
        durationMs: 1,
      },
      at(seconds),
    );

  /** A Canvas submission whose text could not be fetched: `failed`, one attempt used, no job. */
  async function failedFetch(id: string) {
    const fetchFrom: LmsReference = { kind: "canvas", courseId: "1", assignmentId: "hw-1", userId: "7" };
    await record(submission(id, "canvas-1", { answer: "", answerHash: "", fetchFrom }));
    const claimed = await storage.integrationQueue.claimFetch({
      id,
      holder,
      now,
      leaseUntil,
      maxAttempts: 8,
    });
    expect(claimed).toMatchObject({ id, fetchAttempts: 0 });
    await storage.integrationQueue.settleFetchFailure(id, holder, { error: "Canvas answered 401" }, now);
  }

  /** Submissions that had their text but could not be queued (their rubric was archived): `failed`, with a job id. */
  async function failedDispatch(...submissions: NewSubmission[]) {
    for (const newSubmission of submissions) await record(newSubmission);
    const claimed = await storage.integrationQueue.claimReceived({
      holder,
      limit: 10,
      now,
      leaseUntil,
      newJobId: () => "job_failed",
    });
    expect(claimed.map((row) => row.id).sort()).toEqual(submissions.map((row) => row.id).sort());
    await storage.integrationQueue.markFailed("job_failed", holder, "The rubric is archived.", now);
  }

  const findSubmission = async (id: string) =>
    (await storage.integrationsFor(tenantId).findSubmission(id))!.submission;

  it("tries a failed submission again in one step, saying whether it is fetched again or queued again", async () => {
    const store = storage.integrationsFor(tenantId);
    await store.create(integration("canvas-1", "canvas"));
    await store.create(integration("lti-1", "lti"));
    await store.create(integration("webhook-1", "webhook"));
    await failedFetch("sbm_fetch");
    const lti: LmsReference = {
      kind: "lti",
      lineItemUrl: "https://lms.example.edu/lineitems/1",
      userId: "7",
    };
    await failedDispatch(
      submission("sbm_dispatch", "webhook-1"),
      submission("sbm_lti", "lti-1", { reference: lti }),
    );
    for (const id of ["sbm_fetch", "sbm_dispatch", "sbm_lti"]) {
      expect(await findSubmission(id)).toMatchObject({ state: "failed", error: expect.any(String) });
    }
    const retryAt = new Date(now.getTime() + 5_000);

    // A failed fetch is fetched again with fresh attempts.
    expect(await store.retryFailedSubmission("sbm_fetch", retryAt)).toBe("fetch");
    expect(await findSubmission("sbm_fetch")).toMatchObject({ state: "fetching", jobId: null, error: null });
    expect(
      await storage.integrationQueue.claimFetch({
        id: "sbm_fetch",
        holder,
        now: retryAt,
        leaseUntil: retryAt,
        maxAttempts: 8,
      }),
    ).toMatchObject({ id: "sbm_fetch", fetchAttempts: 0 });

    // A failed dispatch (an LTI submission brought its text too) is queued again, in a new job, with its text.
    expect(await store.retryFailedSubmission("sbm_dispatch", retryAt)).toBe("dispatch");
    expect(await store.retryFailedSubmission("sbm_lti", retryAt)).toBe("dispatch");
    for (const id of ["sbm_dispatch", "sbm_lti"]) {
      expect(await findSubmission(id)).toMatchObject({
        state: "received",
        jobId: null,
        jobSeq: null,
        error: null,
      });
    }
    const requeued = await storage.integrationQueue.claimReceived({
      holder,
      limit: 10,
      now: retryAt,
      leaseUntil: retryAt,
      newJobId: () => "job_again",
    });
    expect(requeued.map((row) => [row.id, row.jobId, row.answer]).sort()).toEqual([
      ["sbm_dispatch", "job_again", "Light and water make glucose (sbm_dispatch)."],
      ["sbm_lti", "job_again", "Light and water make glucose (sbm_lti)."],
    ]);
  });

  it("renews the lease of received submissions being queued, only for the holder that claimed them", async () => {
    // Regression: a job's creation slower than the lease let another runner claim the same submissions.
    await storage.integrationsFor(tenantId).create(integration("webhook-1", "webhook"));
    await record(submission("sbm_slow_job", "webhook-1"));
    const claimed = await storage.integrationQueue.claimReceived({
      holder,
      limit: 10,
      now,
      leaseUntil: at(60),
      newJobId: () => "job_slow",
    });
    expect(claimed.map((row) => row.id)).toEqual(["sbm_slow_job"]);
    await storage.integrationQueue.renewReceived(["job_slow"], "someone-else", at(1000));
    await storage.integrationQueue.renewReceived(["job_slow"], holder, at(120));
    const claimOther = (seconds: number) =>
      storage.integrationQueue.claimReceived({
        holder: "runner-2",
        limit: 10,
        now: at(seconds),
        leaseUntil: at(seconds + 60),
        newJobId: () => "job_other",
      });
    // Past the first lease, within the renewed one: nobody else claims them.
    expect(await claimOther(90)).toEqual([]);
    // The renewal by someone else did not extend it: past the renewed lease they are claimed again.
    expect((await claimOther(121)).map((row) => [row.id, row.jobId])).toEqual([["sbm_slow_job", "job_slow"]]);
  });

  it("tries nothing again that is not failed, unknown, or another school's", async () => {
    const store = storage.integrationsFor(tenantId);
    await store.create(integration("canvas-1", "canvas"));
    await store.create(integration("webhook-1", "webhook"));
    await failedFetch("sbm_fetch");
    await record(submission("sbm_received", "webhook-1"));

    expect(await store.retryFailedSubmission("sbm_received", now)).toBeNull();
    expect(await findSubmission("sbm_received")).toMatchObject({ state: "received" });
    expect(await store.retryFailedSubmission("sbm_unknown", now)).toBeNull();
    expect(await storage.integrationsFor("north").retryFailedSubmission("sbm_fetch", now)).toBeNull();
    expect(await findSubmission("sbm_fetch")).toMatchObject({ state: "failed" });
    // Tried again once: it is fetching now, not failed, so a second try changes nothing.
    expect(await store.retryFailedSubmission("sbm_fetch", now)).toBe("fetch");
    expect(await store.retryFailedSubmission("sbm_fetch", now)).toBeNull();
  });

  it("counts a delivery whose sender died as an attempt, and ends it dead at the last instead of sending it again", async () => {
    // Regression: a takeover counted nothing, so a message that brought its sender down every time (say,
    // a receiver's answer that crashed the process) was retried forever and never became dead.
    const webhook: StoredIntegration = {
      ...integration("webhook-1", "webhook"),
      callbackUrl: "https://portal.example.edu/callbacks",
    };
    await storage.integrationsFor(tenantId).create(webhook);
    for (const id of ["sbm_batch", "sbm_single"]) {
      await record(submission(id, "webhook-1"));
      expect(
        await storage.integrationQueue.release({
          id: `dlv_${id}`,
          tenantId,
          integrationId: "webhook-1",
          submissionId: id,
          gradeId: `grd_${id}`,
          gradeVersion: 1,
          messageId: `grd_${id}.v1`,
          target: { kind: "webhook", url: webhook.callbackUrl! },
          nextAttemptAt: now.toISOString(),
          createdAt: now.toISOString(),
          payload: "{}",
        }),
      ).toBe(true);
    }
    const queue = storage.integrationQueue;
    const claimBatch = (seconds: number) =>
      queue.claimDeliveries({
        holder: `dies-${seconds}`,
        limit: 10,
        now: at(seconds),
        leaseUntil: at(seconds + 0.5),
        maxAttempts: 3,
      });
    const claimSingle = (seconds: number) =>
      queue.claimDelivery({
        id: "dlv_sbm_single",
        holder: `dies-${seconds}`,
        now: at(seconds),
        leaseUntil: at(seconds + 0.5),
        maxAttempts: 3,
      });
    // Each claim's holder dies before it settles; the next claim comes after the lease ran out.
    const leased = await claimSingle(0);
    expect(leased && "payload" in leased && leased.attempts).toBe(0);
    const first = await claimBatch(1);
    expect(first.map((delivery) => [delivery.id, delivery.attempts])).toEqual([
      ["dlv_sbm_batch", 0],
      ["dlv_sbm_single", 1],
    ]);
    const second = await claimBatch(2);
    expect(second.map((delivery) => [delivery.id, delivery.attempts])).toEqual([
      ["dlv_sbm_batch", 1],
      ["dlv_sbm_single", 2],
    ]);
    expect(second[1]!.history.map((attempt) => [attempt.outcome, attempt.error])).toEqual([
      ["retry", "the process sending it stopped before the receiver's answer was recorded"],
      ["retry", "the process sending it stopped before the receiver's answer was recorded"],
    ]);
    // The third abandoned attempt was the last: dead, with its reason, and not claimed again.
    expect(await claimSingle(3)).toBeUndefined();
    const third = await claimBatch(3);
    expect(third.map((delivery) => [delivery.id, delivery.attempts])).toEqual([["dlv_sbm_batch", 2]]);
    expect(await claimBatch(4)).toEqual([]);
    for (const submissionId of ["sbm_batch", "sbm_single"]) {
      const [delivery] = (await storage.integrationsFor(tenantId).findSubmission(submissionId))!.deliveries;
      expect(delivery).toMatchObject({
        status: "dead",
        attempts: 3,
        lastError:
          "the process sending it stopped before the receiver's answer was recorded (after 3 attempts)",
      });
    }
  });

  it("sends a submission's grade versions in order and never an older one after a newer", async () => {
    // Regression: each version's delivery was sent on its own, so a version 1 that Canvas answered 503
    // was sent again after the teacher's version 2 had gone, putting the model's points back in the LMS;
    // one released while the older was being sent went side by side with it; and a retry by hand sent
    // every dead version again.
    const webhook: StoredIntegration = {
      ...integration("webhook-1", "webhook"),
      callbackUrl: "https://portal.example.edu/callbacks",
    };
    await storage.integrationsFor(tenantId).create(webhook);
    const queue = storage.integrationQueue;
    const release = (submissionId: string, version: number, seconds: number) =>
      releaseVersion(submissionId, version, seconds, "webhook-1", {
        kind: "webhook",
        url: webhook.callbackUrl!,
      });
    const claim = claimDue;
    const settle = settleAt;
    const deliveries = async (submissionId: string) =>
      Object.fromEntries(
        (await storage.integrationsFor(tenantId).findSubmission(submissionId))!.deliveries.map((delivery) => [
          delivery.gradeVersion,
          delivery.status,
        ]),
      );

    // Version 1 fails and waits to be retried; version 2 is released and delivered meanwhile.
    await record(submission("sbm_retried", "webhook-1"));
    await release("sbm_retried", 1, 0);
    expect((await claim(0)).map((delivery) => delivery.id)).toEqual(["dlv_sbm_retried_v1"]);
    await settle("dlv_sbm_retried_v1", { kind: "retry", httpStatus: 503, error: "503", at: at(10) }, 1);
    await release("sbm_retried", 2, 2);
    expect((await claim(2)).map((delivery) => delivery.id)).toEqual(["dlv_sbm_retried_v2"]);
    expect(await settle("dlv_sbm_retried_v2", { kind: "delivered", httpStatus: 200 }, 3)).toBe(true);
    // Version 1's retry is due: it is not sent after version 2, and says why.
    expect(await claim(10)).toEqual([]);
    expect(
      await queue.claimDelivery({
        id: "dlv_sbm_retried_v1",
        holder,
        now: at(10),
        leaseUntil: at(40),
        maxAttempts: 8,
      }),
    ).toBeUndefined();
    expect(await deliveries("sbm_retried")).toEqual({ 1: "superseded", 2: "delivered" });
    const [superseded] = (await storage
      .integrationsFor(tenantId)
      .findSubmission("sbm_retried"))!.deliveries.filter((delivery) => delivery.gradeVersion === 1);
    expect(superseded!.lastError).toMatch(/^superseded: version 2/);
    // A retry by hand sends nothing older than what was delivered.
    expect(await storage.integrationsFor(tenantId).requeueDead("sbm_retried", at(11))).toBe(0);
    expect(await claim(12)).toEqual([]);

    // Version 2 is released while version 1 is being sent: it waits for version 1 to end, then goes.
    await record(submission("sbm_in_flight", "webhook-1"));
    await release("sbm_in_flight", 1, 20);
    expect((await claim(20)).map((delivery) => delivery.id)).toEqual(["dlv_sbm_in_flight_v1"]);
    await release("sbm_in_flight", 2, 21);
    expect(await claim(21)).toEqual([]);
    expect(
      await queue.claimDelivery({
        id: "dlv_sbm_in_flight_v2",
        holder,
        now: at(21),
        leaseUntil: at(51),
        maxAttempts: 8,
      }),
    ).toEqual({ later: at(50) });
    expect(await settle("dlv_sbm_in_flight_v1", { kind: "delivered", httpStatus: 200 }, 22)).toBe(true);
    expect((await claim(22)).map((delivery) => delivery.id)).toEqual(["dlv_sbm_in_flight_v2"]);
  });

  it("never passes an earlier attempt's grade back to the LMS after a later attempt's", async () => {
    // Regression: versions were ordered within one attempt only, but Canvas and Moodle grade the latest
    // attempt and LTI keeps one score per line item and user. Attempt 1's grade that Canvas answered 503
    // was sent again after attempt 2's had been delivered, and a teacher's later change of attempt 1
    // went out too: either put attempt 1's points on the student's latest work.
    await storage.integrationsFor(tenantId).create(integration("canvas-1", "canvas"));
    await storage.integrationsFor(tenantId).create({
      ...integration("webhook-2", "webhook"),
      callbackUrl: "https://portal.example.edu/callbacks",
    });
    const queue = storage.integrationQueue;
    const release = (submissionId: string, version: number, seconds: number, integrationId = "canvas-1") =>
      releaseVersion(
        submissionId,
        version,
        seconds,
        integrationId,
        integrationId === "canvas-1"
          ? { kind: "canvas", url: "https://school.instructure.com" }
          : { kind: "webhook", url: "https://portal.example.edu/callbacks" },
      );
    const claim = async (seconds: number) => (await claimDue(seconds)).map((delivery) => delivery.id);
    const settle = settleAt;
    const delivery = async (submissionId: string, version: number) =>
      (await storage.integrationsFor(tenantId).findSubmission(submissionId))!.deliveries.find(
        (candidate) => candidate.gradeVersion === version,
      )!;
    const attempt = (id: string, externalId: string, number: number, integrationId = "canvas-1") =>
      record(submission(id, integrationId, { externalId, attempt: number, answerHash: `hash-${id}` }));

    // Attempt 1's grade fails and waits to be retried; attempt 2's is released and delivered meanwhile.
    await attempt("sbm_a1", "canvas-sub-1", 1);
    await release("sbm_a1", 1, 0);
    expect(await claim(0)).toEqual(["dlv_sbm_a1_v1"]);
    await settle("dlv_sbm_a1_v1", { kind: "retry", httpStatus: 503, error: "503", at: at(10) }, 1);
    await attempt("sbm_a2", "canvas-sub-1", 2);
    await release("sbm_a2", 1, 2);
    expect(await claim(2)).toEqual(["dlv_sbm_a2_v1"]);
    expect(await settle("dlv_sbm_a2_v1", { kind: "delivered", httpStatus: 200 }, 3)).toBe(true);
    // Attempt 1's retry is due: it is not sent after attempt 2's grade, and says why.
    expect(await claim(10)).toEqual([]);
    expect(
      await queue.claimDelivery({
        id: "dlv_sbm_a1_v1",
        holder,
        now: at(10),
        leaseUntil: at(40),
        maxAttempts: 8,
      }),
    ).toBeUndefined();
    const superseded = await delivery("sbm_a1", 1);
    expect(superseded.status).toBe("superseded");
    expect(superseded.lastError).toMatch(/^superseded: the grade of attempt 2 /);
    // Neither a retry by hand nor a teacher's later change of attempt 1 reaches the LMS.
    expect(await storage.integrationsFor(tenantId).requeueDead("sbm_a1", at(11))).toBe(0);
    await release("sbm_a1", 2, 12);
    expect(await claim(12)).toEqual([]);
    expect((await delivery("sbm_a1", 2)).lastError).toMatch(/^superseded: the grade of attempt 2 /);
    expect((await delivery("sbm_a2", 1)).status).toBe("delivered");

    // Attempt 2's grade is released while attempt 1's is being sent: it waits for that one, then goes.
    await attempt("sbm_b1", "canvas-sub-2", 1);
    await release("sbm_b1", 1, 20);
    expect(await claim(20)).toEqual(["dlv_sbm_b1_v1"]);
    await attempt("sbm_b2", "canvas-sub-2", 2);
    await release("sbm_b2", 1, 21);
    expect(await claim(21)).toEqual([]);
    expect(await settle("dlv_sbm_b1_v1", { kind: "delivered", httpStatus: 200 }, 22)).toBe(true);
    expect(await claim(22)).toEqual(["dlv_sbm_b2_v1"]);

    // A callback receiver tells attempts apart by their grade ids: each attempt's grade goes out.
    await attempt("sbm_c1", "portal-sub", 1, "webhook-2");
    await attempt("sbm_c2", "portal-sub", 2, "webhook-2");
    await release("sbm_c2", 1, 30, "webhook-2");
    await release("sbm_c1", 1, 30, "webhook-2");
    expect((await claim(30)).sort()).toEqual(["dlv_sbm_c1_v1", "dlv_sbm_c2_v1"]);
  });

  it("keeps a delivery a later grade replaced apart from the dead ones: its own state, its own filter, never retried", async () => {
    // Regression: a passback replaced by a later attempt's grade before it was sent was stored `dead`, so
    // `passbackStatus=dead` listed it (and every dead count counted it) beside the passbacks really given up,
    // though nothing was wrong and a retry by hand could do nothing for it.
    await storage.integrationsFor(tenantId).create(integration("canvas-1", "canvas"));
    const store = storage.integrationsFor(tenantId);
    const release = (submissionId: string, seconds: number) =>
      releaseVersion(submissionId, 1, seconds, "canvas-1", {
        kind: "canvas",
        url: "https://school.instructure.com",
      });
    const attempt = (id: string, number: number) =>
      record(
        submission(id, "canvas-1", { externalId: "canvas-sub-9", attempt: number, answerHash: `hash-${id}` }),
      );
    // Attempt 1's grade is answered 503 and waits; attempt 2's is released meanwhile and given up (401).
    await attempt("sbm_first", 1);
    await release("sbm_first", 0);
    expect((await claimDue(0)).map((delivery) => delivery.id)).toEqual(["dlv_sbm_first_v1"]);
    await settleAt("dlv_sbm_first_v1", { kind: "retry", httpStatus: 503, error: "503", at: at(10) }, 1);
    await attempt("sbm_second", 2);
    await release("sbm_second", 2);
    expect((await claimDue(2)).map((delivery) => delivery.id)).toEqual(["dlv_sbm_second_v1"]);
    await settleAt("dlv_sbm_second_v1", { kind: "dead", httpStatus: 401, error: "HTTP 401" }, 3);
    // Attempt 1's retry comes due: it is replaced, not sent.
    expect(await claimDue(10)).toEqual([]);

    const [replaced] = (await store.findSubmission("sbm_first"))!.deliveries;
    expect(replaced).toMatchObject({ status: "superseded", nextAttemptAt: null });
    expect(replaced!.lastError).toMatch(/^superseded: the grade of attempt 2 /);
    expect(replaced!.history.at(-1)).toMatchObject({ outcome: "superseded", httpStatus: null });
    const listed = async (passbackStatus: "dead" | "superseded") =>
      (await store.listSubmissions({ passbackStatus, limit: 10 })).map((row) => [
        row.submission.id,
        row.latestDeliveryStatus,
      ]);
    expect(await listed("dead")).toEqual([["sbm_second", "dead"]]);
    expect(await listed("superseded")).toEqual([["sbm_first", "superseded"]]);
    const counts = async () => Object.fromEntries(await store.deliveryCounts(["canvas-1"]));
    expect(await counts()).toEqual({
      "canvas-1": { pending: 0, delivering: 0, delivered: 0, dead: 1, superseded: 1, scoreMismatch: 0 },
    });
    // A retry by hand puts back the dead one only, and the replaced one is never claimed again.
    expect(await store.requeueDead("sbm_first", at(11))).toBe(0);
    expect(await store.requeueDead("sbm_second", at(11))).toBe(1);
    expect((await claimDue(12)).map((delivery) => delivery.id)).toEqual(["dlv_sbm_second_v1"]);
    expect((await store.findSubmission("sbm_first"))!.deliveries[0]!.status).toBe("superseded");
    expect(await counts()).toEqual({
      "canvas-1": { pending: 0, delivering: 1, delivered: 0, dead: 0, superseded: 1, scoreMismatch: 0 },
    });
  });

  it("keeps the score an LMS kept other than the one sent on the delivered passback, and a later clean delivery clears it from the filter and the count", async () => {
    // Regression: a passback Canvas took with another score than the one sent was a clean success: what it
    // kept was read nowhere and stored nowhere.
    await storage.integrationsFor(tenantId).create(integration("canvas-1", "canvas"));
    const store = storage.integrationsFor(tenantId);
    await record(submission("sbm_late", "canvas-1"));
    await releaseVersion("sbm_late", 1, 0, "canvas-1", {
      kind: "canvas",
      url: "https://school.instructure.com",
    });
    expect((await claimDue(0)).map((delivery) => delivery.id)).toEqual(["dlv_sbm_late_v1"]);
    const scoreMismatch = {
      sent: { points: 13.5, maxPoints: 20 },
      kept: { score: 12.15, grade: "12.15", pointsDeducted: 1.35 },
      reason:
        "Canvas kept a score of 12.15 where 13.5 was sent; its late or missing policy deducted 1.35 points",
    };
    await settleAt("dlv_sbm_late_v1", { kind: "delivered", httpStatus: 200, scoreMismatch }, 1);
    const [delivered] = (await store.findSubmission("sbm_late"))!.deliveries;
    expect(delivered).toMatchObject({ status: "delivered", lastError: null, scoreMismatch });
    expect((await store.deliveryCounts(["canvas-1"])).get("canvas-1")).toMatchObject({
      delivered: 1,
      dead: 0,
      scoreMismatch: 1,
    });
    // Found by a filter, and counted. Regression: neither could find a mismatch short of reading each one.
    await record(submission("sbm_clean", "canvas-1"));
    const mismatched = async (scoreMismatch: boolean) =>
      (await store.listSubmissions({ scoreMismatch, limit: 10 })).map((row) => row.submission.id);
    expect(await mismatched(true)).toEqual(["sbm_late"]);
    expect(await mismatched(false)).toEqual(["sbm_clean"]);

    // A later version Canvas keeps as sent has none.
    await releaseVersion("sbm_late", 2, 2, "canvas-1", {
      kind: "canvas",
      url: "https://school.instructure.com",
    });
    expect((await claimDue(2)).map((delivery) => delivery.id)).toEqual(["dlv_sbm_late_v2"]);
    await settleAt("dlv_sbm_late_v2", { kind: "delivered", httpStatus: 200 }, 3);
    const deliveries = (await store.findSubmission("sbm_late"))!.deliveries;
    expect(
      deliveries.map((delivery) => [delivery.gradeVersion, delivery.scoreMismatch?.kept.score ?? null]),
    ).toEqual([
      [1, 12.15],
      [2, null],
    ]);
    // Regression: the filter and the count read any delivery that ever had a mismatch, so an admin was
    // pointed at a submission whose latest grade Canvas had kept as sent.
    expect(await mismatched(true)).toEqual([]);
    expect(await mismatched(false)).toEqual(["sbm_late", "sbm_clean"]);
    expect((await store.deliveryCounts(["canvas-1"])).get("canvas-1")).toMatchObject({
      delivered: 2,
      scoreMismatch: 0,
    });
  });

  it("supersedes a dead passback once a later grade for the same place is released: no longer counted as given up", async () => {
    // Regression: a passback given up stayed `dead` after a newer grade for the same place was released,
    // though a retry by hand would never send it again (only the newest is requeued): the integration's
    // dead count and `passbackStatus=dead` pointed an admin at a passback with nothing left to do.
    await storage.integrationsFor(tenantId).create(integration("canvas-1", "canvas"));
    const store = storage.integrationsFor(tenantId);
    const target = { kind: "canvas" as const, url: "https://school.instructure.com" };
    const attempt = (id: string, number: number) =>
      record(
        submission(id, "canvas-1", { externalId: "canvas-sub-5", attempt: number, answerHash: `hash-${id}` }),
      );
    await attempt("sbm_one", 1);
    await releaseVersion("sbm_one", 1, 0, "canvas-1", target);
    expect((await claimDue(0)).map((delivery) => delivery.id)).toEqual(["dlv_sbm_one_v1"]);
    await settleAt("dlv_sbm_one_v1", { kind: "dead", httpStatus: 403, error: "HTTP 403: not retried" }, 1);
    expect((await store.deliveryCounts(["canvas-1"])).get("canvas-1")).toMatchObject({ dead: 1 });

    // The student's second attempt is graded and released: attempt 1's dead passback is superseded.
    await attempt("sbm_two", 2);
    await releaseVersion("sbm_two", 1, 5, "canvas-1", target);
    const [given] = (await store.findSubmission("sbm_one"))!.deliveries;
    expect(given).toMatchObject({ status: "superseded" });
    expect(given!.lastError).toMatch(/^superseded: the grade of a later attempt /);
    // Why it was given up stays in its history.
    expect(given!.history.map((line) => [line.outcome, line.httpStatus])).toEqual([
      ["dead", 403],
      ["superseded", null],
    ]);
    expect((await store.deliveryCounts(["canvas-1"])).get("canvas-1")).toMatchObject({
      pending: 1,
      dead: 0,
      superseded: 1,
    });
    expect(await store.listSubmissions({ passbackStatus: "dead", limit: 10 })).toEqual([]);
    expect((await claimDue(5)).map((delivery) => delivery.id)).toEqual(["dlv_sbm_two_v1"]);
  });

  it("counts an integration's deliveries by state, for its own school only", async () => {
    // Regression: nothing told an admin how many passbacks of an integration were given up (or waiting)
    // short of listing every submission.
    const webhook: StoredIntegration = {
      ...integration("webhook-1", "webhook"),
      callbackUrl: "https://portal.example.edu/callbacks",
    };
    await storage.integrationsFor(tenantId).create(webhook);
    await storage.integrationsFor(tenantId).create(integration("webhook-quiet", "webhook"));
    const target = { kind: "webhook" as const, url: webhook.callbackUrl! };
    for (const id of ["sbm_ok", "sbm_gone", "sbm_busy", "sbm_later"]) {
      await record(submission(id, "webhook-1"));
      await releaseVersion(id, 1, 0, "webhook-1", target);
    }
    // Version 2 of one grade is released before its version 1 went out: version 1 is superseded.
    await releaseVersion("sbm_later", 2, 60, "webhook-1", target);
    expect((await claimDue(0)).map((delivery) => delivery.id).sort()).toEqual([
      "dlv_sbm_busy_v1",
      "dlv_sbm_gone_v1",
      "dlv_sbm_ok_v1",
    ]);
    await settleAt("dlv_sbm_ok_v1", { kind: "delivered", httpStatus: 200 }, 1);
    await settleAt("dlv_sbm_gone_v1", { kind: "dead", httpStatus: 410, error: "HTTP 410" }, 1);

    const store = storage.integrationsFor(tenantId);
    const counts = Object.fromEntries(await store.deliveryCounts(["webhook-1", "webhook-quiet", "unknown"]));
    expect(counts).toEqual({
      "webhook-1": { pending: 1, delivering: 1, delivered: 1, dead: 1, superseded: 1, scoreMismatch: 0 },
    });
    // Another school asking for the same ids counts nothing of this one's.
    expect((await storage.integrationsFor("another-school").deliveryCounts(["webhook-1"])).size).toBe(0);
    expect((await store.deliveryCounts([])).size).toBe(0);
  });

  it("counts a fetch whose fetcher died as an attempt, and fails it at the last instead of fetching it again", async () => {
    // Regression: a takeover of a Canvas or Moodle fetch counted nothing, so a submission whose text
    // brought its fetcher down every time (say, a page that crashed the HTML to text conversion) was
    // fetched forever and never became failed.
    await storage.integrationsFor(tenantId).create(integration("canvas-1", "canvas"));
    const fetchFrom: LmsReference = { kind: "canvas", courseId: "1", assignmentId: "hw-1", userId: "7" };
    for (const id of ["sbm_batch", "sbm_single"]) {
      await record(submission(id, "canvas-1", { answer: "", answerHash: "", fetchFrom }));
    }
    const queue = storage.integrationQueue;
    const claimBatch = (seconds: number) =>
      queue.claimFetches({
        holder: `dies-${seconds}`,
        limit: 10,
        now: at(seconds),
        leaseUntil: at(seconds + 0.5),
        maxAttempts: 3,
      });
    const claimSingle = (seconds: number) =>
      queue.claimFetch({
        id: "sbm_single",
        holder: `dies-${seconds}`,
        now: at(seconds),
        leaseUntil: at(seconds + 0.5),
        maxAttempts: 3,
      });
    const attempts = (claimed: { id: string; fetchAttempts: number }[]) =>
      claimed.map((row) => [row.id, row.fetchAttempts]).sort();
    // Each claim's holder dies before it settles; the next claim comes after the lease ran out.
    const leased = await claimSingle(0);
    expect(leased && "fetchAttempts" in leased && leased.fetchAttempts).toBe(0);
    expect(attempts(await claimBatch(1))).toEqual([
      ["sbm_batch", 0],
      ["sbm_single", 1],
    ]);
    expect(attempts(await claimBatch(2))).toEqual([
      ["sbm_batch", 1],
      ["sbm_single", 2],
    ]);
    expect(await findSubmission("sbm_single")).toMatchObject({
      state: "fetching",
      error: "fetching the submission: the process fetching it stopped before the LMS's answer was recorded",
    });
    // The third abandoned attempt was the last: failed, with its reason, and not claimed again.
    expect(await claimSingle(3)).toBeUndefined();
    expect(attempts(await claimBatch(3))).toEqual([["sbm_batch", 2]]);
    expect(await claimBatch(4)).toEqual([]);
    for (const id of ["sbm_batch", "sbm_single"]) {
      expect(await findSubmission(id)).toMatchObject({
        state: "failed",
        error:
          "fetching the submission: the process fetching it stopped before the LMS's answer was recorded (after 3 attempts)",
      });
    }
    // The holder that died comes back: its lease is gone, nothing is written.
    expect(
      await queue.completeFetch(
        "sbm_batch",
        "dies-3",
        { answer: "late", answerHash: "late", reference: fetchFrom },
        at(5),
      ),
    ).toBe("lost");
    // A fetch that failed, or waits for the attempt before, gave its lease back: not an abandoned one.
    await record(submission("sbm_waits", "canvas-1", { answer: "", answerHash: "", fetchFrom }));
    expect(attempts(await claimBatch(6))).toEqual([["sbm_waits", 0]]);
    await queue.settleFetchFailure(
      "sbm_waits",
      "dies-6",
      { retryAt: at(7), error: "waiting for the attempt before", free: true },
      at(6),
    );
    expect(attempts(await claimBatch(8))).toEqual([["sbm_waits", 0]]);
  });

  it("renews a running fetch's lease for its holder only, so that nobody takes it over meanwhile", async () => {
    // Regression: fetch leases were never renewed, so a fetch running longer than a lease (a Moodle fetch
    // is up to four requests) was taken over while still running, made twice and counted as abandoned.
    await storage.integrationsFor(tenantId).create(integration("canvas-1", "canvas"));
    const fetchFrom: LmsReference = { kind: "canvas", courseId: "1", assignmentId: "hw-1", userId: "7" };
    await record(submission("sbm_slow", "canvas-1", { answer: "", answerHash: "", fetchFrom }));
    const queue = storage.integrationQueue;
    const claim = (holder: string, seconds: number) =>
      queue.claimFetches({
        holder,
        limit: 10,
        now: at(seconds),
        leaseUntil: at(seconds + 2),
        maxAttempts: 3,
      });
    expect((await claim("slow", 0)).map((row) => row.id)).toEqual(["sbm_slow"]);
    // Another holder's renewal extends nothing; the holder's own does.
    await queue.renewFetches(["sbm_slow"], "someone-else", at(60));
    await queue.renewFetches(["sbm_slow"], "slow", at(4));
    expect(await claim("other", 3)).toEqual([]);
    await queue.renewFetches(["sbm_slow"], "slow", at(6));
    expect(await claim("other", 5)).toEqual([]);
    expect(
      await queue.completeFetch(
        "sbm_slow",
        "slow",
        { answer: "text", answerHash: "hash", reference: fetchFrom },
        at(5.5),
      ),
    ).toBe("received");
    expect(await findSubmission("sbm_slow")).toMatchObject({ state: "received", error: null });
    // A renewal after the fetch was settled changes nothing.
    await queue.renewFetches(["sbm_slow"], "slow", at(100));
    expect(await findSubmission("sbm_slow")).toMatchObject({ state: "received" });
  });

  it("moves undelivered deliveries only when an update moves their target, and reads none otherwise", async () => {
    const store = storage.integrationsFor(tenantId);
    const lineItem = (n: number) => `https://lms.example.edu/lineitems/${n}/lineitem`;
    const ltiReference = (n: number): LmsReference => ({
      kind: "lti",
      lineItemUrl: lineItem(n),
      userId: "7",
    });
    const lti: StoredIntegration = {
      ...integration("lti-1", "lti"),
      assignments: {
        "hw-1": { rubricId: "photosynthesis-basics", rubricVersion: null, lineItemUrl: lineItem(1) },
        "hw-2": { rubricId: "photosynthesis-basics", rubricVersion: null, lineItemUrl: lineItem(3) },
      },
    };
    const webhook: StoredIntegration = {
      ...integration("webhook-1", "webhook"),
      callbackUrl: "https://portal.example.edu/callbacks/old",
    };
    await store.create(lti);
    await store.create(webhook);
    await record(submission("sbm_hw1", "lti-1", { assignmentId: "hw-1", reference: ltiReference(1) }));
    await record(submission("sbm_hw2", "lti-1", { assignmentId: "hw-2", reference: ltiReference(3) }));
    await record(submission("sbm_callback", "webhook-1"));
    const release = async (
      submissionId: string,
      integrationId: string,
      target: { kind: "webhook" | "lti"; url: string },
      payload: string,
    ) => {
      const released = await storage.integrationQueue.release({
        id: `dlv_${submissionId}`,
        tenantId,
        integrationId,
        submissionId,
        gradeId: `grd_${submissionId}`,
        gradeVersion: 1,
        messageId: `grd_${submissionId}.v1`,
        target,
        nextAttemptAt: now.toISOString(),
        createdAt: now.toISOString(),
        payload,
      });
      expect(released).toBe(true);
    };
    const scorePayload = (reference: LmsReference): string => {
      const payload: LmsGradePayload = {
        reference,
        points: 1,
        maxPoints: 3,
        comment: "",
        timestamp: now.toISOString(),
      };
      return JSON.stringify(payload);
    };
    const tokenUrl = { kind: "lti" as const, url: "https://lms.example.edu/token" };
    await release("sbm_hw1", "lti-1", tokenUrl, scorePayload(ltiReference(1)));
    await release("sbm_hw2", "lti-1", tokenUrl, scorePayload(ltiReference(3)));
    await release("sbm_callback", "webhook-1", { kind: "webhook", url: webhook.callbackUrl! }, "{}");

    // A new name, a rotated secret, a mapping to another rubric version: no target moves, so no
    // submission or delivery is read or written (it was, row by row, on every update).
    const queries = vi.spyOn(DefaultQueryExecutor.prototype, "executeQuery");
    try {
      expect(
        await store.update({
          ...lti,
          name: "Renamed",
          assignments: { ...lti.assignments, "hw-2": { ...lti.assignments["hw-2"]!, rubricVersion: "v2" } },
        }),
      ).toBe(true);
      expect(await store.update({ ...webhook, sealedSecret: "rotated-secret" })).toBe(true);
      const touched = queries.mock.calls
        .map(([query]) => query.sql)
        .filter((text) => /integration_submissions|outbox_deliveries/.test(text));
      expect(touched).toEqual([]);
    } finally {
      queries.mockRestore();
    }
    expect((await store.find("lti-1"))!.name).toBe("Renamed");
    // A change made from a reading older than the record (before the rename) is refused and writes
    // nothing; made from the record as it is, it is written.
    expect(await store.update({ ...lti, callbackUrl: "https://lms.example.edu/stale" }, lti)).toBe(false);
    const renamed = (await store.find("lti-1"))!;
    expect(renamed.name).toBe("Renamed");
    expect(renamed.callbackUrl).toBe(lti.callbackUrl);
    expect(await store.update({ ...renamed, name: "Renamed again" }, renamed)).toBe(true);
    expect((await store.find("lti-1"))!.name).toBe("Renamed again");

    // hw-1's line item and the callback URL move: their undelivered deliveries follow; hw-2's stay.
    expect(
      await store.update({
        ...lti,
        assignments: {
          ...lti.assignments,
          "hw-1": { rubricId: "photosynthesis-basics", rubricVersion: null, lineItemUrl: lineItem(2) },
        },
      }),
    ).toBe(true);
    expect(await store.update({ ...webhook, callbackUrl: "https://portal.example.edu/callbacks/new" })).toBe(
      true,
    );
    expect((await findSubmission("sbm_hw1")).lmsReference).toEqual(ltiReference(2));
    expect((await findSubmission("sbm_hw2")).lmsReference).toEqual(ltiReference(3));
    const later = new Date(now.getTime() + 1_000);
    const claimed = await storage.integrationQueue.claimDeliveries({
      holder,
      limit: 10,
      now: later,
      leaseUntil: later,
      maxAttempts: 8,
    });
    const byId = new Map(claimed.map((delivery) => [delivery.id, delivery]));
    expect(byId.size).toBe(3);
    expect((JSON.parse(byId.get("dlv_sbm_hw1")!.payload) as LmsGradePayload).reference).toEqual(
      ltiReference(2),
    );
    expect((JSON.parse(byId.get("dlv_sbm_hw2")!.payload) as LmsGradePayload).reference).toEqual(
      ltiReference(3),
    );
    expect(byId.get("dlv_sbm_callback")!.target.url).toBe("https://portal.example.edu/callbacks/new");
  });
});
