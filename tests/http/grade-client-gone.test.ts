import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest, type ClientRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ModelCall } from "../../src/grading/ports.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Clients that give up on a grade while the provider hangs. Regression: a grade went on after its client
 * had closed the connection, holding its slot of GRADER_MAX_PENDING_GRADES (and its model call one of
 * GRADER_MAX_IN_FLIGHT) until the provider answered or the call timed out with its retries (minutes):
 * with every slot held by clients long gone, everyone else was refused 503 server_busy meanwhile, and the
 * grades were paid for with nobody to read them. Now the grade stops when its client leaves: its model
 * calls are aborted, nothing is stored, and its slot takes the next request. A request that can be picked
 * up again (an Idempotency-Key, a submissionId) goes on, so that its retry is answered the stored grade.
 */
let model: ScriptedModel;
let test: TestApp;
const clients: ClientRequest[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await test.close();
});

/** Sends a grade over a real connection that the test can close; `headers` and `fields` are added. */
function send(port: number, n: number, headers: Record<string, string> = {}, fields: object = {}) {
  const client = httpRequest({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: "/v1/grade",
    headers: { "content-type": "application/json", ...headers },
  });
  client.on("error", () => {});
  client.end(
    JSON.stringify({ rubricId: scienceRubric.id, answer: `Plants use light ${n} for glucose.`, ...fields }),
  );
  clients.push(client);
}

/** A provider call that never answers, but stops when its signal aborts, as the real adapters do. */
const hangs = (aborted: ModelCall[]) => (call: ModelCall) =>
  new Promise<string>((_, reject) => {
    call.signal?.addEventListener("abort", () => {
      aborted.push(call);
      reject(call.signal?.reason as Error);
    });
  });

const reply = allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });

/**
 * A provider whose calls all wait until `answer()` and then reply, each stopping earlier when its own
 * signal aborts, as the real adapters do.
 */
function heldUntilAnswered() {
  let answer!: () => void;
  const provider = new Promise<void>((resolve) => (answer = resolve));
  const fallback = async (call: ModelCall) => {
    await Promise.race([
      provider,
      new Promise((_, reject) =>
        call.signal?.addEventListener("abort", () => reject(call.signal?.reason as Error)),
      ),
    ]);
    return reply;
  };
  return { fallback, answer: () => answer() };
}

describe("a grade whose client closes the connection", () => {
  it("stops, stores nothing, and frees its slot", async () => {
    const aborted: ModelCall[] = [];
    model = createScriptedModel({ fallback: hangs(aborted) });
    test = await buildTestAppWithRubric({
      env: { GRADER_MAX_PENDING_GRADES: "2" },
      dependencies: { model },
    });
    await test.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = test.app.server.address() as AddressInfo;
    for (const n of [1, 2]) send(port, n);
    await vi.waitFor(() => expect(model.calls).toHaveLength(2), { timeout: 30_000 });
    // Both slots are held: one more is refused.
    const busy = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer: "Plants use light 3 for glucose." },
    });
    expect(busy.statusCode, busy.body).toBe(503);

    for (const client of clients) client.destroy();
    await vi.waitFor(() => expect(aborted).toHaveLength(2), { timeout: 30_000 });

    model.fallback = reply;
    const next = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer: "Plants use light 3 for glucose." },
    });
    expect(next.statusCode, next.body).toBe(200);
    // The abandoned requests stored nothing.
    const listed = await test.app.inject({ method: "GET", url: "/v1/grades" });
    expect(listed.json().grades).toHaveLength(1);
  });

  it("goes on when it can be picked up again: its retry gets the stored grade without a model call", async () => {
    const { fallback, answer } = heldUntilAnswered();
    model = createScriptedModel({ fallback });
    test = await buildTestAppWithRubric({ dependencies: { model } });
    await test.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = test.app.server.address() as AddressInfo;
    send(port, 1, { "idempotency-key": "gone-1" });
    send(port, 2, {}, { submissionId: "sub-2" });
    await vi.waitFor(() => expect(model.calls).toHaveLength(2), { timeout: 30_000 });
    for (const client of clients) client.destroy();
    // The server has seen both connections close before the provider answers.
    await vi.waitFor(
      async () => {
        const open = await new Promise<number>((resolve, reject) =>
          test.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
        );
        expect(open).toBe(0);
      },
      { timeout: 30_000 },
    );
    answer();
    await vi.waitFor(
      async () => {
        const listed = await test.app.inject({ method: "GET", url: "/v1/grades" });
        expect(listed.json().grades).toHaveLength(2);
      },
      { timeout: 30_000 },
    );
    expect(model.calls.every((call) => call.signal?.aborted !== true)).toBe(true);
    const retried = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      headers: { "idempotency-key": "gone-1" },
      payload: { rubricId: scienceRubric.id, answer: "Plants use light 1 for glucose." },
    });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.headers["idempotent-replayed"]).toBe("true");
    expect(model.calls).toHaveLength(2);
  });

  it("stops a request waiting for an identical answer's grade when its client leaves, and only that one", async () => {
    // Regression: a request waiting for the grade of an identical answer in flight (single flight) went on
    // waiting after its client had left, holding its slot of GRADER_MAX_PENDING_GRADES until the leader's
    // grade ended.
    const { fallback, answer } = heldUntilAnswered();
    model = createScriptedModel({ fallback });
    test = await buildTestAppWithRubric({
      env: { GRADER_MAX_PENDING_GRADES: "3" },
      dependencies: { model },
    });
    const origin = await test.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = test.app.server.address() as AddressInfo;
    const same = { rubricId: scienceRubric.id, answer: "Plants use light 1 for glucose." };
    const grade = () =>
      fetch(`${origin}/v1/grade`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(same),
      });
    const leader = grade();
    await vi.waitFor(() => expect(model.calls).toHaveLength(1), { timeout: 30_000 });
    send(port, 1);
    const follower = grade();
    // A blank answer is graded without the model, when it gets a slot: refused, every slot is held.
    const blank = () =>
      test.app.inject({
        method: "POST",
        url: "/v1/grade",
        payload: { rubricId: scienceRubric.id, answer: " " },
      });
    await vi.waitFor(async () => expect((await blank()).statusCode).toBe(503), { timeout: 30_000 });

    for (const client of clients) client.destroy();
    // Its slot is free at once, while the leader's call still hangs.
    await vi.waitFor(async () => expect((await blank()).statusCode).toBe(200), { timeout: 10_000 });
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]?.signal?.aborted).toBe(false);

    answer();
    const [led, followed] = await Promise.all([leader, follower]);
    expect(led.status).toBe(200);
    expect(followed.status).toBe(200);
    const [ledGrade, followedGrade] = (await Promise.all([led.json(), followed.json()])) as {
      totalPoints: number;
    }[];
    expect(followedGrade!.totalPoints).toBe(ledGrade!.totalPoints);
    expect(model.calls).toHaveLength(1);
  });

  it("stops a request waiting for another process's grade of an identical answer when its client leaves", async () => {
    // The same across processes on one database: the waiting request polls the leader's lease, and went
    // on polling, holding its slot, after its client had left.
    const directory = mkdtempSync(join(tmpdir(), "grader-client-gone-"));
    let answer!: () => void;
    const provider = new Promise<void>((resolve) => (answer = resolve));
    const held = async () => {
      await provider;
      return reply;
    };
    model = createScriptedModel({ fallback: held });
    const otherModel = createScriptedModel({ fallback: held });
    const env = { DATABASE_URL: `sqlite:${join(directory, "grader.db")}` };
    test = await buildTestAppWithRubric({ env, dependencies: { model } });
    const other = await buildTestApp({
      env: { ...env, GRADER_MAX_PENDING_GRADES: "1" },
      dependencies: { model: otherModel },
    });
    try {
      const origin = await test.app.listen({ host: "127.0.0.1", port: 0 });
      const leader = fetch(`${origin}/v1/grade`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rubricId: scienceRubric.id, answer: "Plants use light 1 for glucose." }),
      });
      await vi.waitFor(() => expect(model.calls).toHaveLength(1), { timeout: 30_000 });
      await other.app.listen({ host: "127.0.0.1", port: 0 });
      send((other.app.server.address() as AddressInfo).port, 1);
      const blank = () =>
        other.app.inject({
          method: "POST",
          url: "/v1/grade",
          payload: { rubricId: scienceRubric.id, answer: " " },
        });
      await vi.waitFor(async () => expect((await blank()).statusCode).toBe(503), { timeout: 30_000 });

      for (const client of clients) client.destroy();
      await vi.waitFor(async () => expect((await blank()).statusCode).toBe(200), { timeout: 10_000 });
      expect(otherModel.calls).toHaveLength(0);

      answer();
      expect((await leader).status).toBe(200);
      expect(model.calls).toHaveLength(1);
    } finally {
      answer();
      await other.close();
      await test.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("answers a client that waits as before", async () => {
    model = createScriptedModel({ fallback: reply });
    test = await buildTestAppWithRubric({ dependencies: { model } });
    const graded = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer: "Plants use light to make glucose." },
    });
    expect(graded.statusCode, graded.body).toBe(200);
    expect(model.calls[0]?.signal?.aborted).toBe(false);
  });
});
