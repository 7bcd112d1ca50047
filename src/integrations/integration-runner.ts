import { OutboundTimeoutError, RedirectRefusedError, SsrfBlockedError } from "../lib/ssrf-guard.js";
import type { Logger } from "pino";
import { AppError } from "../grading/errors.js";
import type { IntegrationService } from "../grading/integration-service.js";
import { backoffMs as jitteredBackoffMs } from "../lib/backoff.js";
import { sha256Hex } from "../lib/hashing.js";
import { postCanvasGrade } from "./canvas/grade-passback.js";
import { fetchCanvasSubmission } from "./canvas/submissions.js";
import { htmlToText } from "./lms-text.js";
import { saveMoodleGrade } from "./moodle/grade-passback.js";
import { fetchMoodleSubmission, resolveMoodleAssignmentId } from "./moodle/web-service.js";
import { importPKCS8 } from "jose";
import { createLtiTokenSource, type LtiTokenSource } from "./lti/ags-token.js";
import { postLtiScore } from "./lti/ags-scores.js";
import { failure, type OutboundFailure, type OutboundResult } from "./outbound-http.js";
import {
  callbackMessageId,
  gradeCompletedPayload,
  lmsGradePayload,
  type LmsGradePayload,
  type LmsReference,
  type ClaimedDelivery,
  type DeliveryAttempt,
  type DeliveryOutcome,
  type IntegrationQueueStore,
  type OutboxWork,
  type OutboxWorkQueue,
  type ScoreMismatch,
  type Submission,
} from "../grading/integrations.js";
import type { JobService } from "../grading/job-service.js";
import type { Clock } from "../lib/clock.js";
import { startHeartbeat } from "../lib/heartbeat.js";
import { startPollLoop, type PollLoop } from "../lib/poll-loop.js";
import { webhookHeaders } from "../lib/standard-webhooks.js";
import { retryAfterMs, type Deliver } from "./outbound.js";

/**
 * The integrations' runner, started beside the job runner (main.ts, worker.ts) and stopped by
 * `runtime.close()`. Each turn it:
 * 1. dispatches: leases recorded submissions and queues them as jobs (source `webhook`) under the job
 *    id written on them at the lease, so a crash between the two finds the job and never makes a second;
 * 2. releases: finds grades changed lately whose submission's released version is older and that may
 *    go out (`graded`, or any status with `holdForReview: false`), and puts each version in the outbox
 *    (outbox row and released version in one transaction; the outbox is unique per grade version);
 * 3. delivers: leases due outbox rows and sends them, signed, retrying network errors, 408, 429
 *    (Retry-After) and 5xx with exponential backoff and jitter, dead after `maxAttempts`.
 * Before 1, it fetches: the text of Canvas and Moodle submissions announced by thin events is read from
 * the LMS (retried with backoff like a delivery; `failed` after `maxAttempts`), then they are
 * `received` (or `unchanged`, when the attempt before had the same text) and dispatched as above.
 * Canvas and Moodle grades go out through the same outbox, as `postCanvasGrade` / `saveMoodleGrade`.
 * Any number of runners may share a database: every step is a lease or a compare-and-set.
 *
 * Deliveries and fetches run on the jobs' engine. Embedded: each turn leases due rows from SQL (3.
 * above). BullMQ (`workQueue`): every delivery released and every fetch recorded is handed to the
 * outbox queue as a message naming its row, and whichever worker takes the message leases the row by
 * id and sends or fetches it with the same code; retries wait in BullMQ's delayed set. Dispatch and
 * release stay SQL turns here, and a reconciler hands overdue rows to the queue again (a process that
 * died before adding, a message BullMQ gave up on); the SQL lease makes a redelivered message harmless.
 */
export interface IntegrationRunnerOptions {
  queue: IntegrationQueueStore;
  jobs: Pick<JobService, "enqueueOnce">;
  integrations: Pick<IntegrationService, "callbackSecrets" | "lmsAccess">;
  /** Canvas and Moodle requests may go to http on loopback (GRADER_ALLOW_INSECURE_OUTBOUND=loopback). */
  allowLoopbackHttp?: boolean;
  deliver: Deliver;
  /** Why a URL may not be called now (outbound policy), or undefined. */
  checkUrl: (url: string) => string | undefined;
  clock: Clock;
  logger: Logger;
  ownerId: string;
  newId: (prefix: string) => string;
  leaseMs: number;
  /** Attempts of a delivery before it is dead (GRADER_OUTBOX_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Timeout of one delivery attempt. */
  timeoutMs: number;
  /** Deliveries in flight in this process. */
  concurrency?: number;
  /** First retry delay (default 10 s), doubled per attempt with jitter up to `maxBackoffMs` (default 1 h). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often an idle runner looks for work (default 0.5 s). */
  idlePollMs?: number;
  /** How far back the release scan looks beyond its last run (late commits, clocks of other processes). */
  releaseMarginMs?: number;
  random?: () => number;
  /** The outbox on BullMQ (when the jobs run there); absent: deliveries and fetches are leased here. */
  workQueue?: OutboxWorkQueue;
  /** BullMQ: how often overdue rows are handed to the queue again (default 30 s). */
  reconcileEveryMs?: number;
  /** BullMQ: how long a due row may wait before the reconciler presumes its message lost (default 60 s). */
  dispatchGraceMs?: number;
}

export interface IntegrationRunner {
  start(): void;
  /** Work may be waiting now (an event recorded, a delivery re-queued). */
  wake(): void;
  /** The next release scan looks at every grade (an integration's release rules changed). */
  rescan(): void;
  /** Stops taking work and waits up to `graceMs` for deliveries in flight (leases cover the rest). */
  stop(graceMs?: number): Promise<void>;
}

/** Whose LMS a delivery or a fetch talks to. */
type IntegrationOwner = Pick<Submission, "tenantId" | "integrationId">;

/** Longest Retry-After honoured; a longer one waits this long. */
const maxRetryAfterMs = 6 * 60 * 60 * 1000;
const dispatchBatch = 500;
const releaseBatch = 200;
/** Rows a reconciler pass hands to the outbox queue. */
const reconcileBatch = 1_000;

export function createIntegrationRunner(options: IntegrationRunnerOptions): IntegrationRunner {
  const { queue, clock, logger } = options;
  const concurrency = options.concurrency ?? 8;
  const baseBackoffMs = options.baseBackoffMs ?? 10_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60 * 60 * 1000;
  const idlePollMs = options.idlePollMs ?? 500;
  const releaseMarginMs = options.releaseMarginMs ?? 15 * 60 * 1000;
  const random = options.random ?? Math.random;
  const { workQueue } = options;
  const reconcileEveryMs = options.reconcileEveryMs ?? 30_000;
  const dispatchGraceMs = options.dispatchGraceMs ?? 60_000;
  let lastReconcile = 0;
  const inFlight = new Map<string, Promise<void>>();
  let started = false;
  let stopping = false;
  let loop: PollLoop | undefined;
  /** Start of the last complete release scan; null: scan everything next time. */
  let lastReleaseScan: number | null = null;
  /**
   * The last change of any integration seen here. An integration changed in another process (an API
   * process without runners, say) may let older grades go out, and only a scan of every grade finds them:
   * `rescan()` tells this process's runner alone.
   */
  let integrationsChangedAt: string | undefined;
  let heartbeat: ReturnType<typeof startHeartbeat> | undefined;
  /** Ids of the submissions being fetched from their LMS here now (their leases are renewed). */
  const fetching = new Set<string>();
  /**
   * Jobs whose received submissions are leased here while their job is made (their leases are renewed):
   * a job's creation slower than the lease must not let another runner claim the same submissions.
   */
  const dispatching = new Set<string>();
  const leaseUntil = () => new Date(clock.now().getTime() + options.leaseMs);
  /** When (by `clock`) the leases held here were last renewed. */
  let renewedAtMs = clock.now().getTime();

  /** Renews every lease held here: deliveries and fetches running, submissions being queued. */
  async function renewHeld(): Promise<void> {
    const startedAtMs = clock.now().getTime();
    const until = leaseUntil();
    await queue.renewDeliveries([...inFlight.keys()], options.ownerId, until);
    await queue.renewFetches([...fetching], options.ownerId, until);
    await queue.renewReceived([...dispatching], options.ownerId, until);
    renewedAtMs = startedAtMs;
  }

  /**
   * Renews the leases held here before a turn claims anything when, by the wall clock, their renewal is
   * overdue: the clock jumped forward (a machine resumed from sleep, an NTP step) or the heartbeat's
   * timer has not fired yet. Claimed as they were, this runner's own deliveries still being sent looked
   * abandoned: each was counted an attempt its sender died in and sent a second time beside the first
   * (a second passback, a second Canvas comment). A renewal that fails leaves expired leases to the claims.
   */
  async function renewIfOverdue(): Promise<void> {
    if (inFlight.size + fetching.size + dispatching.size === 0) {
      renewedAtMs = clock.now().getTime();
      return;
    }
    if (clock.now().getTime() - renewedAtMs < options.leaseMs / 2) return;
    try {
      await renewHeld();
    } catch (error) {
      logger.warn({ err: error }, "delivery or fetch leases could not be renewed");
    }
  }

  /** Hands work to the outbox queue (BullMQ); a failed add is repaired by a reconciler. */
  async function handOver(work: OutboxWork[]): Promise<void> {
    if (!workQueue || work.length === 0) return;
    try {
      await workQueue.add(work);
    } catch (error) {
      logger.warn({ err: error, count: work.length }, "outbox work could not be queued; a reconciler will");
    }
  }

  /** Rows due by `dueBy` handed to the queue (again); messages already there make it a no-op. */
  async function handOverDue(dueBy: Date): Promise<void> {
    const due = await queue.dueWork(dueBy, reconcileBatch);
    await handOver([
      ...due.deliveries.map((work) => ({ kind: "delivery" as const, ...work })),
      ...due.fetches.map((work) => ({ kind: "fetch" as const, ...work })),
    ]);
  }

  /** BullMQ: `wake()` hands what is due now to the queue, one pass at a time (a spike of wakes is one or two). */
  let handingOver: Promise<void> | undefined;
  let handOverAgain = false;
  function handOverDueNow(): void {
    if (stopping) return;
    if (handingOver) {
      handOverAgain = true;
      return;
    }
    handingOver = handOverDue(clock.now())
      .catch((error: unknown) => logger.warn({ err: error }, "due outbox work could not be queued"))
      .finally(() => {
        handingOver = undefined;
        if (handOverAgain) {
          handOverAgain = false;
          handOverDueNow();
        }
      });
  }

  function wake() {
    loop?.wake();
    // Also in a process that does not deliver (an API process with GRADER_JOBS_IN_PROCESS=false):
    // a fetch recorded or a delivery retried by hand there goes to the queue at once.
    if (workQueue) handOverDueNow();
  }

  async function dispatch(): Promise<void> {
    const claimed = await queue.claimReceived({
      holder: options.ownerId,
      limit: dispatchBatch,
      now: clock.now(),
      leaseUntil: leaseUntil(),
      newJobId: () => options.newId("job"),
    });
    const byJob = new Map<string, (Submission & { answer: string })[]>();
    for (const submission of claimed) {
      const jobId = submission.jobId!;
      byJob.set(jobId, [...(byJob.get(jobId) ?? []), submission]);
    }
    for (const jobId of byJob.keys()) dispatching.add(jobId);
    try {
      for (const [jobId, submissions] of byJob) {
        await dispatchJob(jobId, submissions);
        dispatching.delete(jobId);
      }
    } finally {
      for (const jobId of byJob.keys()) dispatching.delete(jobId);
    }
  }

  /** Queues one job of leased received submissions (their lease is renewed meanwhile). */
  async function dispatchJob(jobId: string, submissions: (Submission & { answer: string })[]): Promise<void> {
    submissions.sort((a, b) => (a.jobSeq ?? 0) - (b.jobSeq ?? 0));
    const first = submissions[0]!;
    try {
      await options.jobs.enqueueOnce(
        { tenantId: first.tenantId, role: "service", keyId: null, operator: false },
        {
          jobId,
          rubricId: first.rubricId,
          rubricVersion: first.rubricVersion,
          source: "webhook",
          items: submissions.map((submission) => ({
            answer: submission.answer,
            studentId: submission.studentId,
            submissionId: submission.externalId,
          })),
        },
      );
      await queue.markQueued(jobId, options.ownerId, clock.now());
    } catch (error) {
      if (AppError.isInstance(error) && !error.retryable) {
        // The rubric was archived or deleted since the event: a person must act.
        logger.warn({ jobId, code: error.code }, "integration submissions could not be queued");
        await queue.markFailed(jobId, options.ownerId, `${error.code}: ${error.message}`, clock.now());
      } else {
        // The lease runs out and a runner tries again.
        logger.error({ err: error, jobId }, "integration submissions could not be queued; retried");
      }
    }
  }

  const lmsOptions = () => ({
    timeoutMs: options.timeoutMs,
    allowLoopbackHttp: options.allowLoopbackHttp === true,
  });

  /** Reads one submission's text from its LMS. */
  async function fetchText(
    owner: IntegrationOwner,
    access: NonNullable<Awaited<ReturnType<IntegrationRunnerOptions["integrations"]["lmsAccess"]>>>,
    reference: LmsReference,
  ): Promise<OutboundResult<{ text: string; reference: LmsReference }>> {
    if (reference.kind === "canvas") {
      const fetched = await withTokenRefresh(owner, access.credentials.token, (token) =>
        fetchCanvasSubmission({ baseUrl: access.url, token, ...reference }, lmsOptions()),
      );
      if (!fetched.ok) return fetched;
      return { ok: true, value: { text: htmlToText(fetched.value.body ?? ""), reference } };
    }
    if (reference.kind === "lti") {
      return failure("invalid-request", "LTI submissions bring their answer: nothing to fetch");
    }
    let token = access.credentials.token;
    const site = () => ({ siteUrl: access.url, token });
    const refreshing = <T>(call: () => Promise<OutboundResult<T>>) =>
      withTokenRefresh(owner, token, (fresh) => {
        token = fresh;
        return call();
      });
    let assignmentId = reference.assignmentId;
    if (assignmentId === null) {
      const resolved = await refreshing(() =>
        resolveMoodleAssignmentId(site(), reference.courseModuleId, lmsOptions()),
      );
      if (!resolved.ok) return resolved;
      assignmentId = resolved.value;
    }
    const known = assignmentId;
    const fetched = await refreshing(() =>
      fetchMoodleSubmission(site(), { assignmentId: known, userId: reference.userId }, lmsOptions()),
    );
    if (!fetched.ok) return fetched;
    if (fetched.value.status === "draft" || fetched.value.status === "new") {
      // Online text saved before "Submit" (its own event): graded once the student submits.
      return {
        ok: false,
        kind: "not-found",
        retryable: false,
        refreshCredentials: false,
        message: `the submission is a ${fetched.value.status}, not submitted: graded when the student submits`,
      };
    }
    return {
      ok: true,
      value: { text: htmlToText(fetched.value.onlineText ?? ""), reference: { ...reference, assignmentId } },
    };
  }

  /** Canvas and Moodle submissions announced by thin events (embedded: leased here in batches). */
  async function fetchSubmissions(): Promise<void> {
    const claimed = await queue.claimFetches({
      holder: options.ownerId,
      limit: concurrency,
      now: clock.now(),
      leaseUntil: leaseUntil(),
      maxAttempts: options.maxAttempts,
    });
    await Promise.all(claimed.map((submission) => fetchSubmission(submission)));
  }

  /**
   * Reads one leased submission's text from its LMS and settles it: `received` (dispatched next),
   * `unchanged`, retried with backoff (returns when), or `failed`.
   */
  async function fetchSubmission(
    submission: Submission & { fetchAttempts: number },
  ): Promise<Date | undefined> {
    // Its lease is renewed with the deliveries' while it runs: a Moodle fetch is up to four requests of
    // GRADER_OUTBOX_TIMEOUT_SECONDS each (assignment, submission, a token refresh before each), longer than
    // a lease, and a fetch taken over while still running would be made twice and counted as abandoned.
    fetching.add(submission.id);
    try {
      return await fetchHeldSubmission(submission);
    } finally {
      fetching.delete(submission.id);
    }
  }

  async function fetchHeldSubmission(
    submission: Submission & { fetchAttempts: number },
  ): Promise<Date | undefined> {
    const log = logger.child({ submissionId: submission.id });
    const reference = submission.lmsReference;
    const access = await options.integrations.lmsAccess(submission.tenantId, submission.integrationId);
    const fail = (error: string) =>
      queue.settleFetchFailure(submission.id, options.ownerId, { error }, clock.now());
    if (!access || !reference) {
      await fail("the integration was deleted or has no LMS settings");
      return undefined;
    }
    const result = await fetchText(submission, access, reference);
    if (!result.ok) {
      const attempts = submission.fetchAttempts + 1;
      const error = `fetching the submission from ${access.type === "canvas" ? "Canvas" : "Moodle"}: ${lmsError(result)}`;
      if (result.retryable && attempts < options.maxAttempts) {
        const retryAt = new Date(clock.now().getTime() + retryWaitMs(attempts, result.retryAfterMs));
        await queue.settleFetchFailure(submission.id, options.ownerId, { retryAt, error }, clock.now());
        log.debug({ error }, "submission fetch will be retried");
        return retryAt;
      }
      await fail(result.retryable ? `${error} (after ${attempts} attempts)` : error);
      log.warn({ error }, "submission could not be fetched");
      return undefined;
    }
    if (result.value.text.trim() === "") {
      await fail("the submission has no online text to grade");
      return undefined;
    }
    const outcome = await queue.completeFetch(
      submission.id,
      options.ownerId,
      {
        answer: result.value.text,
        answerHash: sha256Hex(result.value.text),
        reference: result.value.reference,
      },
      clock.now(),
    );
    if (outcome === "wait") {
      // The attempt before is still being fetched: this one is compared with it once it is in.
      const retryAt = new Date(clock.now().getTime() + 200);
      await queue.settleFetchFailure(
        submission.id,
        options.ownerId,
        { retryAt, error: "waiting for the attempt before", free: true },
        clock.now(),
      );
      return retryAt;
    }
    // `received`: the dispatch turn queues it as a job.
    if (outcome === "received") loop?.wake();
    return undefined;
  }

  async function release(): Promise<void> {
    const changedAt = await queue.lastIntegrationChange();
    if (changedAt !== integrationsChangedAt) {
      integrationsChangedAt = changedAt;
      lastReleaseScan = null;
    }
    const startedAt = clock.now().getTime();
    const since = new Date(lastReleaseScan === null ? 0 : lastReleaseScan - releaseMarginMs);
    for (;;) {
      const releasable = await queue.releasable(since, releaseBatch);
      const releasedNow: OutboxWork[] = [];
      for (const { submission, grade, target } of releasable) {
        const now = clock.now();
        const deliveryId = options.newId("dlv");
        const released = await queue.release({
          id: deliveryId,
          tenantId: submission.tenantId,
          integrationId: submission.integrationId,
          submissionId: submission.id,
          gradeId: grade.id,
          gradeVersion: grade.version,
          messageId: callbackMessageId(grade.id, grade.version),
          target,
          nextAttemptAt: now.toISOString(),
          createdAt: now.toISOString(),
          payload:
            target.kind !== "webhook" && submission.lmsReference
              ? lmsGradePayload(submission.lmsReference, grade, now)
              : gradeCompletedPayload(submission, grade, now),
        });
        if (released) {
          releasedNow.push({ kind: "delivery", id: deliveryId, at: now });
          logger.debug({ gradeId: grade.id, version: grade.version }, "grade released to the outbox");
        }
      }
      await handOver(releasedNow);
      // Every row returned is released (or was, by another runner), so a short page is the end.
      if (releasable.length < releaseBatch) break;
    }
    lastReleaseScan = startedAt;
  }

  const backoffMs = (attempts: number) =>
    jitteredBackoffMs(attempts, { baseMs: baseBackoffMs, maxMs: maxBackoffMs, random });

  /**
   * The wait before the next attempt of a delivery or a fetch: its backoff, or longer when the receiver's
   * `Retry-After` asks for longer (up to 6 h). A shorter one (`0`, a date already past) does not shorten it:
   * taken as it was, a receiver or an LMS answering 503 with `Retry-After: 0` through an outage used up every
   * attempt within a second, and the passback was dead (the fetch failed) instead of retried for about a day.
   */
  const retryWaitMs = (attempts: number, retryAfterMs: number | undefined) =>
    Math.min(maxRetryAfterMs, Math.max(retryAfterMs ?? 0, backoffMs(attempts)));

  /** How an attempt ended, from the receiver's status or the error. */
  function outcomeOf(
    delivery: ClaimedDelivery,
    result: { status: number; retryAfter: string | null } | { error: string },
  ): DeliveryOutcome {
    const now = clock.now();
    const attempts = delivery.attempts + 1;
    const retry = (httpStatus: number | null, error: string, waitMs?: number): DeliveryOutcome =>
      attempts >= options.maxAttempts
        ? { kind: "dead", httpStatus, error: `${error} (after ${attempts} attempts)` }
        : {
            kind: "retry",
            at: new Date(now.getTime() + retryWaitMs(attempts, waitMs)),
            httpStatus,
            error,
          };
    if ("error" in result) return retry(null, result.error);
    const { status } = result;
    if (status >= 200 && status < 300) return { kind: "delivered", httpStatus: status };
    if (status === 408 || status === 429 || status >= 500) {
      return retry(status, `the receiver answered ${status}`, retryAfterMs(result.retryAfter, now));
    }
    if (status >= 300 && status < 400) {
      return {
        kind: "dead",
        httpStatus: status,
        error: `the receiver answered ${status}: redirects are not followed`,
      };
    }
    return { kind: "dead", httpStatus: status, error: `the receiver answered ${status}: not retried` };
  }

  /** Sends one leased delivery and settles it; returns how it ended. */
  async function send(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
    const log = logger.child({ deliveryId: delivery.id, messageId: delivery.messageId });
    const started = clock.now();
    let outcome: DeliveryOutcome;
    if (delivery.target.kind !== "webhook") {
      outcome = await sendToLms(delivery);
      await settle(delivery, log, outcome, started);
      return outcome;
    }
    const secrets = await options.integrations.callbackSecrets(delivery.tenantId, delivery.integrationId);
    const refused = options.checkUrl(delivery.target.url);
    if (!secrets) {
      outcome = { kind: "dead", httpStatus: null, error: "the integration was deleted" };
    } else if (refused) {
      outcome = { kind: "dead", httpStatus: null, error: `the callback URL ${refused}` };
    } else {
      const timestamp = Math.floor(started.getTime() / 1000);
      try {
        const response = await options.deliver(delivery.target.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "rubric-grader",
            ...webhookHeaders(secrets, delivery.messageId, timestamp, delivery.payload),
          },
          body: delivery.payload,
          timeoutMs: options.timeoutMs,
        });
        outcome = outcomeOf(delivery, response);
      } catch (error) {
        if (SsrfBlockedError.isInstance(error)) {
          // The name resolved to an address the service may not call: no retry will change that.
          outcome = { kind: "dead", httpStatus: null, error: `the callback URL ${error.message}` };
        } else if (RedirectRefusedError.isInstance(error)) {
          outcome = { kind: "dead", httpStatus: null, error: "the receiver answered with a redirect" };
        } else {
          const name = error instanceof Error ? error.name : "Error";
          const reason =
            name === "TimeoutError" || name === "AbortError" || OutboundTimeoutError.isInstance(error)
              ? `no answer within ${options.timeoutMs} ms`
              : `network error (${(error as { cause?: { code?: string } }).cause?.code ?? name})`;
          outcome = outcomeOf(delivery, { error: reason });
        }
      }
    }
    await settle(delivery, log, outcome, started);
    return outcome;
  }

  /**
   * A Canvas or Moodle passback, its `OutboundResult` mapped onto the outbox's rules: retryable
   * failures back off (or wait for Retry-After) until `maxAttempts`; a 401 or a refused token is dead
   * at once (static tokens cannot be refreshed: an admin updates the integration's token, then retries
   * by hand); anything else is dead.
   */
  async function sendToLms(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
    const access = await options.integrations.lmsAccess(delivery.tenantId, delivery.integrationId);
    if (!access)
      return { kind: "dead", httpStatus: null, error: "the integration was deleted or has no LMS settings" };
    const payload = JSON.parse(delivery.payload) as LmsGradePayload;
    const { reference } = payload;
    if (payload.points === null)
      return { kind: "dead", httpStatus: null, error: "the grade has no total points" };
    let result: OutboundResult<unknown>;
    let scoreMismatch: ScoreMismatch | undefined;
    if (reference.kind === "canvas") {
      const { points } = payload;
      const posted = await withTokenRefresh(delivery, access.credentials.token, (token) =>
        postCanvasGrade(
          {
            baseUrl: access.url,
            token,
            ...reference,
            points,
            maxPoints: payload.maxPoints,
            comment: payload.comment,
            // Every attempt after the first (by hand too) checks the comments before adding one; a
            // PUT refused with 401 changed nothing, so the one after a token refresh is still the first.
            deliveryAttempt: delivery.history.length + 1,
          },
          lmsOptions(),
        ),
      );
      if (posted.ok) scoreMismatch = posted.value.scoreMismatch;
      result = posted;
    } else if (reference.kind === "lti") {
      const tokens = await ltiTokens(delivery.integrationId, access);
      if (!tokens) {
        return {
          kind: "dead",
          httpStatus: null,
          error: "the LTI registration is incomplete (client id, key id, private key)",
        };
      }
      result = await postLtiScore(
        {
          lineItemUrl: reference.lineItemUrl,
          tokens,
          score: {
            userId: reference.userId,
            scoreGiven: payload.points,
            scoreMaximum: payload.maxPoints,
            comment: payload.comment,
            // Fixed when the grade version was released: a retry never looks older to the platform.
            timestamp: payload.timestamp,
          },
        },
        lmsOptions(),
      );
    } else if (reference.assignmentId === null) {
      return { kind: "dead", httpStatus: null, error: "the Moodle assignment was never resolved" };
    } else {
      const { assignmentId } = reference;
      const { points } = payload;
      result = await withTokenRefresh(delivery, access.credentials.token, (token) =>
        saveMoodleGrade(
          { siteUrl: access.url, token },
          { assignmentId, userId: reference.userId, grade: points, feedback: payload.comment },
          lmsOptions(),
        ),
      );
    }
    // Canvas took the grade but kept another score: delivered (sending again would change nothing), with
    // the mismatch recorded for a person to look at the assignment.
    if (result.ok) return { kind: "delivered", httpStatus: 200, ...(scoreMismatch ? { scoreMismatch } : {}) };
    const httpStatus = result.status ?? null;
    const error = lmsError(result);
    if (result.refreshCredentials) {
      return {
        kind: "dead",
        httpStatus,
        error: `${error}: the LMS refused the token, and a static token cannot be refreshed (the integration's credentials were read again: unchanged); update them, then retry the passback`,
      };
    }
    const attempts = delivery.attempts + 1;
    if (!result.retryable) return { kind: "dead", httpStatus, error: `${error}: not retried` };
    if (attempts >= options.maxAttempts) {
      return { kind: "dead", httpStatus, error: `${error} (after ${attempts} attempts)` };
    }
    const waitMs = retryWaitMs(attempts, result.retryAfterMs);
    return { kind: "retry", at: new Date(clock.now().getTime() + waitMs), httpStatus, error };
  }

  /**
   * Canvas and Moodle tokens are static: refreshing one after a 401 means reading the integration's
   * credentials again. When an admin replaced the token since this call read it, the call is made once
   * more with the new one; otherwise (or on a second 401) the refusal stands. LTI tokens are refreshed
   * by their token source (lti/ags-token.ts), also once.
   */
  async function withTokenRefresh<T>(
    owner: IntegrationOwner,
    token: string,
    call: (token: string) => Promise<OutboundResult<T>>,
  ): Promise<OutboundResult<T>> {
    const result = await call(token);
    if (result.ok || !result.refreshCredentials) return result;
    const fresh = await options.integrations.lmsAccess(owner.tenantId, owner.integrationId);
    const freshToken = fresh?.credentials.token;
    if (freshToken === undefined || freshToken === token) return result;
    return call(freshToken);
  }

  /** One token source per LTI integration and registration (tokens are cached until they expire). */
  const ltiTokenSources = new Map<string, { registration: string; source: LtiTokenSource }>();
  async function ltiTokens(
    integrationId: string,
    access: NonNullable<Awaited<ReturnType<IntegrationRunnerOptions["integrations"]["lmsAccess"]>>>,
  ): Promise<LtiTokenSource | undefined> {
    const { clientId, keyId } = access.lms;
    const privateKey = access.credentials.privateKey;
    if (!clientId || !keyId || !privateKey) return undefined;
    const registration = sha256Hex(JSON.stringify([access.url, clientId, keyId, privateKey]));
    const cached = ltiTokenSources.get(integrationId);
    if (cached?.registration === registration) return cached.source;
    let key: Awaited<ReturnType<typeof importPKCS8>>;
    try {
      key = await importPKCS8(privateKey, "RS256");
    } catch {
      return undefined;
    }
    const source = createLtiTokenSource(
      { clientId, keyId, tokenUrl: access.url, privateKey: key },
      lmsOptions(),
    );
    ltiTokenSources.set(integrationId, { registration, source });
    return source;
  }

  async function settle(
    delivery: ClaimedDelivery,
    log: Logger,
    outcome: DeliveryOutcome,
    started: Date,
  ): Promise<void> {
    const finished = clock.now();
    const attempt: DeliveryAttempt = {
      at: started.toISOString(),
      httpStatus: outcome.httpStatus,
      outcome: outcome.kind,
      error: outcome.kind === "delivered" ? null : outcome.error,
      durationMs: finished.getTime() - started.getTime(),
    };
    const settled = await queue.settleDelivery(delivery.id, delivery.holder, outcome, attempt, finished);
    if (!settled) log.warn("delivery's lease was lost: another runner took it over");
    else if (outcome.kind === "dead") log.warn({ error: attempt.error }, "delivery dead-lettered");
    else if (outcome.kind === "delivered" && outcome.scoreMismatch !== undefined) {
      // Numbers and the LMS's grade string only: never the comment, which quotes the feedback.
      const { sent, kept, reason } = outcome.scoreMismatch;
      log.warn(
        { sent, kept, reason },
        "passback delivered, but the LMS kept another score than the one sent",
      );
    } else if (outcome.kind === "retry") log.debug({ error: attempt.error }, "delivery will be retried");
  }

  async function deliverDue(): Promise<number> {
    const free = concurrency - inFlight.size;
    if (free <= 0) return 0;
    const claimed = await queue.claimDeliveries({
      holder: options.ownerId,
      limit: free,
      now: clock.now(),
      leaseUntil: leaseUntil(),
      maxAttempts: options.maxAttempts,
    });
    for (const delivery of claimed) {
      // Still being sent here (its lease ran out meanwhile, and the renewal did not come in time): that
      // send settles it, under the same holder; a second one beside it would reach the receiver twice.
      if (inFlight.has(delivery.id)) continue;
      const task = send(delivery)
        .then(() => undefined)
        .catch((error: unknown) => logger.error({ err: error, deliveryId: delivery.id }, "delivery failed"))
        .finally(() => {
          inFlight.delete(delivery.id);
          wake();
        });
      inFlight.set(delivery.id, task);
    }
    return claimed.length;
  }

  async function idleWaitMs(): Promise<number> {
    const dues = [await queue.nextDeliveryDueAt(), await queue.nextReceivedDueAt()].filter(
      (due): due is Date => due !== undefined,
    );
    if (dues.length === 0) return idlePollMs;
    const soonest = Math.min(...dues.map((due) => due.getTime())) - clock.now().getTime();
    return Math.max(10, Math.min(idlePollMs, soonest));
  }

  /**
   * The outbox queue's handler (BullMQ): leases the named row and sends or fetches it; answers when
   * the message should come back, undefined when done. A message for a row that is done (delivered,
   * dead, deleted) finds nothing to lease: redelivery never sends twice.
   */
  async function handleWork(work: Pick<OutboxWork, "kind" | "id">): Promise<Date | undefined> {
    const now = clock.now();
    if (work.kind === "fetch") {
      const claimed = await queue.claimFetch({
        id: work.id,
        holder: options.ownerId,
        now,
        leaseUntil: leaseUntil(),
        maxAttempts: options.maxAttempts,
      });
      if (claimed === undefined || "later" in claimed) return claimed?.later;
      return fetchSubmission(claimed);
    }
    const claimed = await queue.claimDelivery({
      id: work.id,
      holder: options.ownerId,
      now,
      leaseUntil: leaseUntil(),
      maxAttempts: options.maxAttempts,
    });
    // Another worker's live lease: look again when it runs out (it is renewed while that one sends).
    if (claimed === undefined || "later" in claimed) return claimed?.later;
    let settled: () => void = () => {};
    inFlight.set(
      claimed.id,
      new Promise<void>((resolve) => {
        settled = resolve;
      }),
    );
    try {
      const outcome = await send(claimed);
      return outcome.kind === "retry" ? outcome.at : undefined;
    } finally {
      inFlight.delete(claimed.id);
      settled();
    }
  }

  /** BullMQ: one turn dispatches and releases (releases go to the queue); now and then, reconciles. */
  async function distributedTurn(): Promise<number> {
    await renewIfOverdue();
    await dispatch();
    await release();
    const now = clock.now().getTime();
    if (now - lastReconcile >= reconcileEveryMs) {
      lastReconcile = now;
      await handOverDue(new Date(now - dispatchGraceMs));
    }
    // Fetches and deliveries wait in the queue, not here; events recorded here wake the loop.
    return idlePollMs;
  }

  /** One turn: fetch, dispatch, release and deliver; go again at once while deliveries fill every slot. */
  async function turn(): Promise<number> {
    await renewIfOverdue();
    await fetchSubmissions();
    await dispatch();
    await release();
    const claimed = await deliverDue();
    return claimed > 0 && inFlight.size < concurrency ? 0 : await idleWaitMs();
  }

  return {
    start() {
      // Stopped before it started (SIGTERM during start-up): it stays stopped, leasing nothing.
      if (started || stopping) return;
      started = true;
      heartbeat = startHeartbeat(Math.max(100, Math.floor(options.leaseMs / 3)), renewHeld, (error) =>
        logger.warn({ err: error }, "delivery or fetch leases could not be renewed"),
      );
      workQueue?.start(handleWork);
      loop = startPollLoop({
        clock,
        turn: workQueue ? distributedTurn : turn,
        errorWaitMs: idlePollMs,
        onError: (error) => logger.error({ err: error }, "integration runner turn failed"),
      });
    },
    wake,
    rescan() {
      lastReleaseScan = null;
      wake();
    },
    async stop(graceMs = 10_000) {
      if (stopping) return;
      stopping = true;
      await loop?.stop();
      await handingOver;
      if (workQueue) {
        await workQueue.stop(graceMs);
      } else {
        const timeout = new AbortController();
        await Promise.race([
          Promise.allSettled([...inFlight.values()]),
          clock.sleep(graceMs, timeout.signal),
        ]);
        timeout.abort();
      }
      heartbeat?.stop();
      if (inFlight.size > 0) {
        logger.warn(
          { inFlight: inFlight.size },
          "stopped with deliveries in flight: their leases expire and another runner resumes them",
        );
      }
    },
  };
}

/** An LMS failure as a line in a delivery's history (never a token or student text). */
function lmsError(failure: OutboundFailure): string {
  // A status failure's message already starts with its status ("HTTP 500: …"): said once.
  if (failure.status === undefined || failure.message.startsWith(`HTTP ${failure.status}`))
    return failure.message;
  return `HTTP ${failure.status}: ${failure.message}`;
}
