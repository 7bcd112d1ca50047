/**
 * Batch jobs (issue 8's figures), each printed next to its limit as a ratio:
 * - memory: the API process's peak RSS while it receives a 50,000-row CSV (limit 300 MB), and the RSS a
 *   job of 10,000 queued items adds to it (limit 50 MB);
 * - rate: N answers with a provider limit of R requests/min finish within 1.05 × N/R, with no failed
 *   item (the fake provider answers 429 above R in any 60 s, as OpenAI does);
 * - scale: with a provider latency of 1 s and no rate limit, 2 worker processes grade ≥ 1.8× what 1 does.
 *
 *   npx tsx bench/jobs.ts [--part memory|rate|scale|all] [--answers N] [--rpm R] [--postgres URL]
 *
 * Every process is real: the API (`src/main.ts`), workers (`src/worker.ts`) and the fake provider
 * (bench/support/instant-openai-server.ts) run as child processes; RSS is read from /proc. With
 * `--postgres URL` (a database the bench may fill; use a throwaway one) the API and workers share
 * PostgreSQL instead of a SQLite file.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, openAsBlob, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { scienceRubric } from "../tests/helpers/rubric-fixtures.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const part = option("part") ?? "all";
const postgresUrl = option("postgres");

const replyText = JSON.stringify({
  criteria: {
    inputs: { rationale: "Names all inputs.", evidence: [], points: 2 },
    outputs: { rationale: "Names glucose.", evidence: [], points: 1 },
  },
  explanation: "Inputs complete; oxygen is missing.",
  feedback: "Good: you named every input. Also name the oxygen that is released.",
});

interface Child {
  process: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

function startChild(
  argv: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<Child & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, argv, {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s:\n${output.join("\n")}`)), 60_000);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        output.push(line);
        const match = ready.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve({ process: child, output, stop, match });
        }
      });
    }
    child.once("exit", (code) => reject(new Error(`exited (${code}) before ready:\n${output.join("\n")}`)));
  });
}

async function startFake(flags: string[] = []) {
  const child = await startChild(
    ["--import", "tsx", "bench/support/instant-openai-server.ts", replyText, ...flags],
    {},
    /^(\d+)$/,
  );
  return { ...child, baseURL: `http://127.0.0.1:${child.match[1]}/v1` };
}

function serviceEnv(directory: string, extra: Record<string, string>): Record<string, string> {
  return {
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "warn",
    DATABASE_URL: postgresUrl ?? `sqlite:${join(directory, "grader.db")}`,
    ...extra,
  };
}

async function startApi(directory: string, extra: Record<string, string>) {
  const child = await startChild(
    ["--import", "tsx", "src/main.ts"],
    { ...serviceEnv(directory, extra), LOG_LEVEL: "info" },
    /Server listening at (http:\/\/127\.0\.0\.1:\d+)/,
  );
  return { ...child, url: child.match[1]! };
}

function startWorker(directory: string, extra: Record<string, string>) {
  return startChild(
    ["--import", "tsx", "src/worker.ts"],
    { ...serviceEnv(directory, extra), LOG_LEVEL: "info" },
    /worker started/,
  );
}

/** Resident and peak resident memory of a process, in MB (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

async function uploadRubric(url: string) {
  const response = await fetch(`${url}/v1/rubrics`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(scienceRubric),
  });
  if (response.status !== 201 && response.status !== 200) throw new Error(await response.text());
}

async function createJob(url: string, answers: string[]): Promise<string> {
  const response = await fetch(`${url}/v1/jobs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ rubricId: scienceRubric.id, answers: answers.map((answer) => ({ answer })) }),
  });
  if (response.status !== 202) throw new Error(`${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function waitForJob(url: string, id: string): Promise<{ counts: Record<string, number> }> {
  for (;;) {
    const job = (await (await fetch(`${url}/v1/jobs/${id}`)).json()) as {
      status: string;
      counts: Record<string, number>;
    };
    if (job.status === "completed") return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A realistic answer of about 300 characters, different per row. */
const answerFor = (index: number) =>
  `Student answer ${index}: plants take in light energy, water through their roots and carbon dioxide ` +
  `through small pores in the leaves. In the chloroplasts they turn these into glucose, which stores ` +
  `the energy, and they release oxygen into the air as a by-product of the reaction.`;

const row = (label: string, value: number, limit: number, unit: string, better: "lower" | "higher") =>
  console.log(
    `${label.padEnd(58)} ${value.toFixed(1).padStart(8)} ${unit.padEnd(4)} limit ${String(limit).padStart(5)} ${unit.padEnd(4)} ratio ${(value / limit).toFixed(2)} (${better === "lower" ? "≤" : "≥"} 1.00 passes)`,
  );

async function memoryPart() {
  const directory = mkdtempSync(join(tmpdir(), "grader-bench-jobs-"));
  // No worker: what is measured is receiving and holding queued items, not grading them.
  const api = await startApi(directory, { GRADER_JOBS_IN_PROCESS: "false" });
  try {
    await uploadRubric(api.url);
    const pid = api.process.pid!;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const before = memoryOf(pid);
    const queued = await createJob(
      api.url,
      Array.from({ length: 10_000 }, (_, index) => answerFor(index)),
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = memoryOf(pid);
    row("10,000 queued items: RSS added to the API process", after.rss - before.rss, 50, "MB", "lower");

    const csvPath = join(directory, "answers.csv");
    const lines = ["student_id,answer"];
    for (let index = 0; index < 50_000; index++) lines.push(`s-${index},"${answerFor(index)}"`);
    writeFileSync(csvPath, `${lines.join("\n")}\n`);
    const form = new FormData();
    form.append("file", await openAsBlob(csvPath, { type: "text/csv" }), "answers.csv");
    const started = performance.now();
    const response = await fetch(`${api.url}/v1/jobs?rubricId=${scienceRubric.id}`, {
      method: "POST",
      body: form,
    });
    if (response.status !== 202) throw new Error(`${response.status} ${await response.text()}`);
    const seconds = (performance.now() - started) / 1000;
    const peak = memoryOf(pid).peak;
    console.log(
      `  (API process at start: ${before.rss.toFixed(0)} MB RSS; peak before the CSV upload: ${after.peak.toFixed(0)} MB)`,
    );
    row("50,000-row CSV upload: peak RSS of the API process", peak, 300, "MB", "lower");
    console.log(
      `  (upload of ${(Buffer.byteLength(lines.join("\n")) / 1e6).toFixed(1)} MB took ${seconds.toFixed(1)} s; job ${queued} stays queued)`,
    );
  } finally {
    await api.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

async function ratePart() {
  const answers = Number(option("answers") ?? 150);
  const rpm = Number(option("rpm") ?? 600);
  const fake = await startFake(["--rpm", String(rpm), "--latency-ms", "200"]);
  const directory = mkdtempSync(join(tmpdir(), "grader-bench-jobs-"));
  const api = await startApi(directory, {
    GRADER_MODEL: "openai:gpt-4o-mini",
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: "bench",
    GRADER_REQUESTS_PER_MINUTE: String(rpm),
    GRADER_MAX_IN_FLIGHT: "32",
    ...(process.env.BENCH_POOL ? { DATABASE_POOL_SIZE: process.env.BENCH_POOL } : {}),
  });
  let startedAt = 0;
  let acceptedAt = 0;
  try {
    await uploadRubric(api.url);
    // A running service is warm: the first grade of a process loads modules its dependencies import
    // lazily (about 0.5 s under tsx), which is not the queue's doing. One grade first, then a pause.
    const warm = await fetch(`${api.url}/v1/grade`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rubricId: scienceRubric.id, answer: "warm-up: light, water, glucose" }),
    });
    if (warm.status !== 200) throw new Error(`warm-up grade: ${warm.status} ${await warm.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const started = performance.now();
    startedAt = Date.now();
    const id = await createJob(
      api.url,
      Array.from({ length: answers }, (_, index) => answerFor(index)),
    );
    acceptedAt = Date.now();
    const job = await waitForJob(api.url, id);
    const seconds = (performance.now() - started) / 1000;
    const physical = (answers / rpm) * 60;
    row(`${answers} answers at ${rpm} requests/min: time / (N/R)`, seconds / physical, 1.05, "x", "lower");
    console.log(
      `  (${seconds.toFixed(1)} s; N/R = ${physical.toFixed(1)} s; failed items: ${job.counts.failed})`,
    );
  } finally {
    await api.stop();
    await fake.stop();
    console.log(`  (provider: ${fake.output.find((line) => line.startsWith("429s=")) ?? "429s=?"})`);
    const gaps = fake.output.find((line) => line.startsWith("gaps:"));
    if (gaps) console.log(`  (provider ${gaps})`);
    const times = /second=(\d+) last=(\d+)/.exec(fake.output.join("\n"));
    if (times)
      console.log(
        `  (202 after ${acceptedAt - startedAt} ms; first job request ${Number(times[1]) - startedAt} ms, last ${Number(times[2]) - startedAt} ms after the POST)`,
      );
    rmSync(directory, { recursive: true, force: true });
  }
}

async function scalePart() {
  const answers = Number(option("answers") ?? 128);
  const fake = await startFake(["--latency-ms", "1000"]);
  const rates: number[] = [];
  for (const workers of [1, 2]) {
    const directory = mkdtempSync(join(tmpdir(), "grader-bench-jobs-"));
    const env = {
      GRADER_MODEL: "openai:gpt-4o-mini",
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: "bench",
      GRADER_MAX_IN_FLIGHT: "64",
      GRADER_WORKER_CONCURRENCY: "4",
    };
    const api = await startApi(directory, { ...env, GRADER_JOBS_IN_PROCESS: "false" });
    const running: Child[] = [];
    try {
      for (let index = 0; index < workers; index++) running.push(await startWorker(directory, env));
      await uploadRubric(api.url);
      const started = performance.now();
      const id = await createJob(
        api.url,
        Array.from({ length: answers }, (_, index) => `${answerFor(index)} (run ${workers})`),
      );
      await waitForJob(api.url, id);
      const seconds = (performance.now() - started) / 1000;
      rates.push(answers / seconds);
      console.log(
        `  ${workers} worker(s) × 4: ${answers} answers in ${seconds.toFixed(1)} s (${(answers / seconds).toFixed(2)}/s)`,
      );
    } finally {
      for (const worker of running) await worker.stop();
      await api.stop();
      rmSync(directory, { recursive: true, force: true });
    }
  }
  await fake.stop();
  row("2 workers / 1 worker, provider latency 1 s", rates[1]! / rates[0]!, 1.8, "x", "higher");
}

if (part === "memory" || part === "all") await memoryPart();
if (part === "rate" || part === "all") await ratePart();
if (part === "scale" || part === "all") await scalePart();
