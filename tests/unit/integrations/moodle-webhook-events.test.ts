import { describe, expect, it } from "vitest";
import {
  parseMoodleWebhookEvent,
  verifyMoodleWebhookToken,
} from "../../../src/integrations/moodle/webhook-events.js";
import { readLmsFixture } from "../../helpers/lms-fixtures.js";

/** The local_webhooks request format (fixture: a course_viewed event, ids as strings). */
const localWebhooksFixture = readLmsFixture("moodle-local_webhooks-event.json");
/** A log-store record of assessable_submitted (ids as numbers). */
const assessableSubmittedFixture = readLmsFixture("moodle-logstore_xapi-assessable_submitted.json");

/** The fixture's envelope, carrying a submission event as Moodle's event classes fill it. */
const onlineTextEvent = (eventname: string, overrides: Record<string, unknown> = {}) => ({
  ...localWebhooksFixture,
  eventname,
  component: "assignsubmission_onlinetext",
  action: eventname.endsWith("created") ? "created" : "updated",
  target: "submission",
  objecttable: "assignsubmission_onlinetext",
  objectid: "15",
  crud: eventname.endsWith("created") ? "c" : "u",
  contextlevel: 70,
  contextinstanceid: "42",
  userid: "2",
  courseid: "2",
  other: { submissionid: "101", submissionattempt: 1, submissionstatus: "submitted", onlinetextwordcount: 7 },
  token: "shared-secret",
  ...overrides,
});

describe("parseMoodleWebhookEvent", () => {
  it("ignores the fixture's course_viewed event", () => {
    expect(parseMoodleWebhookEvent(localWebhooksFixture)).toEqual({
      ok: false,
      reason: "ignored",
      eventName: "\\core\\event\\course_viewed",
    });
  });

  it("reads assessable_submitted with numeric ids (log-store fixture)", () => {
    expect(parseMoodleWebhookEvent(assessableSubmittedFixture)).toEqual({
      ok: true,
      event: {
        eventName: "\\mod_assign\\event\\assessable_submitted",
        host: null,
        courseId: "1",
        courseModuleId: "1",
        userId: "1",
        submissionId: "1",
        attempt: null,
        timeCreated: 1433946701,
      },
    });
  });

  it("reads assessable_submitted in the local_webhooks envelope with string ids", () => {
    const result = parseMoodleWebhookEvent({
      ...localWebhooksFixture,
      eventname: "\\mod_assign\\event\\assessable_submitted",
      objecttable: "assign_submission",
      objectid: "101",
      contextinstanceid: "42",
      userid: "2",
      courseid: "2",
      other: { submission_editable: false },
    });
    expect(result).toEqual({
      ok: true,
      event: {
        eventName: "\\mod_assign\\event\\assessable_submitted",
        host: "localhost",
        courseId: "2",
        courseModuleId: "42",
        userId: "2",
        submissionId: "101",
        attempt: null,
        timeCreated: 1512961456,
      },
    });
  });

  it.each([
    "\\assignsubmission_onlinetext\\event\\submission_created",
    "\\assignsubmission_onlinetext\\event\\submission_updated",
  ])("reads %s: the submission id and attempt come from `other`", (eventname) => {
    const result = parseMoodleWebhookEvent(onlineTextEvent(eventname));
    expect(result.ok && result.event).toMatchObject({
      eventName: eventname,
      courseModuleId: "42",
      userId: "2",
      submissionId: "101",
      attempt: 1,
    });
  });

  it("takes the student from relateduserid when a teacher acted for them", () => {
    const result = parseMoodleWebhookEvent(
      onlineTextEvent("\\assignsubmission_onlinetext\\event\\submission_updated", {
        userid: 5,
        relateduserid: 9,
      }),
    );
    expect(result.ok && result.event.userId).toBe("9");
  });

  it("refuses a submission event without the ids it needs", () => {
    const result = parseMoodleWebhookEvent(
      onlineTextEvent("\\assignsubmission_onlinetext\\event\\submission_created", {
        contextinstanceid: null,
      }),
    );
    expect(result).toEqual({
      ok: false,
      reason: "invalid",
      problems: [{ path: "contextinstanceid", message: "must be an id" }],
    });
  });

  // Regression: numbers went through Number(), so "0x2" was attempt 2 and "1e9" a time in 2001; a value
  // that was no number at all was dropped silently.
  const submissionCreated = "\\assignsubmission_onlinetext\\event\\submission_created";
  const wholeNumber = (max: number) =>
    `must be a whole number from 0 to ${max} (a number, or its decimal digits as a string)`;
  it.each(["0x2", "1e0", "", " 1", "-1", "1.5", 1.5, -1, 1_000_001, true, "one"])(
    "refuses other.submissionattempt %j, naming it",
    (submissionattempt) => {
      const result = parseMoodleWebhookEvent(
        onlineTextEvent(submissionCreated, { other: { submissionid: "101", submissionattempt } }),
      );
      expect(result).toEqual({
        ok: false,
        reason: "invalid",
        problems: [{ path: "other.submissionattempt", message: wholeNumber(1_000_000) }],
      });
    },
  );

  it.each(["1e9", "0x5a000000", "", "1433946701.5", -1, 253_402_300_800, "now"])(
    "refuses timecreated %j, naming it",
    (timecreated) => {
      const result = parseMoodleWebhookEvent(onlineTextEvent(submissionCreated, { timecreated }));
      expect(result).toEqual({
        ok: false,
        reason: "invalid",
        problems: [{ path: "timecreated", message: wholeNumber(253_402_300_799) }],
      });
    },
  );

  it.each([
    [{ submissionattempt: 0 }, 1512961456, 0, 1512961456],
    [{ submissionattempt: "3" }, "1512961456", 3, 1512961456],
    [{ submissionattempt: null }, null, null, null],
    [{}, undefined, null, null],
    [null, 0, null, 0],
  ])("takes other %j and timecreated %j as before", (other, timecreated, attempt, timeCreated) => {
    const result = parseMoodleWebhookEvent(
      onlineTextEvent(submissionCreated, { other: other && { submissionid: "101", ...other }, timecreated }),
    );
    expect(result.ok && result.event).toMatchObject({ attempt, timeCreated });
  });

  it.each([null, "text", [], {}])("refuses %j", (payload) => {
    expect(parseMoodleWebhookEvent(payload)).toMatchObject({ ok: false, reason: "invalid" });
  });
});

describe("verifyMoodleWebhookToken", () => {
  const event = onlineTextEvent("\\assignsubmission_onlinetext\\event\\submission_created");

  it("accepts the shared token", () => {
    expect(verifyMoodleWebhookToken(event, "shared-secret")).toBe(true);
  });

  it.each([
    ["another token", "shared-secrex"],
    ["a prefix", "shared-secret-longer"],
    ["a shorter one", "shared"],
  ])("refuses %s", (_label, expected) => {
    expect(verifyMoodleWebhookToken(event, expected)).toBe(false);
  });

  it("refuses a missing or empty token, and never matches an empty configured token", () => {
    expect(verifyMoodleWebhookToken({ ...event, token: undefined }, "shared-secret")).toBe(false);
    expect(verifyMoodleWebhookToken(localWebhooksFixture, "")).toBe(false);
    expect(verifyMoodleWebhookToken({ ...event, token: "" }, "")).toBe(false);
    expect(verifyMoodleWebhookToken({ ...event, token: 123 }, "123")).toBe(false);
  });
});
