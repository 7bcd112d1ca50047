import {
  errorSummary,
  exchange,
  failure,
  failureFromStatus,
  idToString,
  isFailure,
  joinUrl,
  parseJsonText,
  safeErrorCode,
  safeLmsText,
  type OutboundFailure,
  type OutboundHttpOptions,
  type OutboundResult,
} from "../outbound-http.js";
import { wholeNumber } from "../../lib/whole-number.js";

/** A Moodle site and a web service token for it. */
export interface MoodleSite {
  /** The site root, with its path when Moodle lives below one: `https://school.example/moodle`. */
  readonly siteUrl: string;
  readonly token: string;
}

/**
 * Moodle error codes that say "try later" rather than "this request is wrong": maintenance mode and
 * database failures (deadlocks, lost connections).
 */
const TRANSIENT_MOODLE_ERRORS = new Set([
  "sitemaintenance",
  "dmlreadexception",
  "dmlwriteexception",
  "dmltransactionexception",
  "dbconnectionfailed",
]);

/** Moodle's answer to a token it does not (or no longer) accept. */
const CREDENTIAL_MOODLE_ERRORS = new Set(["invalidtoken", "accessexception"]);

/**
 * Calls one Moodle web service function: `POST {site}/webservice/rest/server.php` with the form fields
 * `wstoken`, `wsfunction`, `moodlewsrestformat=json` and the function's parameters (already flattened,
 * e.g. `assignmentids[0]`). Moodle reports errors as HTTP 200 with `{exception, errorcode, message}`:
 * that is a failure (`lms-error`), retryable only for maintenance and database errors, and a credentials
 * problem for `invalidtoken`. Never throws.
 */
export async function callMoodleFunction(
  site: MoodleSite,
  wsfunction: string,
  parameters: Readonly<Record<string, string>>,
  options: OutboundHttpOptions = {},
): Promise<OutboundResult<unknown>> {
  const form = new URLSearchParams({ wstoken: site.token, wsfunction, moodlewsrestformat: "json" });
  for (const [name, value] of Object.entries(parameters)) form.set(name, value);
  const response = await exchange(
    joinUrl(site.siteUrl, "webservice/rest/server.php"),
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
    },
    options,
  );
  if (isFailure(response)) return response;
  if (response.status < 200 || response.status >= 300) {
    return failureFromStatus(response.status, response.headers, errorSummary(response.text), options.clock);
  }
  // Some functions (mod_assign_save_grade) return nothing: Moodle then sends "null" or an empty body.
  const json = response.text.trim() === "" ? null : parseJsonText(response.text);
  if (json === undefined) {
    return failure("invalid-response", `Moodle answered ${wsfunction} with something that is not JSON`, {
      status: response.status,
    });
  }
  const exception = moodleException(json, wsfunction);
  return exception ?? { ok: true, value: json };
}

function moodleException(json: unknown, wsfunction: string): OutboundFailure | undefined {
  if (typeof json !== "object" || json === null || !("exception" in json)) return undefined;
  const record = json as Record<string, unknown>;
  const errorCode = safeErrorCode(record.errorcode) ?? "unknown";
  const message = typeof record.message === "string" ? safeLmsText(record.message) : "";
  return failure("lms-error", `Moodle ${wsfunction} failed: ${errorCode}${message ? ` (${message})` : ""}`, {
    status: 200,
    errorCode,
    retryable: TRANSIENT_MOODLE_ERRORS.has(errorCode),
    refreshCredentials: CREDENTIAL_MOODLE_ERRORS.has(errorCode),
  });
}

export interface MoodleSubmission {
  readonly submissionId: string;
  readonly assignmentId: string;
  readonly userId: string;
  /** Moodle counts attempts from 0. */
  readonly attemptNumber: number;
  /** `new`, `draft`, `submitted`, `reopened`. */
  readonly status: string;
  /** The online text as stored (usually HTML); `null` when the submission has no online text. */
  readonly onlineText: string | null;
  /** Moodle text format: 0 MOODLE, 1 HTML, 2 PLAIN, 4 MARKDOWN. */
  readonly onlineTextFormat: number | null;
  /** Unix seconds. */
  readonly timeModified: number | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A count or time Moodle sends as a number or a string of decimal digits, under the one rule of every
 * number an LMS sends (`wholeNumber`); undefined for anything else. `Number()` read "0x10" as 16, so a
 * submission whose attempt number was "0x10" ranked as attempt 16 and was taken for the latest.
 */
const integer = (value: unknown): number | undefined =>
  wholeNumber(value, { min: 0, max: Number.MAX_SAFE_INTEGER });

/**
 * The user's latest attempt at an assignment, with its online text, through
 * `mod_assign_get_submissions` (`assignmentids[0]` = the assignment instance id, not the course module
 * id). Fails as `not-found` when the user has no submission, `invalid-response` when the answer does not
 * have the documented shape, and as `callMoodleFunction` classifies otherwise.
 */
export async function fetchMoodleSubmission(
  site: MoodleSite,
  request: { readonly assignmentId: string; readonly userId: string },
  options: OutboundHttpOptions = {},
): Promise<OutboundResult<MoodleSubmission>> {
  const result = await callMoodleFunction(
    site,
    "mod_assign_get_submissions",
    { "assignmentids[0]": request.assignmentId },
    options,
  );
  if (!result.ok) return result;
  if (!isRecord(result.value) || !Array.isArray(result.value.assignments)) {
    return failure("invalid-response", "mod_assign_get_submissions answered without assignments");
  }
  const assignment = result.value.assignments
    .filter(isRecord)
    .find((candidate) => idToString(candidate.assignmentid) === request.assignmentId);
  const submissions = Array.isArray(assignment?.submissions) ? assignment.submissions.filter(isRecord) : [];
  const latest = submissions
    .filter((submission) => idToString(submission.userid) === request.userId)
    .sort((left, right) => (integer(right.attemptnumber) ?? -1) - (integer(left.attemptnumber) ?? -1))[0];
  if (latest === undefined) {
    return failure("not-found", "Moodle has no submission by this user to this assignment");
  }
  const submissionId = idToString(latest.id);
  if (submissionId === undefined) return failure("invalid-response", "a Moodle submission without an id");
  const editor = onlineTextEditor(latest);
  return {
    ok: true,
    value: {
      submissionId,
      assignmentId: request.assignmentId,
      userId: request.userId,
      attemptNumber: integer(latest.attemptnumber) ?? 0,
      status: typeof latest.status === "string" ? latest.status : "",
      onlineText: typeof editor?.text === "string" ? editor.text : null,
      onlineTextFormat: integer(editor?.format) ?? null,
      timeModified: integer(latest.timemodified) ?? null,
    },
  };
}

/** The `onlinetext` plugin's editor field of a submission, if it has one. */
function onlineTextEditor(submission: Record<string, unknown>): Record<string, unknown> | undefined {
  const plugins = Array.isArray(submission.plugins) ? submission.plugins.filter(isRecord) : [];
  const onlineText = plugins.find((plugin) => plugin.type === "onlinetext");
  const fields = Array.isArray(onlineText?.editorfields) ? onlineText.editorfields.filter(isRecord) : [];
  return fields.find((field) => field.name === "onlinetext") ?? fields[0];
}

/**
 * The assignment instance id (what `mod_assign_*` functions take) of a course module id (what events
 * carry as `contextinstanceid`), through `core_course_get_course_module`.
 */
export async function resolveMoodleAssignmentId(
  site: MoodleSite,
  courseModuleId: string,
  options: OutboundHttpOptions = {},
): Promise<OutboundResult<string>> {
  const result = await callMoodleFunction(
    site,
    "core_course_get_course_module",
    { cmid: courseModuleId },
    options,
  );
  if (!result.ok) return result;
  const cm = isRecord(result.value) && isRecord(result.value.cm) ? result.value.cm : undefined;
  if (cm === undefined || cm.modname !== "assign") {
    return failure("not-found", "the course module is not an assignment");
  }
  const instance = idToString(cm.instance);
  return instance === undefined
    ? failure("invalid-response", "core_course_get_course_module answered without an instance id")
    : { ok: true, value: instance };
}
