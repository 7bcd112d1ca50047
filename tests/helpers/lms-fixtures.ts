import { readFileSync } from "node:fs";

/** The real LMS payloads in tests/fixtures/lms (copied from public specs and sources; see its README). */
export function readLmsFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/lms/${name}`, import.meta.url), "utf8")) as T;
}

/**
 * A Moodle `local_webhooks` post of an assignment submission (course module 42, user 2, submission 101), as
 * the plugin sends it with the integration's shared `token`, now.
 */
export function moodleSubmittedEvent(token: string, overrides: Record<string, unknown> = {}) {
  return {
    eventname: "\\mod_assign\\event\\assessable_submitted",
    component: "mod_assign",
    action: "submitted",
    target: "assessable",
    objecttable: "assign_submission",
    objectid: 101,
    crud: "u",
    contextinstanceid: "42",
    userid: 2,
    courseid: "2",
    relateduserid: null,
    other: { submission_editable: false },
    timecreated: Math.floor(Date.now() / 1000),
    host: "moodle.example.edu",
    token,
    extra: "",
    ...overrides,
  };
}
