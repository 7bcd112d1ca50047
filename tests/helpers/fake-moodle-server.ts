import type { ServerResponse } from "node:http";
import {
  sendJson,
  startFakeLms,
  type FakeLmsServer,
  type LmsBehaviour,
  type RecordedRequest,
} from "./fake-lms-http.js";

/**
 * A fake Moodle on loopback, below a path as many sites are (`/moodle`): `POST
 * /moodle/webservice/rest/server.php` with `wstoken`, `wsfunction`, `moodlewsrestformat=json` in a form.
 * Errors come as HTTP 200 with `{exception, errorcode, message}`, as Moodle sends them. Functions:
 * `mod_assign_get_submissions` (every user's latest attempt, with the onlinetext plugin's editor field),
 * `mod_assign_save_grade` (answers `null`), `core_course_get_course_module`.
 */

export interface FakeMoodleSubmission {
  id: number;
  userid: number;
  attemptnumber: number;
  status: string;
  text: string | null;
  timemodified: number;
}

export interface FakeMoodleAssignment {
  id: number;
  cmid: number;
  course: number;
  submissions: FakeMoodleSubmission[];
}

export interface SavedMoodleGrade {
  readonly parameters: Record<string, string>;
}

/**
 * Scripted by web service function, not by the order calls arrive (there is no `enqueue`): a call the
 * client repeats (a timeout under load), or calls that reorder, do not shift a scripted answer onto another
 * function.
 */
export interface FakeMoodle extends Omit<FakeLmsServer, "enqueue"> {
  readonly siteUrl: string;
  readonly tokens: Set<string>;
  readonly assignments: Map<number, FakeMoodleAssignment>;
  /** Every `mod_assign_save_grade` that was applied, in order. */
  readonly savedGrades: SavedMoodleGrade[];
  /** The next calls of `wsfunction` take these behaviours, in order (each `times` times), whatever calls come between. */
  scriptNext(wsfunction: string, ...behaviours: LmsBehaviour[]): void;
  /** The next call of `wsfunction` answers with this exception (`scriptNext` with a `moodleException`). */
  failNext(wsfunction: string, errorcode: string): void;
}

export const MOODLE_TOKEN = "moodle-ws-token";

const exception = (errorcode: string, message: string, kind = "moodle_exception") => ({
  exception: kind,
  errorcode,
  message,
});

export async function startFakeMoodle(): Promise<FakeMoodle> {
  const tokens = new Set([MOODLE_TOKEN]);
  const savedGrades: SavedMoodleGrade[] = [];
  const scripts = new Map<string, LmsBehaviour[]>();
  const assignments = new Map<number, FakeMoodleAssignment>([
    [
      7,
      {
        id: 7,
        cmid: 42,
        course: 2,
        submissions: [
          // Moodle returns only each user's latest attempt; an older one is kept here to check the client picks the latest.
          {
            id: 100,
            userid: 2,
            attemptnumber: 0,
            status: "reopened",
            text: "<p>First try</p>",
            timemodified: 1512961000,
          },
          {
            id: 101,
            userid: 2,
            attemptnumber: 1,
            status: "submitted",
            text: "<p>Photosynthesis turns light into chemical energy.</p>",
            timemodified: 1512961456,
          },
          { id: 102, userid: 3, attemptnumber: 0, status: "submitted", text: null, timemodified: 1512961500 },
        ],
      },
    ],
  ]);

  const renderSubmission = (assignment: FakeMoodleAssignment, submission: FakeMoodleSubmission) => ({
    id: submission.id,
    userid: submission.userid,
    attemptnumber: submission.attemptnumber,
    timecreated: submission.timemodified - 60,
    timemodified: submission.timemodified,
    status: submission.status,
    groupid: 0,
    assignment: assignment.id,
    latest: 1,
    plugins: [
      ...(submission.text === null
        ? []
        : [
            {
              type: "onlinetext",
              name: "Online text",
              fileareas: [{ area: "submissions_onlinetext", files: [] }],
              editorfields: [
                { name: "onlinetext", description: "Online text", text: submission.text, format: 1 },
              ],
            },
          ]),
      { type: "comments", name: "Submission comments" },
    ],
    gradingstatus: "notgraded",
  });

  const handleFunction = (form: URLSearchParams): unknown => {
    const wsfunction = form.get("wsfunction");
    if (wsfunction === "mod_assign_get_submissions") {
      const ids = [...form.entries()]
        .filter(([name]) => /^assignmentids\[\d+\]$/.test(name))
        .map(([, value]) => Number(value));
      return {
        assignments: ids.flatMap((id) => {
          const assignment = assignments.get(id);
          if (assignment === undefined) return [];
          // Like Moodle: the latest attempt of each user only.
          const latest = new Map<number, FakeMoodleSubmission>();
          for (const submission of assignment.submissions) {
            const current = latest.get(submission.userid);
            if (current === undefined || submission.attemptnumber > current.attemptnumber) {
              latest.set(submission.userid, submission);
            }
          }
          return [
            {
              assignmentid: id,
              submissions: [...latest.values()].map((s) => renderSubmission(assignment, s)),
            },
          ];
        }),
        warnings: [],
      };
    }
    if (wsfunction === "mod_assign_save_grade") {
      const required = [
        "assignmentid",
        "userid",
        "grade",
        "attemptnumber",
        "addattempt",
        "workflowstate",
        "applytoall",
      ];
      const missing = required.filter((name) => !form.has(name));
      if (missing.length > 0) {
        return exception(
          "invalidparameter",
          `Invalid parameter value detected (Missing required key in single structure: ${missing[0]})`,
          "invalid_parameter_exception",
        );
      }
      if (!assignments.has(Number(form.get("assignmentid")))) {
        return exception(
          "invalidrecord",
          "Can't find data record in database table course_modules.",
          "dml_missing_record_exception",
        );
      }
      savedGrades.push({ parameters: Object.fromEntries(form) });
      return null;
    }
    if (wsfunction === "core_course_get_course_module") {
      const cmid = Number(form.get("cmid"));
      const assignment = [...assignments.values()].find((candidate) => candidate.cmid === cmid);
      if (assignment === undefined) {
        return exception(
          "invalidrecord",
          "Can't find data record in database table course_modules.",
          "dml_missing_record_exception",
        );
      }
      return {
        cm: {
          id: cmid,
          course: assignment.course,
          module: 1,
          name: "Essay",
          modname: "assign",
          instance: assignment.id,
        },
        warnings: [],
      };
    }
    return exception(
      "invalidrecord",
      "Can't find data record in database table external_functions.",
      "dml_missing_record_exception",
    );
  };

  const behaviourFor = ({ body }: { body: string }) =>
    scripts.get(new URLSearchParams(body).get("wsfunction") ?? "")?.shift();
  const handle = (request: RecordedRequest, response: ServerResponse, behaviour: LmsBehaviour) => {
    if (request.method !== "POST" || request.path !== "/moodle/webservice/rest/server.php") {
      response.writeHead(404, { "content-type": "text/html" });
      return void response.end("<h1>Not found</h1>");
    }
    const form = new URLSearchParams(request.body);
    if (form.get("moodlewsrestformat") !== "json") {
      response.writeHead(200, { "content-type": "application/xml" });
      return void response.end('<?xml version="1.0" encoding="UTF-8" ?>\n<RESPONSE></RESPONSE>');
    }
    if (!tokens.has(form.get("wstoken") ?? "")) {
      return sendJson(response, 200, exception("invalidtoken", "Invalid token - token not found"));
    }
    if (behaviour.kind === "moodleException") {
      return sendJson(
        response,
        200,
        exception(behaviour.errorcode, behaviour.message ?? "scripted exception"),
      );
    }
    const result = handleFunction(form);
    if (behaviour.kind === "applyThenStatus") return sendJson(response, behaviour.status, { error: "lost" });
    return sendJson(response, 200, result);
  };
  const server = await startFakeLms(handle, behaviourFor);

  const scriptNext = (wsfunction: string, ...behaviours: LmsBehaviour[]) => {
    const queued = scripts.get(wsfunction) ?? [];
    for (const behaviour of behaviours) {
      const times = behaviour.times ?? 1;
      if (!Number.isInteger(times) || times < 1)
        throw new Error(`times must be a positive integer, got ${times}`);
      for (let copy = 0; copy < times; copy++) queued.push(behaviour);
    }
    scripts.set(wsfunction, queued);
  };
  const failNext = (wsfunction: string, errorcode: string) =>
    scriptNext(wsfunction, { kind: "moodleException", errorcode });
  // Not `enqueue`: by function only.
  return {
    origin: server.origin,
    requests: server.requests,
    close: () => server.close(),
    siteUrl: `${server.origin}/moodle`,
    tokens,
    assignments,
    savedGrades,
    scriptNext,
    failNext,
  };
}
