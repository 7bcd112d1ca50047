import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";
import { startServerProcess, type ServerProcess } from "../helpers/server-process.js";

/**
 * SIGTERM lets requests in flight finish, but only for GRADER_SHUTDOWN_TIMEOUT_SECONDS: a request that
 * would never finish (here a provider that never answers, with a model timeout of ten minutes) used
 * to hold the process open until the orchestrator's SIGKILL.
 */

const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
let directory: string;
let fake: FakeOpenAIServer;
const servers: ServerProcess[] = [];

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), "grader-shutdown-"));
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop("SIGKILL");
  await fake.close();
  rmSync(directory, { recursive: true, force: true });
});

async function startServer(shutdownSeconds: number): Promise<ServerProcess> {
  const server = await startServerProcess({
    DATABASE_URL: `sqlite:${join(directory, "grader.db")}`,
    GRADER_MODEL: "openai:gpt-4o-mini",
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: fake.apiKey,
    GRADER_TIMEOUT_MS: "600000",
    GRADER_SHUTDOWN_TIMEOUT_SECONDS: String(shutdownSeconds),
  });
  servers.push(server);
  const upload = await fetch(`${server.url}/v1/rubrics`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(scienceRubric),
  });
  expect(upload.status).toBe(201);
  return server;
}

const grade = (server: ServerProcess) =>
  fetch(`${server.url}/v1/grade`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ rubricId: scienceRubric.id, answer }),
  });

async function modelCalled() {
  await vi.waitFor(
    () => expect(fake.requests.some((request) => request.path === "/v1/chat/completions")).toBe(true),
    { timeout: 15_000, interval: 20 },
  );
}

describe("SIGTERM with a request in flight", () => {
  it("cuts a request that would never finish once the deadline passes, says so, and exits 1", async () => {
    const server = await startServer(1);
    fake.enqueue({ kind: "hang", ms: 600_000 });
    const inFlight = grade(server).catch((error: unknown) => error);
    await modelCalled();
    const exited = once(server.child, "exit");
    server.child.kill("SIGTERM");
    // Without the deadline the process would wait for the model for ten minutes (the test's timeout
    // would end it first).
    const [code] = (await exited) as [number | null];
    expect(code).toBe(1);
    expect(await inFlight).toBeInstanceOf(Error);
    const lines = server.output.map((line) => line);
    expect(lines.some((line) => line.includes("server shutdown deadline passed"))).toBe(true);
  }, 60_000);

  it("lets a request that finishes within the deadline answer, and exits 0", async () => {
    const server = await startServer(30);
    fake.enqueue({ kind: "hang", ms: 1_000 });
    const inFlight = grade(server);
    await modelCalled();
    const exited = once(server.child, "exit");
    server.child.kill("SIGTERM");
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect((await response.json()) as { status: string }).toMatchObject({ status: expect.any(String) });
    const [code] = (await exited) as [number | null];
    expect(code, server.output.join("\n")).toBe(0);
    expect(server.output.some((line) => line.includes("shutdown deadline passed"))).toBe(false);
  }, 60_000);
});
