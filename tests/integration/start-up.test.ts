import { afterEach, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../helpers/server-process.js";

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop("SIGKILL");
  server = undefined;
});

/**
 * The server listens before it warms up the screen: warming up first (seconds of pattern compilation)
 * kept a loaded machine from listening for 15–20 s, although it can answer everything meanwhile.
 */
describe("server start-up", () => {
  it("listens first, answers while it warms up, and says when it is warmed up", async () => {
    server = await startServerProcess({ DATABASE_URL: "sqlite::memory:", GRADER_AUTH_MODE: "none" });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const lineOf = (message: string) =>
      server!.output.findIndex((line) => line.includes(`"msg":"${message}"`));
    for (let waited = 0; lineOf("rubric-grader warmed up") < 0 && waited < 60_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const listening = server.output.findIndex((line) => line.includes("Server listening at"));
    expect(listening).toBeGreaterThanOrEqual(0);
    expect(lineOf("rubric-grader warmed up")).toBeGreaterThan(listening);
    expect(lineOf("rubric-grader started")).toBeGreaterThan(listening);
  }, 90_000);
});
