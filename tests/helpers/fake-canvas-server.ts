import type { ServerResponse } from "node:http";
import { readLmsFixture } from "./lms-fixtures.js";
import { sendJson, startFakeLms, type FakeLmsServer, type RecordedRequest } from "./fake-lms-http.js";

/**
 * A fake Canvas on loopback: the submissions API as Canvas speaks it.
 * - `GET /api/v1/courses/:c/assignments/:a/submissions/:user_id` (with `include[]=submission_comments`
 *   for the comments); ids are strings when the client sends `Accept: application/json+canvas-string-ids`,
 *   numbers otherwise, as in Canvas.
 * - `PUT` on the same path with a form body: `submission[posted_grade]` sets the grade and
 *   `comment[text_comment]` appends a comment (every time, as Canvas does).
 * - The answer to a PUT is the submission with `score` and `grade` (fields of Canvas's Submission model,
 *   `app/controllers/submissions_api_controller.rb`): the points posted, unless `gradeAs` says what
 *   Canvas kept instead (its late policy's `points_deducted`, a grading type's `grade`).
 * - A bearer token from `tokens`, else 401 with Canvas's body and `WWW-Authenticate`.
 * Seeded with the submission of the Live Event fixture (course `fixtureCourseId`).
 */

export interface FakeCanvasComment {
  id: string;
  author_id: string;
  comment: string;
  created_at: string;
}

export interface FakeCanvasSubmission {
  id: string;
  assignment_id: string;
  user_id: string;
  attempt: number | null;
  body: string | null;
  submission_type: string | null;
  workflow_state: string;
  submitted_at: string | null;
  grade: string | null;
  /** What Canvas kept; unset: the posted grade as a number. */
  score?: number | null;
  points_deducted?: number | null;
  submission_comments: FakeCanvasComment[];
}

/** What Canvas keeps of a posted grade, by the assignment's rules (grading type, points possible, late policy). */
export type FakeCanvasGrading = (postedGrade: string) => {
  grade: string | null;
  score: number | null;
  points_deducted?: number | null;
};

export interface FakeCanvas extends FakeLmsServer {
  readonly baseUrl: string;
  /** Accepted bearer tokens; remove one to make it fail with 401. */
  readonly tokens: Set<string>;
  /** Keyed by `${courseId}/${assignmentId}/${userId}`. */
  readonly submissions: Map<string, FakeCanvasSubmission>;
  submission(courseId: string, assignmentId: string, userId: string): FakeCanvasSubmission | undefined;
  /** The PUT requests that reached the grade logic. */
  readonly gradeUpdates: RecordedRequest[];
  /** How a posted grade is kept; unset: as posted (a points assignment, no late policy). */
  gradeAs: FakeCanvasGrading | undefined;
}

export const CANVAS_TOKEN = "canvas-test-token";
export const fixtureCourseId = "21070000000000123";

export const canvasLiveEventFixture = readLmsFixture<{
  metadata: Record<string, unknown>;
  body: Record<string, unknown>;
}>("canvas-live-event-submission_created.json");

const SUBMISSION_PATH = /^\/api\/v1\/courses\/([^/]+)\/assignments\/([^/]+)\/submissions\/([^/]+)$/;

export async function startFakeCanvas(): Promise<FakeCanvas> {
  const tokens = new Set([CANVAS_TOKEN]);
  const submissions = new Map<string, FakeCanvasSubmission>();
  const gradeUpdates: RecordedRequest[] = [];
  const event = canvasLiveEventFixture.body;
  submissions.set(`${fixtureCourseId}/${String(event.assignment_id)}/${String(event.user_id)}`, {
    id: String(event.submission_id),
    assignment_id: String(event.assignment_id),
    user_id: String(event.user_id),
    attempt: Number(event.attempt),
    // The REST API has the full text (the event carries only its first 8192 characters).
    body: `<p>${String(event.body)}</p>`,
    submission_type: String(event.submission_type),
    workflow_state: String(event.workflow_state),
    submitted_at: String(event.submitted_at),
    grade: null,
    submission_comments: [],
  });
  let nextCommentId = 1;

  const render = (submission: FakeCanvasSubmission, stringIds: boolean, withComments: boolean) => {
    const id = (value: string) => (stringIds ? value : Number(value));
    return {
      id: id(submission.id),
      assignment_id: id(submission.assignment_id),
      user_id: id(submission.user_id),
      attempt: submission.attempt,
      body: submission.body,
      submission_type: submission.submission_type,
      workflow_state: submission.workflow_state,
      submitted_at: submission.submitted_at,
      grade: submission.grade,
      score:
        submission.score !== undefined
          ? submission.score
          : submission.grade === null
            ? null
            : Number(submission.grade),
      ...(submission.points_deducted !== undefined ? { points_deducted: submission.points_deducted } : {}),
      ...(withComments
        ? {
            submission_comments: submission.submission_comments.map((comment) => ({
              ...comment,
              id: id(comment.id),
              author_id: id(comment.author_id),
            })),
          }
        : {}),
    };
  };

  const handle = (request: RecordedRequest, response: ServerResponse, apply: () => void, status: number) => {
    apply();
    if (status !== 200) sendJson(response, status, { errors: [{ message: "An error occurred." }] });
  };

  const server = await startFakeLms((request, response, behaviour) => {
    const match = SUBMISSION_PATH.exec(request.path);
    if (match === null)
      return sendJson(response, 404, { errors: [{ message: "The specified resource does not exist." }] });
    const authorization = request.headers.authorization ?? "";
    if (!authorization.startsWith("Bearer ") || !tokens.has(authorization.slice("Bearer ".length))) {
      return sendJson(
        response,
        401,
        { errors: [{ message: "Invalid access token." }], status: "unauthenticated" },
        { "www-authenticate": 'Bearer realm="canvas-lms"' },
      );
    }
    const [, courseId, assignmentId, userId] = match.map(decodeURIComponent) as [
      string,
      string,
      string,
      string,
    ];
    const submission = submissions.get(`${courseId}/${assignmentId}/${userId}`);
    if (submission === undefined) {
      return sendJson(response, 404, { errors: [{ message: "The specified resource does not exist." }] });
    }
    const stringIds = (request.headers.accept ?? "").includes("application/json+canvas-string-ids");
    const failWith = behaviour.kind === "applyThenStatus" ? behaviour.status : 200;
    if (request.method === "GET") {
      const withComments = request.query.getAll("include[]").includes("submission_comments");
      return failWith === 200
        ? sendJson(response, 200, render(submission, stringIds, withComments))
        : sendJson(response, failWith, {});
    }
    if (request.method === "PUT") {
      if (!(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
        return sendJson(response, 400, { errors: [{ message: "expected a form body" }] });
      }
      const form = new URLSearchParams(request.body);
      return handle(
        request,
        response,
        () => {
          gradeUpdates.push(request);
          const grade = form.get("submission[posted_grade]");
          if (grade !== null) {
            const kept = fake.gradeAs?.(grade);
            submission.grade = kept ? kept.grade : grade;
            if (kept) {
              submission.score = kept.score;
              submission.points_deducted = kept.points_deducted ?? null;
            } else {
              delete submission.score;
              delete submission.points_deducted;
            }
            submission.workflow_state = "graded";
          }
          const comment = form.get("comment[text_comment]");
          if (comment !== null) {
            submission.submission_comments.push({
              id: String(nextCommentId++),
              author_id: "1",
              comment,
              created_at: new Date().toISOString(),
            });
          }
          if (failWith === 200) sendJson(response, 200, render(submission, stringIds, false));
        },
        failWith,
      );
    }
    return sendJson(response, 405, { errors: [{ message: "method not allowed" }] });
  });

  const fake: FakeCanvas = {
    ...server,
    baseUrl: server.origin,
    tokens,
    submissions,
    gradeUpdates,
    gradeAs: undefined,
    submission: (courseId, assignmentId, userId) => submissions.get(`${courseId}/${assignmentId}/${userId}`),
  };
  return fake;
}
