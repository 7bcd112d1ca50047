import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../src/grading/errors.js";
import { createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, type TestApp } from "../helpers/test-app.js";

let test: TestApp;
afterEach(() => test.close());

describe("/healthz and /readyz", () => {
  it("/readyz answers 503 naming the provider when the provider is down, while /healthz stays up", async () => {
    // Regression: /healthz said modelConfigured: true while the provider was down.
    const model = createScriptedModel();
    let checks = 0;
    model.checkReady = () => {
      checks++;
      return Promise.reject(new AppError("provider_unavailable"));
    };
    test = await buildTestApp({ dependencies: { model } });
    const health = await test.app.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
    const ready = await test.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers["retry-after"]).toBe("10");
    expect(ready.json()).toEqual({
      ready: false,
      checks: { database: { status: "ok" }, model: { status: "failing", detail: "provider_unavailable" } },
    });
    // Polling is cheap: the provider check is reused for a while.
    await test.app.inject({ method: "GET", url: "/readyz" });
    expect(checks).toBe(1);
  });

  it("/readyz callers that come while a provider check runs share it: the provider sees one request", async () => {
    // Regression: 30 concurrent /readyz against a provider that did not answer made 30 provider requests.
    const model = createScriptedModel();
    let checks = 0;
    let answer: () => void = () => {};
    model.checkReady = () => {
      checks++;
      return new Promise<void>((resolve) => (answer = resolve));
    };
    test = await buildTestApp({ dependencies: { model } });
    const polls = Array.from({ length: 30 }, () => test.app.inject({ method: "GET", url: "/readyz" }));
    await expect.poll(() => checks).toBe(1);
    // Give every poll time to reach the check before it answers.
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    answer();
    const responses = await Promise.all(polls);
    expect(responses.map((response) => response.statusCode)).toEqual(Array.from({ length: 30 }, () => 200));
    expect(checks).toBe(1);
  });

  it("/readyz answers 503 when the database is closed", async () => {
    test = await buildTestApp({ dependencies: { model: createScriptedModel() } });
    await test.storage.close();
    const ready = await test.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.database).toEqual({ status: "failing", detail: "database_unavailable" });
  });

  it("/readyz is ready without a provider, and says it is not configured", async () => {
    test = await buildTestApp();
    const ready = await test.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.model).toEqual({ status: "not_configured" });
  });
});
