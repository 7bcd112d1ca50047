import type { Problem } from "../../grading/errors.js";
import { sameSecret } from "../../lib/url-token.js";
import { wholeNumber } from "../../lib/whole-number.js";
import { eventIdProblem, idToString } from "../outbound-http.js";

/**
 * Moodle events as the `local_webhooks` plugin posts them: the event's `get_data()` (`eventname`,
 * `objectid`, `contextinstanceid`, `userid`, `relateduserid`, `courseid`, `other`, `timecreated`, …)
 * plus `host`, `token` and `extra`. Ids arrive as strings or numbers depending on the path.
 */

export const MOODLE_SUBMISSION_EVENTS = [
  "\\mod_assign\\event\\assessable_submitted",
  "\\assignsubmission_onlinetext\\event\\submission_created",
  "\\assignsubmission_onlinetext\\event\\submission_updated",
] as const;

export type MoodleSubmissionEventName = (typeof MOODLE_SUBMISSION_EVENTS)[number];

export interface MoodleSubmissionEvent {
  readonly eventName: MoodleSubmissionEventName;
  /** `host` added by the plugin, when present. */
  readonly host: string | null;
  readonly courseId: string;
  /** `contextinstanceid`: the assignment's course module id (resolve it with `resolveMoodleAssignmentId`). */
  readonly courseModuleId: string;
  /** The student: `relateduserid` when a teacher acted for them, else `userid`. */
  readonly userId: string;
  /** The `assign_submission` id: `objectid` for `assessable_submitted`, `other.submissionid` for onlinetext. */
  readonly submissionId: string | null;
  /** `other.submissionattempt` (0-based, onlinetext events only). */
  readonly attempt: number | null;
  /** Unix seconds. */
  readonly timeCreated: number | null;
}

export type MoodleEventParse =
  | { readonly ok: true; readonly event: MoodleSubmissionEvent }
  | { readonly ok: false; readonly reason: "ignored"; readonly eventName: string }
  | { readonly ok: false; readonly reason: "invalid"; readonly problems: readonly Problem[] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isSubmissionEvent = (name: string): name is MoodleSubmissionEventName =>
  (MOODLE_SUBMISSION_EVENTS as readonly string[]).includes(name);

/** The last second of the year 9999: a Unix time past it is no time Moodle wrote. */
const maxUnixSeconds = 253_402_300_799;
const maxMoodleAttempt = 1_000_000;
const wholeNumberMessage = (min: number, max: number) =>
  `must be a whole number from ${min} to ${max} (a number, or its decimal digits as a string)`;

/**
 * Reads a `local_webhooks` post. Events other than the three submission events are `ignored` (the
 * plugin can be set to send many). Does not check the token: call `verifyMoodleWebhookToken` first.
 */
export function parseMoodleWebhookEvent(payload: unknown): MoodleEventParse {
  if (!isRecord(payload)) {
    return { ok: false, reason: "invalid", problems: [{ path: "", message: "expected a JSON object" }] };
  }
  const eventName = payload.eventname;
  if (typeof eventName !== "string") {
    // "is missing" said so of an `eventname` sent as a number or a list, too.
    const message = eventName === undefined || eventName === null ? "is missing" : "must be a string";
    return { ok: false, reason: "invalid", problems: [{ path: "eventname", message }] };
  }
  if (!isSubmissionEvent(eventName)) return { ok: false, reason: "ignored", eventName };

  // The event's other fields (Moodle's `get_data()`, the plugin's `host` and `extra`) are not read, and
  // whatever a Moodle version adds is ignored, not refused.
  const problems: Problem[] = [];
  const readId = (path: string, value: unknown, required: boolean): string | undefined => {
    const id = idToString(value);
    const problem = id === undefined ? (required ? "must be an id" : undefined) : eventIdProblem(id);
    if (problem !== undefined) problems.push({ path, message: problem });
    return id;
  };
  const courseId = readId("courseid", payload.courseid, true);
  const courseModuleId = readId("contextinstanceid", payload.contextinstanceid, true);
  const userId =
    idToString(payload.relateduserid) !== undefined
      ? readId("relateduserid", payload.relateduserid, true)
      : readId("userid", payload.userid, true);
  const other = isRecord(payload.other) ? payload.other : {};
  const submissionId =
    eventName === "\\mod_assign\\event\\assessable_submitted"
      ? readId("objectid", payload.objectid, false)
      : readId("other.submissionid", other.submissionid, false);
  // Absent or null is none; anything else is a whole number under one rule (`Number()` took "0x2" as 2
  // and "1e3" as 1000), or the event is refused naming the field.
  const readWholeNumber = (path: string, value: unknown, max: number): number | null => {
    if (value === undefined || value === null) return null;
    const number = wholeNumber(value, { min: 0, max });
    if (number === undefined) problems.push({ path, message: wholeNumberMessage(0, max) });
    return number ?? null;
  };
  const attempt = readWholeNumber("other.submissionattempt", other.submissionattempt, maxMoodleAttempt);
  const timeCreated = readWholeNumber("timecreated", payload.timecreated, maxUnixSeconds);
  if (problems.length > 0 || courseId === undefined || courseModuleId === undefined || userId === undefined) {
    return { ok: false, reason: "invalid", problems };
  }
  return {
    ok: true,
    event: {
      eventName,
      host: typeof payload.host === "string" && payload.host !== "" ? payload.host : null,
      courseId,
      courseModuleId,
      userId,
      submissionId: submissionId ?? null,
      attempt,
      timeCreated,
    },
  };
}

/**
 * True when the `token` in the body equals the integration's shared token. Compared in constant time
 * over SHA-256 digests, so neither the content nor the length of the secret leaks through timing. An
 * empty configured token never matches (the plugin's default is an empty token).
 */
export function verifyMoodleWebhookToken(payload: unknown, expectedToken: string): boolean {
  const received = isRecord(payload) && typeof payload.token === "string" ? payload.token : "";
  return sameSecret(received, expectedToken);
}
