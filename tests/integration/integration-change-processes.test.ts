import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock, type Clock } from "../../src/lib/clock.js";
import { startCallbackReceiver, type CallbackReceiver } from "../helpers/callback-receiver.js";
import {
  eventually,
  fastRunnerTimings,
  integrationEnv,
  sendEvent,
  startRunners,
} from "../helpers/integration-fixtures.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * An API process (GRADER_JOBS_IN_PROCESS=false) and a worker sharing one database, as `npm run worker`
 * is deployed. A change of an integration that lets grades go out (holdForReview turned off, the
 * integration enabled again) must be seen by the worker's runner, which releases grades to the outbox.
 * Regression: only the process that made the change looked at every grade again; the worker looked at
 * grades changed in its last quarter of an hour only, so a grade held longer than that was never sent.
 */

const bootstrapKey = "bootstrap-key-for-integration-change-0123";
/** No "glucose": the evidence quote cannot be verified, so the grade needs review. */
const doubtfulAnswer = "Plants need sunlight and they breathe out air.";

let directory: string;
let apps: TestApp[];
let receiver: CallbackReceiver;
beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), "grader-integration-change-"));
  apps = [];
  receiver = await startCallbackReceiver();
});
afterEach(async () => {
  for (const app of apps) await app.close();
  await receiver.close();
  rmSync(directory, { recursive: true, force: true });
});

async function startApp(clock: Clock): Promise<TestApp> {
  const test = await buildTestApp({
    env: {
      DATABASE_URL: `sqlite:${join(directory, "grader.db")}`,
      GRADER_API_KEYS: bootstrapKey,
      ...integrationEnv,
      GRADER_OUTBOX_TIMEOUT_SECONDS: "1",
    },
    dependencies: {
      model: createScriptedModel({
        fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
      }),
      clock,
      ...fastRunnerTimings,
    },
  });
  apps.push(test);
  return test;
}

describe("a change of an integration made in another process", () => {
  it("releases the grades it now lets go, however long ago they were graded", async () => {
    let now = Date.now();
    const clock: Clock = { now: () => new Date(now), sleep: (ms, signal) => systemClock.sleep(ms, signal) };
    const worker = await startApp(clock);
    // Both open the file before the worker's runners write: here the two "processes" share one event loop,
    // and an opening that waits on SQLite's lock (synchronously) would stop the runner that holds it.
    const api = await startApp(clock);
    startRunners(worker);
    const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
      api.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${bootstrapKey}` },
        ...(payload ? { payload } : {}),
      });
    expect((await call("POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
    const created = await call("POST", "/v1/integrations", {
      type: "webhook",
      name: "School portal",
      defaultRubric: { rubricId: scienceRubric.id },
      callbackUrl: receiver.url,
    });
    expect(created.statusCode, created.body).toBe(201);
    const integration = created.json<{ id: string; secret: string; holdForReview: boolean }>();
    expect(integration.holdForReview).toBe(true);

    const sent = await sendEvent(api, integration, {
      submissionId: "r",
      studentId: "t",
      answer: doubtfulAnswer,
    });
    expect(sent.statusCode, sent.body).toBe(202);
    const id = sent.json().submissionId as string;
    await eventually(async () => {
      const view = (await call("GET", `/v1/submissions/${id}`)).json();
      expect(view.status).toBe("needs_review");
      expect(view.passback.status).toBe("held");
    });

    // An hour later the school stops holding grades for review: the API process changes the integration.
    now += 60 * 60 * 1000;
    await delay(200);
    const changed = await call("PATCH", `/v1/integrations/${integration.id}`, { holdForReview: false });
    expect(changed.statusCode, changed.body).toBe(200);

    await eventually(() => Promise.resolve(expect(receiver.received).toHaveLength(1)), 30_000);
    expect(JSON.parse(receiver.received[0]!.body).data).toMatchObject({ status: "needs_review" });
  });
});
