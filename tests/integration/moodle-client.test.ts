import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { saveMoodleGrade } from "../../src/integrations/moodle/grade-passback.js";
import { parseMoodleWebhookEvent } from "../../src/integrations/moodle/webhook-events.js";
import {
  callMoodleFunction,
  fetchMoodleSubmission,
  resolveMoodleAssignmentId,
  type MoodleSite,
} from "../../src/integrations/moodle/web-service.js";
import { MOODLE_TOKEN, startFakeMoodle, type FakeMoodle } from "../helpers/fake-moodle-server.js";
import { readLmsFixture } from "../helpers/lms-fixtures.js";

/** The Moodle web service clients against a loopback fake Moodle (explicit SSRF test relaxation). */

const loopback = { allowLoopbackHttp: true, timeoutMs: 2_000 } as const;
let moodle: FakeMoodle;
let site: MoodleSite;

beforeAll(async () => {
  moodle = await startFakeMoodle();
  site = { siteUrl: moodle.siteUrl, token: MOODLE_TOKEN };
});
afterAll(() => moodle.close());
beforeEach(() => {
  moodle.requests.length = 0;
  moodle.savedGrades.length = 0;
});

describe("from a webhook event to the submission's text", () => {
  it("resolves the event's course module, then reads the user's latest attempt", async () => {
    const event = parseMoodleWebhookEvent({
      ...readLmsFixture<Record<string, unknown>>("moodle-local_webhooks-event.json"),
      eventname: "\\mod_assign\\event\\assessable_submitted",
      objectid: "101",
      contextinstanceid: "42",
      userid: "2",
      courseid: "2",
    });
    if (!event.ok) throw new Error("event does not parse");
    const assignmentId = await resolveMoodleAssignmentId(site, event.event.courseModuleId, loopback);
    expect(assignmentId).toEqual({ ok: true, value: "7" });
    const submission = await fetchMoodleSubmission(
      site,
      { assignmentId: "7", userId: event.event.userId },
      loopback,
    );
    expect(submission).toEqual({
      ok: true,
      value: {
        submissionId: "101",
        assignmentId: "7",
        userId: "2",
        attemptNumber: 1,
        status: "submitted",
        onlineText: "<p>Photosynthesis turns light into chemical energy.</p>",
        onlineTextFormat: 1,
        timeModified: 1512961456,
      },
    });
  });

  it("sends the documented form", async () => {
    await fetchMoodleSubmission(site, { assignmentId: "7", userId: "2" }, loopback);
    const [request] = moodle.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/moodle/webservice/rest/server.php");
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      wstoken: MOODLE_TOKEN,
      wsfunction: "mod_assign_get_submissions",
      moodlewsrestformat: "json",
      "assignmentids[0]": "7",
    });
  });

  it("a submission without online text has null text; no submission is not-found", async () => {
    const noText = await fetchMoodleSubmission(site, { assignmentId: "7", userId: "3" }, loopback);
    expect(noText.ok && noText.value.onlineText).toBeNull();
    expect(await fetchMoodleSubmission(site, { assignmentId: "7", userId: "99" }, loopback)).toMatchObject({
      ok: false,
      kind: "not-found",
    });
  });

  it("an unknown course module is not-found (Moodle's exception)", async () => {
    expect(await resolveMoodleAssignmentId(site, "404", loopback)).toMatchObject({
      ok: false,
      kind: "lms-error",
      errorCode: "invalidrecord",
      retryable: false,
    });
  });
});

describe("Moodle errors", () => {
  it("a 200 carrying an exception is a failure, final unless transient", async () => {
    moodle.scriptNext("mod_assign_get_submissions", {
      kind: "moodleException",
      errorcode: "nopermissions",
      message: "Sorry, no.",
    });
    expect(await fetchMoodleSubmission(site, { assignmentId: "7", userId: "2" }, loopback)).toMatchObject({
      ok: false,
      kind: "lms-error",
      status: 200,
      errorCode: "nopermissions",
      retryable: false,
    });
    moodle.failNext("mod_assign_get_submissions", "sitemaintenance");
    expect(await fetchMoodleSubmission(site, { assignmentId: "7", userId: "2" }, loopback)).toMatchObject({
      errorCode: "sitemaintenance",
      retryable: true,
    });
  });

  it("an invalid token asks for new credentials", async () => {
    const result = await callMoodleFunction(
      { ...site, token: "revoked" },
      "mod_assign_get_submissions",
      {},
      loopback,
    );
    expect(result).toMatchObject({
      ok: false,
      errorCode: "invalidtoken",
      refreshCredentials: true,
      retryable: false,
    });
    expect(!result.ok && result.message.includes("revoked")).toBe(false);
  });

  it("500 then 200", async () => {
    moodle.scriptNext("mod_assign_get_submissions", {
      kind: "status",
      status: 500,
      body: "<html>error</html>",
      contentType: "text/html",
    });
    expect(await fetchMoodleSubmission(site, { assignmentId: "7", userId: "2" }, loopback)).toMatchObject({
      status: 500,
      retryable: true,
    });
    expect((await fetchMoodleSubmission(site, { assignmentId: "7", userId: "2" }, loopback)).ok).toBe(true);
  });

  it("429 with Retry-After, and a slow server", async () => {
    moodle.scriptNext(
      "mod_assign_get_submissions",
      { kind: "status", status: 429, retryAfter: "4" },
      { kind: "slow", delayMs: 1_000 },
    );
    expect(await fetchMoodleSubmission(site, { assignmentId: "7", userId: "2" }, loopback)).toMatchObject({
      retryable: true,
      retryAfterMs: 4000,
    });
    expect(
      await fetchMoodleSubmission(site, { assignmentId: "7", userId: "2" }, { ...loopback, timeoutMs: 150 }),
    ).toMatchObject({ kind: "timeout", retryable: true });
  });
});

describe("saveMoodleGrade", () => {
  it("sends mod_assign_save_grade with the documented parameters; Moodle's null is success", async () => {
    const result = await saveMoodleGrade(
      site,
      { assignmentId: "7", userId: "2", grade: 13.5, feedback: "Clear answer." },
      loopback,
    );
    expect(result).toEqual({ ok: true, value: null });
    expect(moodle.savedGrades.map((saved) => saved.parameters)).toEqual([
      {
        wstoken: MOODLE_TOKEN,
        wsfunction: "mod_assign_save_grade",
        moodlewsrestformat: "json",
        assignmentid: "7",
        userid: "2",
        grade: "13.5",
        attemptnumber: "-1",
        addattempt: "0",
        workflowstate: "released",
        applytoall: "0",
        "plugindata[assignfeedbackcomments_editor][text]": "Clear answer.",
        "plugindata[assignfeedbackcomments_editor][format]": "2",
      },
    ]);
  });

  it("a 200 with an exception is a failure", async () => {
    const result = await saveMoodleGrade(site, { assignmentId: "999", userId: "2", grade: 1 }, loopback);
    expect(result).toMatchObject({
      ok: false,
      kind: "lms-error",
      errorCode: "invalidrecord",
      retryable: false,
    });
    expect(moodle.savedGrades).toHaveLength(0);
  });

  it("a lost answer is retryable and the retry overwrites the same grade", async () => {
    moodle.scriptNext("mod_assign_save_grade", { kind: "applyThenStatus", status: 504 });
    const grade = { assignmentId: "7", userId: "2", grade: 9, feedback: "Good." };
    expect(await saveMoodleGrade(site, grade, loopback)).toMatchObject({
      ok: false,
      status: 504,
      retryable: true,
    });
    expect(await saveMoodleGrade(site, grade, loopback)).toEqual({ ok: true, value: null });
    expect(moodle.savedGrades.map((saved) => saved.parameters.grade)).toEqual(["9", "9"]);
  });

  it("refuses a negative grade without sending", async () => {
    expect(
      await saveMoodleGrade(site, { assignmentId: "7", userId: "2", grade: -1 }, loopback),
    ).toMatchObject({
      kind: "invalid-request",
    });
    expect(moodle.requests).toHaveLength(0);
  });
});

describe("numbers in a Moodle answer", () => {
  // Regression: the web service reader took numbers with `Number()`, so an attempt number "0x10" ranked as
  // attempt 16 and its submission was taken for the latest.
  it('are whole numbers in decimal digits: an attempt "0x10" is not attempt 16', async () => {
    const submission = (id: number, attemptnumber: unknown, text: string) => ({
      id,
      userid: 2,
      attemptnumber,
      status: "submitted",
      timemodified: "1512961456",
      plugins: [{ type: "onlinetext", editorfields: [{ name: "onlinetext", text, format: "1e0" }] }],
    });
    const answer = {
      assignments: [
        {
          assignmentid: 7,
          submissions: [
            submission(100, "0x10", "<p>hex</p>"),
            submission(101, "2", "<p>latest</p>"),
            submission(102, "1e1", "<p>exponent</p>"),
          ],
        },
      ],
    };
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await fetchMoodleSubmission(
        { siteUrl: `http://127.0.0.1:${port}/moodle`, token: MOODLE_TOKEN },
        { assignmentId: "7", userId: "2" },
        loopback,
      );
      expect(result).toEqual({
        ok: true,
        value: {
          submissionId: "101",
          assignmentId: "7",
          userId: "2",
          attemptNumber: 2,
          status: "submitted",
          onlineText: "<p>latest</p>",
          onlineTextFormat: null,
          timeModified: 1512961456,
        },
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
