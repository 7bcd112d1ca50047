import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formatPostedGrade, postCanvasGrade } from "../../src/integrations/canvas/grade-passback.js";
import { parseCanvasLiveEvent } from "../../src/integrations/canvas/live-events.js";
import {
  fetchCanvasSubmission,
  type CanvasSubmissionAddress,
} from "../../src/integrations/canvas/submissions.js";
import {
  CANVAS_TOKEN,
  canvasLiveEventFixture,
  fixtureCourseId,
  startFakeCanvas,
  type FakeCanvas,
} from "../helpers/fake-canvas-server.js";

/** The Canvas clients against a loopback fake Canvas, through the SSRF guard's explicit test relaxation. */

const loopback = { allowLoopbackHttp: true, timeoutMs: 2_000 } as const;
let canvas: FakeCanvas;
let address: CanvasSubmissionAddress;

beforeAll(async () => {
  canvas = await startFakeCanvas();
  const parsed = parseCanvasLiveEvent(canvasLiveEventFixture);
  if (!parsed.ok) throw new Error("fixture does not parse");
  address = {
    baseUrl: canvas.baseUrl,
    token: CANVAS_TOKEN,
    courseId: fixtureCourseId,
    assignmentId: parsed.event.assignmentId,
    userId: parsed.event.userId,
  };
});
afterAll(() => canvas.close());
beforeEach(() => {
  canvas.requests.length = 0;
  canvas.tokens.clear();
  canvas.tokens.add(CANVAS_TOKEN);
  const submission = canvas.submission(fixtureCourseId, address.assignmentId, address.userId)!;
  submission.submission_comments = [];
  submission.grade = null;
  delete submission.score;
  delete submission.points_deducted;
  canvas.gradeAs = undefined;
});

describe("fetchCanvasSubmission", () => {
  it("turns the thin Live Event into the submission's text and attempt, ids as strings", async () => {
    const result = await fetchCanvasSubmission(address, loopback);
    expect(result).toEqual({
      ok: true,
      value: {
        submissionId: "21070000012345567",
        assignmentId: "21070000001234012",
        userId: "21070000000014012",
        attempt: 12,
        body: "<p>Test Submission Data</p>",
        submissionType: "online_text_entry",
        workflowState: "submitted",
        submittedAt: "2019-11-01T19:11:21.419Z",
      },
    });
    const [request] = canvas.requests;
    expect(request?.method).toBe("GET");
    expect(request?.path).toBe(
      `/api/v1/courses/${fixtureCourseId}/assignments/21070000001234012/submissions/21070000000014012`,
    );
    expect(request?.headers.authorization).toBe(`Bearer ${CANVAS_TOKEN}`);
    expect(request?.headers.accept).toBe("application/json+canvas-string-ids");
  });

  it("reports an unknown submission as not found, final", async () => {
    const result = await fetchCanvasSubmission({ ...address, userId: "999" }, loopback);
    expect(result).toMatchObject({ ok: false, kind: "not-found", retryable: false, status: 404 });
  });

  it("500 then 200: the first failure is retryable, the retry succeeds", async () => {
    canvas.enqueue({ kind: "status", status: 500 });
    const first = await fetchCanvasSubmission(address, loopback);
    expect(first).toMatchObject({ ok: false, kind: "http", status: 500, retryable: true });
    expect((await fetchCanvasSubmission(address, loopback)).ok).toBe(true);
  });

  it("429 with Retry-After: retryable after the time the server gave", async () => {
    canvas.enqueue({ kind: "status", status: 429, retryAfter: "3" });
    expect(await fetchCanvasSubmission(address, loopback)).toMatchObject({
      ok: false,
      status: 429,
      retryable: true,
      retryAfterMs: 3000,
    });
  });

  it("Canvas's own throttling answer (403 Rate Limit Exceeded) is retryable; another 403 is not", async () => {
    canvas.enqueue(
      { kind: "status", status: 403, body: "403 Forbidden (Rate Limit Exceeded)", contentType: "text/plain" },
      { kind: "status", status: 403, body: '{"errors":[{"message":"user not authorized"}]}' },
    );
    expect(await fetchCanvasSubmission(address, loopback)).toMatchObject({ status: 403, retryable: true });
    expect(await fetchCanvasSubmission(address, loopback)).toMatchObject({ status: 403, retryable: false });
  });

  it("401: refresh the token once, then the new token works", async () => {
    canvas.tokens.clear();
    canvas.tokens.add("rotated-token");
    const refused = await fetchCanvasSubmission(address, loopback);
    expect(refused).toMatchObject({ ok: false, status: 401, retryable: false, refreshCredentials: true });
    expect(refused.ok || refused.message.includes(CANVAS_TOKEN)).toBe(false);
    expect((await fetchCanvasSubmission({ ...address, token: "rotated-token" }, loopback)).ok).toBe(true);
  });

  it("a slow server: timeout, retryable", async () => {
    canvas.enqueue({ kind: "slow", delayMs: 1_000 });
    expect(await fetchCanvasSubmission(address, { ...loopback, timeoutMs: 150 })).toMatchObject({
      ok: false,
      kind: "timeout",
      retryable: true,
    });
  });

  it("refuses the loopback fake without the explicit relaxation, before connecting", async () => {
    expect(await fetchCanvasSubmission(address)).toMatchObject({
      ok: false,
      kind: "blocked",
      retryable: false,
    });
    expect(canvas.requests).toHaveLength(0);
  });
});

describe("postCanvasGrade", () => {
  const grade = () => ({
    ...address,
    points: 13.5,
    comment: "Clear answer; cite the evidence.",
    deliveryAttempt: 1,
  });

  it("sends posted_grade as a string and one comment", async () => {
    const result = await postCanvasGrade(grade(), loopback);
    expect(result).toEqual({ ok: true, value: { commentSent: true, commentAlreadyPresent: false } });
    const form = new URLSearchParams(canvas.requests.at(-1)?.body);
    expect(canvas.requests.at(-1)?.method).toBe("PUT");
    expect(form.get("submission[posted_grade]")).toBe("13.5");
    expect(form.get("comment[text_comment]")).toBe("Clear answer; cite the evidence.");
    const stored = canvas.submission(fixtureCourseId, address.assignmentId, address.userId)!;
    expect(stored.grade).toBe("13.5");
    expect(stored.submission_comments.map((comment) => comment.comment)).toEqual([
      "Clear answer; cite the evidence.",
    ]);
  });

  it("no second comment when the first attempt reached Canvas but its answer was lost", async () => {
    canvas.enqueue({ kind: "applyThenStatus", status: 502 });
    const first = await postCanvasGrade(grade(), loopback);
    expect(first).toMatchObject({ ok: false, status: 502, retryable: true });

    const retry = await postCanvasGrade({ ...grade(), deliveryAttempt: 2 }, loopback);
    expect(retry).toEqual({ ok: true, value: { commentSent: false, commentAlreadyPresent: true } });
    const stored = canvas.submission(fixtureCourseId, address.assignmentId, address.userId)!;
    expect(stored.submission_comments).toHaveLength(1);
    expect(stored.grade).toBe("13.5");
    // The retry read the comments first, then set the grade without a comment.
    const [check, put] = canvas.requests.slice(-2);
    expect(check?.method).toBe("GET");
    expect(check?.query.getAll("include[]")).toEqual(["submission_comments"]);
    expect(new URLSearchParams(put?.body).has("comment[text_comment]")).toBe(false);
  });

  it("a retry after a failure that changed nothing sends the comment", async () => {
    canvas.enqueue({ kind: "status", status: 500 });
    expect(await postCanvasGrade(grade(), loopback)).toMatchObject({ ok: false, retryable: true });
    const retry = await postCanvasGrade({ ...grade(), deliveryAttempt: 2 }, loopback);
    expect(retry).toEqual({ ok: true, value: { commentSent: true, commentAlreadyPresent: false } });
    expect(
      canvas.submission(fixtureCourseId, address.assignmentId, address.userId)!.submission_comments,
    ).toHaveLength(1);
  });

  it("sends nothing when reading the comments on a retry fails", async () => {
    canvas.enqueue({ kind: "status", status: 503, retryAfter: "10" });
    const retry = await postCanvasGrade({ ...grade(), deliveryAttempt: 3 }, loopback);
    expect(retry).toMatchObject({ ok: false, status: 503, retryable: true, retryAfterMs: 10_000 });
    expect(canvas.requests.map((request) => request.method)).toEqual(["GET"]);
  });

  it("401 asks for a token refresh; a 400 is final", async () => {
    canvas.tokens.clear();
    expect(await postCanvasGrade(grade(), loopback)).toMatchObject({ status: 401, refreshCredentials: true });
    canvas.tokens.add(CANVAS_TOKEN);
    canvas.enqueue({ kind: "status", status: 400 });
    expect(await postCanvasGrade(grade(), loopback)).toMatchObject({ status: 400, retryable: false });
  });

  it("refuses unusable points without sending", async () => {
    expect(await postCanvasGrade({ ...grade(), points: Number.NaN }, loopback)).toMatchObject({
      kind: "invalid-request",
    });
    expect(await postCanvasGrade({ ...grade(), deliveryAttempt: 0 }, loopback)).toMatchObject({
      kind: "invalid-request",
    });
    expect(canvas.requests).toHaveLength(0);
  });

  it("says when Canvas kept another score than the one sent, from the submission it answers with", async () => {
    // Regression: any 2xx with a submission was a clean success, whatever score Canvas kept.
    // As posted, on a points assignment: nothing to say.
    const clean = await postCanvasGrade({ ...grade(), maxPoints: 20 }, loopback);
    expect(clean).toEqual({ ok: true, value: { commentSent: true, commentAlreadyPresent: false } });

    // Canvas's late policy takes 10 % of 13.5 points: it keeps 12.15 and says it deducted 1.35.
    canvas.gradeAs = (posted) => ({ grade: "12.15", score: Number(posted) - 1.35, points_deducted: 1.35 });
    const late = await postCanvasGrade({ ...grade(), maxPoints: 20, deliveryAttempt: 2 }, loopback);
    expect(late).toMatchObject({
      ok: true,
      value: {
        scoreMismatch: {
          sent: { points: 13.5, maxPoints: 20 },
          kept: { score: 12.15, grade: "12.15", pointsDeducted: 1.35 },
          reason:
            "Canvas kept a score of 12.15 where 13.5 was sent; its late or missing policy deducted 1.35 points",
        },
      },
    });

    // A percentage assignment out of 100 points, where the rubric's maximum is 20: 13.5 shows as 13.5 %.
    canvas.gradeAs = (posted) => ({ grade: `${posted}%`, score: Number(posted) });
    const percent = await postCanvasGrade({ ...grade(), maxPoints: 20, deliveryAttempt: 3 }, loopback);
    expect(percent.ok && percent.value.scoreMismatch?.reason).toBe(
      "Canvas shows 13.5% where 67.5% of the rubric's 20 points was meant: the assignment's points possible differ from the rubric's maximum",
    );
    // The same percentage of an assignment out of the rubric's 20 points is what was meant.
    canvas.gradeAs = () => ({ grade: "67.5%", score: 13.5 });
    const meant = await postCanvasGrade({ ...grade(), maxPoints: 20, deliveryAttempt: 4 }, loopback);
    expect(meant.ok && meant.value.scoreMismatch).toBeUndefined();

    // Complete/incomplete shows the score its own way; a score Canvas rounded is another score.
    canvas.gradeAs = () => ({ grade: "complete", score: 13.5 });
    const passFail = await postCanvasGrade({ ...grade(), deliveryAttempt: 5 }, loopback);
    expect(passFail.ok && passFail.value.scoreMismatch).toBeUndefined();
    canvas.gradeAs = () => ({ grade: "14", score: 14 });
    const rounded = await postCanvasGrade({ ...grade(), deliveryAttempt: 6 }, loopback);
    expect(rounded.ok && rounded.value.scoreMismatch).toMatchObject({
      sent: { points: 13.5, maxPoints: null },
      kept: { score: 14, grade: "14", pointsDeducted: null },
    });
    // Excused: no score at all.
    canvas.gradeAs = () => ({ grade: null, score: null });
    const none = await postCanvasGrade({ ...grade(), deliveryAttempt: 7 }, loopback);
    expect(none.ok && none.value.scoreMismatch?.reason).toBe("Canvas kept no score");
  });

  it("formats points as plain decimals", () => {
    expect(formatPostedGrade(13.5)).toBe("13.5");
    expect(formatPostedGrade(7)).toBe("7");
    expect(formatPostedGrade(0.1 + 0.2)).toBe("0.3");
    expect(formatPostedGrade(1e-7)).toBe("0");
    expect(formatPostedGrade(-1)).toBeUndefined();
  });
});
