import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canvasLiveEventFixture, fixtureCourseId } from "../helpers/fake-canvas-server.js";
import { integrationEnv, sendEvent } from "../helpers/integration-fixtures.js";
import { moodleSubmittedEvent } from "../helpers/lms-fixtures.js";
import { answerChecker, oddValues, withOneFieldReplaced } from "../helpers/odd-input.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * What an LMS or a school's system posts to an integration's inbound URL, with odd values in each of its
 * fields (as a buggy plugin, an old LMS version or an attacker holding a valid signature would send):
 * odd Unicode, wrong types, huge numbers, nesting, `__proto__`. Each post is answered with a catalog
 * error or taken (never a 500, which the sender would retry for ever), and the integration still takes a
 * valid event afterwards.
 */
const apiKey = "odd-inbound-key-0123456789abcdef";
const webhookToken = "odd-inbound-moodle-token";

let test: TestApp;
const answers = answerChecker();
const auth = { authorization: `Bearer ${apiKey}` };
let generic: { id: string; secret: string };
let canvasUrl: string;
let moodleId: string;

function postTo(url: string, body: unknown) {
  return test.app.inject({
    method: "POST",
    url,
    headers: { "content-type": "application/json" },
    payload: JSON.stringify(body),
  });
}

const genericEvent = (n: number) => ({
  submissionId: `sub-${n}`,
  studentId: "stu-1",
  answer: "Light and water make glucose.",
});
const canvasEvent = (attempt: number) => ({
  ...canvasLiveEventFixture,
  body: { ...canvasLiveEventFixture.body, attempt },
});
const moodleEvent = (objectid: number) => moodleSubmittedEvent(webhookToken, { objectid });

async function connect(body: Record<string, unknown>) {
  const response = await test.app.inject({
    method: "POST",
    url: "/v1/integrations",
    headers: auth,
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; secret: string; liveEventsUrl?: string }>();
}

beforeAll(async () => {
  const model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "light" }),
  });
  // No runners: what is taken waits in the inbox; this test is about what the inbound route answers.
  test = await buildTestAppWithRubric({
    env: { GRADER_API_KEYS: apiKey, ...integrationEnv },
    dependencies: { model },
  });
  generic = await connect({ type: "webhook", name: "Portal", defaultRubric: { rubricId: scienceRubric.id } });
  const canvas = await connect({
    type: "canvas",
    name: "Canvas",
    assignments: {
      [String(canvasLiveEventFixture.body.assignment_id)]: {
        rubricId: scienceRubric.id,
        courseId: fixtureCourseId,
      },
    },
    lms: { url: "http://127.0.0.1:47" },
    credentials: { token: "canvas-token" },
  });
  canvasUrl = canvas.liveEventsUrl!;
  moodleId = (
    await connect({
      type: "moodle",
      name: "Moodle",
      assignments: { "42": { rubricId: scienceRubric.id } },
      lms: { url: "http://127.0.0.1:47/moodle" },
      credentials: { token: "moodle-token", webhookToken },
    })
  ).id;

  let n = 0;
  for (const [path, data] of withOneFieldReplaced(genericEvent(0), 2)) {
    answers.check(`generic ${path}`, await sendEvent(test, generic, data as Record<string, unknown>));
  }
  for (const odd of oddValues)
    answers.check(
      `generic body ${JSON.stringify(odd)?.slice(0, 40)}`,
      await sendEvent(test, generic, JSON.stringify(odd)),
    );
  for (const [path, body] of withOneFieldReplaced(canvasEvent(100), 2))
    answers.check(`canvas ${path}`, await postTo(canvasUrl, body));
  for (const [path, body] of withOneFieldReplaced(moodleEvent(1000), 2)) {
    // The token is Moodle's credential: wrong tokens are refused, and too many of them from one address
    // are held off (their own tests); here every post is authentic.
    if (path.startsWith("token")) continue;
    // Each its own event: a duplicate would be answered before its fields are read.
    const fresh = { ...(body as Record<string, unknown>) };
    if (!path.startsWith("objectid") && !path.startsWith("timecreated")) fresh.objectid = 2000 + ++n;
    answers.check(`moodle ${path}`, await postTo(`/v1/integrations/${moodleId}/events`, fresh));
  }
}, 120_000);
afterAll(() => test.close());

describe("odd fields in inbound LMS and webhook events", () => {
  it("are answered with a catalog error or taken, never a 500", () => {
    expect(answers.checked).toBeGreaterThan(1_000);
    expect(answers.problems).toEqual([]);
  });

  it("leave each integration taking a valid event", async () => {
    const taken = await sendEvent(test, generic, genericEvent(99_999));
    expect(taken.statusCode, taken.body).toBe(202);
    const canvas = await postTo(canvasUrl, canvasEvent(99_999));
    expect(canvas.statusCode, canvas.body).toBe(202);
    const moodle = await postTo(`/v1/integrations/${moodleId}/events`, moodleEvent(99_999));
    expect(moodle.statusCode, moodle.body).toBe(202);
  });
});
