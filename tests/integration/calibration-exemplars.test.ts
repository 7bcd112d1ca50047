import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  startFakeOpenAI,
  type FakeChatRequest,
  type FakeOpenAIServer,
} from "../helpers/fake-openai-server.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Issue 10, point 8, end to end through the API and the real OpenAI client: a teacher turns answers of
 * a finished calibration into graded examples (a new rubric version), the next calibration's prompts
 * carry them, the examples are left out of its figures, and the comparison with the previous version's
 * calibration says whether they helped, with paired intervals on the shared answers.
 */

const key = "bootstrap-key-for-exemplar-tests-0123456";
let fake: FakeOpenAIServer;
let test: TestApp;

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());
afterEach(() => test?.close());

// The teacher's points, and what the "model" gives without examples in its prompt (off on outputs).
const teacherInputs = [0, 1, 2, 2, 1, 0, 2, 1, 2, 0, 1, 2];
const teacherOutputs = [0, 0, 1, 2, 1, 2, 2, 0, 2, 0, 1, 2];
const withoutExamples = [1, 1, 0, 1, 2, 1, 2, 1, 1, 0, 0, 2];
const longAnswerIndex = 12;

const answerText = (index: number) =>
  index === longAnswerIndex
    ? `Answer ${index + 1}: glucose. ${"More words about light and water. ".repeat(70)}`
    : `Answer ${index + 1}: light and water make glucose.`;
const calibrationAnswers = [...teacherInputs, 1].map((inputs, index) => ({
  answer: answerText(index),
  points: { inputs, outputs: index === longAnswerIndex ? 1 : teacherOutputs[index]! },
}));

function reply(points: { inputs: number; outputs: number }) {
  const criterion = (value: number) => ({
    rationale: "ok",
    evidence: value > 0 ? ["glucose"] : [],
    points: value,
  });
  return {
    criteria: { inputs: criterion(points.inputs), outputs: criterion(points.outputs) },
    explanation: "fine",
    feedback: "Good.",
  };
}

/** A model that agrees with the teacher once graded examples are in its prompt, and errs on outputs without. */
function model(request: FakeChatRequest) {
  const system = request.messages.find((message) => message.role === "system")?.content ?? "";
  const index = Number(/Answer (\d+):/.exec(request.answer ?? request.lastUserMessage ?? "")?.[1]) - 1;
  const inputs = calibrationAnswers[index]!.points.inputs;
  const helped = system.includes("<graded_examples>");
  const outputs = helped
    ? calibrationAnswers[index]!.points.outputs
    : index === longAnswerIndex
      ? 1
      : withoutExamples[index]!;
  return reply({ inputs, outputs });
}

async function start() {
  test = await buildTestApp({
    env: { GRADER_API_KEYS: key, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: fake.apiKey },
    dependencies: { model: undefined, jobTimings: { idlePollMs: 20, baseBackoffMs: 5 } },
  });
  fake.setDefault({ kind: "respond", handler: model });
  expect((await call("POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
  test.runtime.jobRunner.start();
}

function call(method: "GET" | "POST", url: string, payload?: object) {
  return test.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(payload ? { payload } : {}),
  });
}

async function calibrate(answers = calibrationAnswers) {
  const created = await call("POST", `/v1/rubrics/${scienceRubric.id}/calibrations`, { answers });
  expect(created.statusCode).toBe(202);
  const id = created.json().id as string;
  let body: CalibrationBody | undefined;
  await vi.waitFor(
    async () => {
      body = (await call("GET", `/v1/calibrations/${id}`)).json<CalibrationBody>();
      expect(body.status).toBe("completed");
    },
    { timeout: 20_000, interval: 25 },
  );
  return body!;
}

type CalibrationBody = {
  id: string;
  status: string;
  rubricVersion: string;
  metrics: {
    excludedAnswers: number[];
    total: { count: number; quadraticKappa: { value: number } };
  };
};

const chatRequests = () => fake.requests.filter((request) => request.path === "/v1/chat/completions");
const systemMessageOf = (body: unknown) =>
  (body as { messages: { role: string; content: string }[] }).messages.find(
    (message) => message.role === "system",
  )?.content ?? "";

describe("calibration answers become graded examples", () => {
  it("makes a new version whose prompts carry them, leaves them out of the next calibration and compares", async () => {
    await start();
    const first = await calibrate();
    expect(first.metrics.excludedAnswers).toEqual([]);
    expect(
      chatRequests().every((request) => !systemMessageOf(request.body).includes("<graded_examples>")),
    ).toBe(true);

    const made = await call("POST", `/v1/calibrations/${first.id}/exemplars`, {
      answers: [{ index: 2 }, { index: 5, feedback: "Names glucose but not oxygen." }],
    });
    expect(made.statusCode).toBe(201);
    const version = made.json();
    expect(version).toMatchObject({
      rubricId: scienceRubric.id,
      previousVersion: first.rubricVersion,
      exemplarsAdded: 2,
      exemplars: 2,
    });
    expect(version.rubricVersion).not.toBe(first.rubricVersion);
    expect(made.headers.location).toBe(`/v1/rubrics/${scienceRubric.id}?version=${version.rubricVersion}`);
    // A new immutable version, now current; the calibrated one is unchanged.
    const current = (await call("GET", `/v1/rubrics/${scienceRubric.id}`)).json();
    expect(current.version).toBe(version.rubricVersion);
    expect(current.exemplars).toEqual([
      { answer: answerText(2), points: { inputs: 2, outputs: 1 } },
      { answer: answerText(5), points: { inputs: 0, outputs: 2 }, feedback: "Names glucose but not oxygen." },
    ]);
    const old = (await call("GET", `/v1/rubrics/${scienceRubric.id}?version=${first.rubricVersion}`)).json();
    expect(old.exemplars).toBeUndefined();

    fake.reset();
    fake.setDefault({ kind: "respond", handler: model });
    const second = await calibrate();
    expect(second.rubricVersion).toBe(version.rubricVersion);
    // The provider really received the examples, with the teacher's points and feedback.
    const sent = chatRequests();
    expect(sent).toHaveLength(calibrationAnswers.length);
    for (const request of sent) {
      const system = systemMessageOf(request.body);
      expect(system).toContain("<graded_examples>");
      expect(system).toContain(answerText(2));
      expect(system).toContain(answerText(5));
      expect(system).toContain("Names glucose but not oxygen.");
    }
    // The examples do not grade themselves: left out of every figure.
    expect(second.metrics.excludedAnswers).toEqual([2, 5]);
    expect(second.metrics.total.count).toBe(calibrationAnswers.length - 2);
    expect(second.metrics.total.quadraticKappa.value).toBeCloseTo(1, 10);

    const comparison = await call("GET", `/v1/calibrations/${second.id}/comparison`);
    expect(comparison.statusCode).toBe(200);
    const body = comparison.json();
    expect(body.baseline).toEqual({ calibrationId: first.id, rubricVersion: first.rubricVersion });
    expect(body.total.differences.quadraticKappa.current).toBeCloseTo(1, 10);
    expect(body.total.differences.quadraticKappa.baseline).toBeCloseTo(
      first.metrics.total.quadraticKappa.value,
      10,
    );
    expect(body.total.differences.meanAbsoluteError.difference).toBeLessThan(0);
    // Paired on the 11 answers both share that are examples of neither version.
    expect(body.total.paired.count).toBe(calibrationAnswers.length - 2);
    const kappa = body.total.paired.metrics.quadraticKappa;
    expect(kappa.difference).toBeGreaterThan(0);
    expect(kappa.low).not.toBeNull();
    expect(kappa.low).toBeLessThanOrEqual(kappa.difference);
    expect(kappa.high).toBeGreaterThanOrEqual(kappa.difference);
    const exact = body.total.paired.metrics.exactAgreement;
    // Without examples the model agreed exactly on 4 of these 11 (indexes 6, 9, 11, 12); with them on all.
    expect(exact.baseline).toBeCloseTo(4 / 11, 10);
    expect(exact.current).toBe(1);
    expect(body.criteria.outputs.paired.count).toBe(11);
    expect(body.criteria.inputs.paired.metrics.exactAgreement.difference).toBe(0);

    // Naming the baseline works too; the calibration itself is not one.
    const named = await call("GET", `/v1/calibrations/${second.id}/comparison?baseline=${first.id}`);
    expect(named.json().total).toEqual(body.total);
    const itself = await call("GET", `/v1/calibrations/${second.id}/comparison?baseline=${second.id}`);
    expect(itself.statusCode).toBe(400);
    // Named as every query parameter is (it said `baseline`, a body field's name for a client).
    expect(itself.json().error.message).toMatch(/^querystring\.baseline: /);
    expect(itself.json().error.details).toEqual([
      { path: "querystring.baseline", message: "another calibration of the same rubric" },
    ]);
    // The first version has none before it.
    const none = await call("GET", `/v1/calibrations/${first.id}/comparison`);
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe("calibration_not_found");
    expect(none.json().error.details).toEqual([
      { path: "querystring.baseline", message: "no calibration to compare with" },
    ]);
  });

  it("keeps every example with its own points and feedback when two calibrations of one version add some", async () => {
    // Regression: each request built its version on the calibrated one, so the second calibration's
    // examples made a current version without the first one's, and their points and feedback were lost.
    await start();
    const first = await calibrate();
    const second = await calibrate();
    expect(second.rubricVersion).toBe(first.rubricVersion);
    const fromFirst = await call("POST", `/v1/calibrations/${first.id}/exemplars`, {
      answers: [{ index: 2, feedback: "First teacher." }],
    });
    expect(fromFirst.statusCode).toBe(201);
    const fromSecond = await call("POST", `/v1/calibrations/${second.id}/exemplars`, {
      answers: [{ index: 5, feedback: "Second teacher." }],
    });
    expect(fromSecond.statusCode).toBe(201);
    expect(fromSecond.json()).toMatchObject({
      previousVersion: fromFirst.json().rubricVersion,
      exemplarsAdded: 1,
      exemplars: 2,
    });
    // Two at once, from one calibration: neither replaces the other.
    const both = await Promise.all(
      [3, 4].map((index) =>
        call("POST", `/v1/calibrations/${first.id}/exemplars`, {
          answers: [{ index, feedback: `Answer ${index}.` }],
        }),
      ),
    );
    expect(both.map((response) => response.statusCode)).toEqual([201, 201]);
    const current = (await call("GET", `/v1/rubrics/${scienceRubric.id}`)).json();
    expect(current.exemplars).toHaveLength(4);
    expect(current.exemplars.slice(0, 2)).toEqual([
      { answer: answerText(2), points: { inputs: 2, outputs: 1 }, feedback: "First teacher." },
      { answer: answerText(5), points: { inputs: 0, outputs: 2 }, feedback: "Second teacher." },
    ]);
    // The two made at once, in whichever order they were made.
    expect(current.exemplars.slice(2)).toEqual(
      expect.arrayContaining([
        { answer: answerText(3), points: { inputs: 2, outputs: 2 }, feedback: "Answer 3." },
        { answer: answerText(4), points: { inputs: 1, outputs: 1 }, feedback: "Answer 4." },
      ]),
    );
    // An answer already an example (from the other calibration) is still refused.
    const again = await call("POST", `/v1/calibrations/${second.id}/exemplars`, { answers: [{ index: 2 }] });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.message).toContain("already");
  });

  it("refuses too many, too long, unknown and repeated answers naming the field, and a running calibration", async () => {
    await start();
    const first = await calibrate();
    const url = `/v1/calibrations/${first.id}/exemplars`;
    const cases: [object, number, string][] = [
      [{ answers: [{ index: 40 }] }, 400, "answers[0].index"],
      [{ answers: [{ index: 1 }, { index: longAnswerIndex }] }, 400, "answers[1].index"],
      [{ answers: [{ index: 1 }, { index: 1 }] }, 400, "answers[1].index"],
      [{ answers: [0, 1, 3, 4, 6, 7].map((index) => ({ index })) }, 400, "answers"],
      [{ answers: [] }, 400, "answers"],
    ];
    for (const [payload, status, field] of cases) {
      const response = await call("POST", url, payload);
      expect(response.statusCode, field).toBe(status);
      expect(response.json().error.code).toBe("invalid_request");
      expect(response.json().error.message).toContain(field);
    }
    const long = await call("POST", url, { answers: [{ index: longAnswerIndex }] });
    expect(long.json().error.message).toContain("2000");

    // Ten examples at most per rubric: 5 + 5 fill it, one more is refused.
    const five = await call("POST", url, { answers: [0, 1, 3, 4, 6].map((index) => ({ index })) });
    expect(five.statusCode).toBe(201);
    const second = await calibrate();
    const again = await call("POST", `/v1/calibrations/${second.id}/exemplars`, { answers: [{ index: 0 }] });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.message).toContain("answers[0].index");
    expect(again.json().error.message).toContain("already");
    const more = await call("POST", `/v1/calibrations/${second.id}/exemplars`, {
      answers: [7, 8, 9, 10, 11].map((index) => ({ index })),
    });
    expect(more.statusCode).toBe(201);
    expect(more.json().exemplars).toBe(10);
    const third = await calibrate();
    expect(third.metrics.excludedAnswers).toEqual([0, 1, 3, 4, 6, 7, 8, 9, 10, 11]);
    const full = await call("POST", `/v1/calibrations/${third.id}/exemplars`, { answers: [{ index: 2 }] });
    expect(full.statusCode).toBe(400);
    expect(full.json().error.message).toContain("limit of 10");

    // A calibration still being graded has nothing to pick from yet.
    await test.runtime.jobRunner.stop();
    const running = await call("POST", `/v1/rubrics/${scienceRubric.id}/calibrations`, {
      answers: calibrationAnswers,
    });
    const early = await call("POST", `/v1/calibrations/${running.json().id}/exemplars`, {
      answers: [{ index: 0 }],
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe("calibration_running");
    expect(Number(early.headers["retry-after"])).toBeGreaterThan(0);
    expect(
      (await call("POST", "/v1/calibrations/cal_none/exemplars", { answers: [{ index: 0 }] })).statusCode,
    ).toBe(404);
  });
});
