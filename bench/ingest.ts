/**
 * Ingest of signed LMS webhooks (issue 9's figure): requests per second and latency percentiles of
 * `POST /v1/integrations/:id/events` on the embedded engine (SQLite), every accepted event persisted
 * before its 2xx. The API runs as its own process (`src/main.ts`, no queue runner, so what is measured
 * is ingest alone); this process signs and sends the events over keep-alive HTTP.
 *
 *   npm run build && npx tsx bench/ingest.ts [--events 5000] [--concurrency 32] [--source] [--cpu-prof <dir>]
 *
 * The server runs as deployed (`npm start`, the compiled `dist/`) once `npm run build` has been run, or
 * from source under tsx with `--source` or without a build.
 *
 * Printed next to the issue's limits: ≥ 1,000 requests/s and p99 < 50 ms on this 2-core machine. The
 * sender shares the two cores with the server, so the figure is a lower bound for the server.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { webhookHeaders } from "../src/lib/standard-webhooks.js";
import { scienceRubric } from "../tests/helpers/rubric-fixtures.js";
import { benchArguments as args, numberOption as option } from "./support/arguments.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const events = option("events", 5_000);
if (!Number.isInteger(events) || events < 1) throw new Error("--events must be a positive whole number");
const concurrency = option("concurrency", 32);
// `--cpu-prof <dir>` writes the server's CPU profiles there (one per thread; open in Chrome DevTools).
const profileIndex = args.indexOf("--cpu-prof");
const profileDirectory = profileIndex >= 0 ? args[profileIndex + 1] : undefined;

const directory = mkdtempSync(join(tmpdir(), "grader-bench-ingest-"));
// As deployed (`npm start`: the compiled server) when `npm run build` has been run since the sources
// last changed; else from source (a stale build would measure old code).
const compiledEntry = join(root, "dist/src/main.js");
const newestSource = (directory: string): number =>
  Math.max(
    0,
    ...readdirSync(directory, { withFileTypes: true }).map((entry) =>
      entry.isDirectory()
        ? newestSource(join(directory, entry.name))
        : statSync(join(directory, entry.name)).mtimeMs,
    ),
  );
const buildIsCurrent =
  existsSync(compiledEntry) && statSync(compiledEntry).mtimeMs >= newestSource(join(root, "src"));
if (existsSync(compiledEntry) && !buildIsCurrent) {
  console.log(
    "dist/ is older than src/: running from source (run `npm run build` to measure the compiled server)",
  );
}
const built = buildIsCurrent && !args.includes("--source");
const serverArguments = [
  ...(profileDirectory ? ["--cpu-prof", `--cpu-prof-dir=${profileDirectory}`] : []),
  ...(built ? ["dist/src/main.js"] : ["--import", "tsx", "src/main.ts"]),
];
const child = spawn(process.execPath, serverArguments, {
  cwd: root,
  env: {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    HOST: "127.0.0.1",
    PORT: "0",
    // As deployed (the default): a log line per request, read and dropped here.
    LOG_LEVEL: "info",
    DATABASE_URL: `sqlite:${join(directory, "grader.db")}`,
    GRADER_SECRET_KEY: "7f".repeat(32),
    GRADER_JOBS_IN_PROCESS: "false",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise<string>((resolve, reject) => {
  createInterface({ input: child.stdout }).on("line", (line) => {
    const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
    if (match) resolve(match[1]!);
  });
  child.once("exit", (code) => reject(new Error(`the server exited (${code})`)));
});

const dispatcher = new Agent({ connections: concurrency, keepAliveTimeout: 30_000 });
async function call(method: string, path: string, body: string, headers: Record<string, string>) {
  const response = await request(`${url}${path}`, {
    method: method as "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
    dispatcher,
  });
  const text = await response.body.text();
  return { status: response.statusCode, text };
}

try {
  const rubric = await call("POST", "/v1/rubrics", JSON.stringify(scienceRubric), {});
  if (rubric.status !== 201) throw new Error(rubric.text);
  const created = await call(
    "POST",
    "/v1/integrations",
    JSON.stringify({ type: "webhook", name: "bench", defaultRubric: { rubricId: scienceRubric.id } }),
    {},
  );
  if (created.status !== 201) throw new Error(created.text);
  const integration = JSON.parse(created.text) as { id: string; secret: string };

  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  async function sender() {
    for (;;) {
      const index = next++;
      if (index >= events) return;
      const body = JSON.stringify({
        type: "submission.created",
        timestamp: new Date().toISOString(),
        data: {
          submissionId: `sub-${index}`,
          studentId: `student-${index % 900}`,
          attempt: 1,
          answer: `Plants use light, water and carbon dioxide to make glucose (${index}).`,
        },
      });
      const headers = webhookHeaders(
        [integration.secret],
        `msg-${index}`,
        Math.floor(Date.now() / 1000),
        body,
      );
      const started = performance.now();
      const response = await call("POST", `/v1/integrations/${integration.id}/events`, body, headers);
      latencies.push(performance.now() - started);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  }
  // The first requests compile routes and statements: their latencies are left out of the percentiles
  // (at most a fifth of the run, so that a short run still has latencies to report).
  const warmEvents = Math.min(200, Math.floor(events / 5));
  const all = events;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => sender()));
  const seconds = (performance.now() - started) / 1000;
  const measured = latencies.slice(warmEvents).sort((a, b) => a - b);
  const percentile = (p: number) =>
    measured[Math.min(measured.length - 1, Math.floor((p / 100) * measured.length))]!;
  const rate = all / seconds;
  // Fast failures are not ingest: every event here is new and validly signed, so each must be accepted.
  if (statuses.size !== 1 || !statuses.has(202)) {
    throw new Error(`events not all accepted (202): ${JSON.stringify(Object.fromEntries(statuses))}`);
  }
  console.log(
    `${all} signed events, ${concurrency} at a time, server ${built ? "compiled (dist/)" : "from source (tsx)"}: ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
  console.log(
    `requests/s ${rate.toFixed(0).padStart(8)}   limit ≥ 1000   ratio ${(rate / 1000).toFixed(2)} (≥ 1.00 passes)`,
  );
  console.log(
    `p99 ms     ${percentile(99).toFixed(1).padStart(8)}   limit < 50     ratio ${(percentile(99) / 50).toFixed(2)} (< 1.00 passes)`,
  );
  console.log(
    `(p50 ${percentile(50).toFixed(1)} ms, p90 ${percentile(90).toFixed(1)} ms, max ${measured.at(-1)!.toFixed(1)} ms)`,
  );
} finally {
  await dispatcher.close();
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  rmSync(directory, { recursive: true, force: true });
}
