import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "./fake-openai-server.js";
import { scienceRubric } from "./rubric-fixtures.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";

export interface CrashableServers {
  /** This test's fake provider (a new one for each test). */
  readonly fake: FakeOpenAIServer;
  /**
   * Starts a server process on this test's SQLite file; a second start is the restart after a kill.
   * `extraEnv` is added to (or overrides) the server's environment for this process only.
   */
  start(extraEnv?: Record<string, string>): Promise<ServerProcess>;
}

/**
 * For tests that kill a real server process (SIGKILL) and start another on the same files: each test
 * gets a fresh directory for the SQLite file and a fresh fake OpenAI provider; after it, every process
 * still running is killed and both are removed. `env` is added to the server's environment.
 */
export function crashableServers(
  directoryPrefix: string,
  env: Record<string, string>,
  prepareFake: (fake: FakeOpenAIServer) => void = () => {},
): CrashableServers {
  let directory: string;
  let fake: FakeOpenAIServer;
  const servers: ServerProcess[] = [];

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), directoryPrefix));
    fake = await startFakeOpenAI();
    prepareFake(fake);
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop("SIGKILL");
    await fake.close();
    rmSync(directory, { recursive: true, force: true });
  });

  return {
    get fake() {
      return fake;
    },
    async start(extraEnv = {}) {
      const server = await startServerProcess({
        DATABASE_URL: `sqlite:${join(directory, "grader.db")}`,
        GRADER_MODEL: "openai:gpt-4o-mini",
        OPENAI_BASE_URL: fake.baseURL,
        OPENAI_API_KEY: fake.apiKey,
        ...env,
        ...extraEnv,
      });
      servers.push(server);
      return server;
    },
  };
}

/** Uploads the science rubric to a server process. */
export async function uploadScienceRubric(server: ServerProcess): Promise<void> {
  const upload = await fetch(`${server.url}/v1/rubrics`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(scienceRubric),
  });
  expect(upload.status).toBe(201);
}
