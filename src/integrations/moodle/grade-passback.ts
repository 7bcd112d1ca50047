import { failure, type OutboundHttpOptions, type OutboundResult } from "../outbound-http.js";
import { callMoodleFunction, type MoodleSite } from "./web-service.js";

/** Moodle text formats for the feedback comment. */
export const MOODLE_FORMAT = { moodle: 0, html: 1, plain: 2, markdown: 4 } as const;

export interface MoodleGrade {
  /** The assignment instance id (not the course module id). */
  readonly assignmentId: string;
  readonly userId: string;
  /** Points on the assignment's scale. */
  readonly grade: number;
  /** Feedback comment; omitted when empty. */
  readonly feedback?: string;
  /** Default `plain`. */
  readonly feedbackFormat?: keyof typeof MOODLE_FORMAT;
  /**
   * Marking workflow state, used by Moodle only when the assignment has marking workflow on.
   * Default `released`: grades that need review are held by this service before they are sent.
   */
  readonly workflowState?: string;
}

/** Plain decimal with at most 5 decimals; `undefined` for a negative or non-finite number. */
function formatGrade(points: number): string | undefined {
  if (!Number.isFinite(points) || points < 0) return undefined;
  return String(Number(points.toFixed(5)));
}

/**
 * Saves a grade with `mod_assign_save_grade` (`attemptnumber=-1`: the latest attempt; `addattempt=0`;
 * `applytoall=0`; feedback through `plugindata[assignfeedbackcomments_editor]`). Saving the same grade
 * and feedback again overwrites them, so a retry is safe. Moodle answers success with `null` and errors
 * as 200 with `{exception, errorcode, message}`, a failure (see `callMoodleFunction`). Never throws.
 */
export async function saveMoodleGrade(
  site: MoodleSite,
  grade: MoodleGrade,
  options: OutboundHttpOptions = {},
): Promise<OutboundResult<null>> {
  const formatted = formatGrade(grade.grade);
  if (formatted === undefined)
    return failure("invalid-request", "grade must be a finite number of at least 0");
  const parameters: Record<string, string> = {
    assignmentid: grade.assignmentId,
    userid: grade.userId,
    grade: formatted,
    attemptnumber: "-1",
    addattempt: "0",
    workflowstate: grade.workflowState ?? "released",
    applytoall: "0",
  };
  if (grade.feedback !== undefined && grade.feedback.trim() !== "") {
    parameters["plugindata[assignfeedbackcomments_editor][text]"] = grade.feedback;
    parameters["plugindata[assignfeedbackcomments_editor][format]"] = String(
      MOODLE_FORMAT[grade.feedbackFormat ?? "plain"],
    );
  }
  const result = await callMoodleFunction(site, "mod_assign_save_grade", parameters, options);
  return result.ok ? { ok: true, value: null } : result;
}
