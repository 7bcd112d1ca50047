import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { packageRoot } from "../../src/lib/package-root.js";
import { startFakeOpenAI, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";
import { startServerProcess, type ServerProcess } from "../helpers/server-process.js";

/**
 * `npm run worker`: a process without HTTP that grades the queue of the database it shares with API
 * processes started with GRADER_JOBS_IN_PROCESS=false, and reports its health through a file.
 */

let directory: string;
let fake: FakeOpenAIServer;
const servers: ServerProcess[] = [];
const workers: ReturnType<typeof spawn>[] = [];

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), "grader-worker-"));
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop("SIGKILL");
  for (const worker of workers.splice(0)) {
    if (worker.exitCode === null && worker.signalCode === null) {
      worker.kill("SIGKILL");
      await once(worker, "exit");
    }
  }
  await fake.close();
  rmSync(directory, { recursive: true, force: true });
});

function environment(): Record<string, string> {
  return {
    DATABASE_URL: `sqlite:${join(directory, "grader.db")}`,
    GRADER_MODEL: "openai:gpt-4o-mini",
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: fake.apiKey,
  };
}

async function startWorker(healthFile: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/worker.ts"], {
    cwd: packageRoot(),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      LOG_LEVEL: "info",
      GRADER_HEALTH_FILE: healthFile,
      ...environment(),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  workers.push(child);
  const output: string[] = [];
  createInterface({ input: child.stderr }).on("line", (line) => output.push(line));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      output.push(line);
      if (line.includes("worker started")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}):\n${output.join("\n")}`)));
  });
  return { child, output };
}

describe("npm run worker", () => {
  it("grades the jobs an API process without a queue runner accepted, and stops cleanly on SIGTERM", async () => {
    const api = await startServerProcess({ ...environment(), GRADER_JOBS_IN_PROCESS: "false" });
    servers.push(api);
    const rubric = await fetch(`${api.url}/v1/rubrics`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(scienceRubric),
    });
    expect(rubric.status).toBe(201);
    const created = await fetch(`${api.url}/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        rubricId: scienceRubric.id,
        answers: Array.from({ length: 5 }, (_, index) => ({ answer: `Answer ${index}: light and water.` })),
      }),
    });
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    // The API alone does not grade it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(fake.requests.filter((request) => request.path === "/v1/chat/completions")).toHaveLength(0);

    const healthFile = join(directory, "worker-alive");
    const worker = await startWorker(healthFile);
    await vi.waitFor(
      async () => {
        const job = (await (await fetch(`${api.url}/v1/jobs/${id}`)).json()) as {
          status: string;
          counts: { graded: number };
        };
        expect(job.status).toBe("completed");
        expect(job.counts.graded).toBe(5);
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(existsSync(healthFile)).toBe(true);
    worker.child.kill("SIGTERM");
    const [code] = (await once(worker.child, "exit")) as [number | null];
    expect(code).toBe(0);
    // The start-up line says what the worker uses, never a secret.
    const started = worker.output.find((line) => line.includes("worker started"))!;
    expect(started).toContain('"role":"worker"');
    expect(started).not.toContain(fake.apiKey);
  });
});
