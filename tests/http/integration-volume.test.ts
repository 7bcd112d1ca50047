import { afterEach, expect, it } from "vitest";
import { startCallbackReceiver, type CallbackReceiver } from "../helpers/callback-receiver.js";
import { eventually, integrationEnv, sendEvent } from "../helpers/integration-fixtures.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A deadline spike through the API (issue 9): 1,000 signed events, 10% of them duplicates (half the same
 * webhook-id, half the same submission and attempt under a new id) and 1% with bad signatures, on the
 * embedded SQLite queue with a fast scripted model. Every valid submission is graded once and passed
 * back once (a version repeated only after an attempt that got no answer in time); nothing of a forged
 * event is graded.
 */

const bootstrapKey = "bootstrap-key-for-volume-tests-0123456789";
let test: TestApp;
let receiver: CallbackReceiver;

afterEach(async () => {
  await test?.close();
  await receiver?.close();
});

it("grades every valid submission once and passes each back once", { timeout: 120_000 }, async () => {
  const model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
  });
  receiver = await startCallbackReceiver();
  // Every tenth callback fails once: retries must not turn into second deliveries of a version.
  let callbacks = 0;
  const fallback = receiver.fallback;
  Object.defineProperty(receiver, "fallback", {
    get: () => (++callbacks % 10 === 0 ? { status: 503 } : fallback),
  });
  test = await buildTestApp({
    env: { GRADER_API_KEYS: bootstrapKey, ...integrationEnv },
    dependencies: {
      model,
      jobTimings: { idlePollMs: 20, baseBackoffMs: 5 },
      integrationTimings: { idlePollMs: 20, baseBackoffMs: 20, maxBackoffMs: 100 },
    },
  });
  const auth = { authorization: `Bearer ${bootstrapKey}` };
  expect(
    (await test.app.inject({ method: "POST", url: "/v1/rubrics", headers: auth, payload: scienceRubric }))
      .statusCode,
  ).toBe(201);
  const created = await test.app.inject({
    method: "POST",
    url: "/v1/integrations",
    headers: auth,
    payload: {
      type: "webhook",
      name: "spike",
      defaultRubric: { rubricId: scienceRubric.id },
      callbackUrl: receiver.url,
    },
  });
  const integration = created.json<{ id: string; secret: string }>();
  test.runtime.jobRunner.start();
  test.runtime.integrationRunner.start();

  type Planned = { data: Record<string, unknown>; messageId: string; forged: boolean };
  const valid: Planned[] = Array.from({ length: 890 }, (_, index) => ({
    data: {
      submissionId: 10_000 + index,
      studentId: `s-${index}`,
      attempt: 1,
      answer: `Light and water make glucose, answer ${index}.`,
    },
    messageId: `msg-${index}`,
    forged: false,
  }));
  const duplicates: Planned[] = Array.from({ length: 100 }, (_, index) => {
    const original = valid[index * 7]!;
    // Half repeat the message id (a sender's retry), half the submission under a new id (a second sender).
    return index % 2 === 0
      ? { ...original }
      : {
          data: { ...original.data, submissionId: String(original.data.submissionId) },
          messageId: `msg-dup-${index}`,
          forged: false,
        };
  });
  const forged: Planned[] = Array.from({ length: 10 }, (_, index) => ({
    data: {
      submissionId: 90_000 + index,
      studentId: `x-${index}`,
      answer: `Forged glucose answer ${index}.`,
    },
    messageId: `msg-forged-${index}`,
    forged: true,
  }));
  // Duplicates come after their originals; the rest is interleaved.
  const events = [
    ...valid.slice(0, 450),
    ...forged.slice(0, 5),
    ...valid.slice(450),
    ...duplicates,
    ...forged.slice(5),
  ];
  expect(events).toHaveLength(1_000);

  const statuses = new Map<number, number>();
  for (let start = 0; start < events.length; start += 50) {
    const responses = await Promise.all(
      events.slice(start, start + 50).map((event) =>
        sendEvent(test, integration, event.data, {
          messageId: event.messageId,
          ...(event.forged ? { signature: `v1,${Buffer.alloc(32, 7).toString("base64")}` } : {}),
        }),
      ),
    );
    for (const response of responses)
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
  }
  expect(Object.fromEntries(statuses)).toEqual({ 202: 890, 200: 100, 401: 10 });

  // At least once, as Standard Webhooks promise: a version is sent again only when an attempt got no
  // answer in time (a machine under heavy load), and the receiver drops the repeat by its webhook-id.
  const okMessageIds = () =>
    receiver.received.filter((callback) => callback.status === 200).map((c) => c.headers["webhook-id"]);
  const delivered = await eventually(() => {
    const ids = new Set(okMessageIds());
    expect(ids.size).toBe(890);
    return Promise.resolve(ids);
  }, 90_000);
  // A moment longer: nothing more may arrive except retries of the versions already delivered.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const deliveredOk = receiver.received.filter((callback) => callback.status === 200);
  expect(new Set(okMessageIds())).toEqual(delivered);
  const messagesBySubmission = new Map<string, Set<string>>();
  for (const callback of deliveredOk) {
    const submissionId = JSON.parse(callback.body).data.submissionId as string;
    const messages = messagesBySubmission.get(submissionId) ?? new Set<string>();
    messagesBySubmission.set(submissionId, messages.add(String(callback.headers["webhook-id"])));
  }
  expect(new Set(messagesBySubmission.keys())).toEqual(
    new Set(valid.map((event) => String(event.data.submissionId))),
  );
  // One version per submission: a duplicate event never makes a second grade version to pass back.
  expect([...messagesBySubmission.values()].every((messages) => messages.size === 1)).toBe(true);
  const sentTwice = new Set(
    deliveredOk
      .map((callback) => JSON.parse(callback.body).data.submissionId as string)
      .filter((submissionId, index, all) => all.indexOf(submissionId) !== index),
  );
  for (const submissionId of sentTwice) {
    const studentId = `s-${Number(submissionId) - 10_000}`;
    const listed = await test.app.inject({
      method: "GET",
      url: `/v1/submissions?studentId=${studentId}`,
      headers: auth,
    });
    const [summary] = listed.json<{ submissions: { id: string }[] }>().submissions;
    const detail = await test.app.inject({
      method: "GET",
      url: `/v1/submissions/${summary!.id}`,
      headers: auth,
    });
    const history = detail
      .json<{ passback: { deliveries: { history: { error: string | null }[] }[] } }>()
      .passback.deliveries.flatMap((delivery) => delivery.history);
    expect(history.some((attempt) => /no answer within/.test(attempt.error ?? ""))).toBe(true);
  }
  expect(delivered.size).toBe(890);
  expect(model.calls).toHaveLength(890);
  const forgedIds = new Set(forged.map((event) => String(event.data.submissionId)));
  expect(
    receiver.received.some((callback) => forgedIds.has(JSON.parse(callback.body).data.submissionId)),
  ).toBe(false);

  let grades = 0;
  let cursor: string | null = null;
  do {
    const url: string = `/v1/grades?limit=200${cursor ? `&cursor=${cursor}` : ""}`;
    const body: { grades: unknown[]; next: string | null } = (
      await test.app.inject({ method: "GET", url, headers: auth })
    ).json();
    grades += body.grades.length;
    cursor = body.next;
  } while (cursor);
  expect(grades).toBe(890);
});
