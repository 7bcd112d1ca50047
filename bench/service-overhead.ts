/**
 * Service overhead: grades per second of the API (`POST /v1/grade`, samples 1) against a bare LangChain
 * chain (prompt → `ChatOpenAI.withStructuredOutput(zod)`, built once), both against the same instant
 * fake provider running in its own process, at concurrency 1 and 16. Printed as the ratio API / bare
 * chain (the issue's goal: ≥ 1.0 at both), measured in the same run, rounds alternating. Many short
 * rounds (15 of 100 grades each side) and their median ratio: on a shared two-core machine the bare
 * chain's own speed drifts by a factor of two within a minute, and three rounds of 400 grades gave medians
 * from 0.66 to 0.81 for the same code; fifteen of 100 gave 0.72 and 0.73.
 *
 *   npx tsx bench/service-overhead.ts [--requests 100] [--rounds 15] [--http] [--concurrency N] [--only service|bare]
 *                                     [--profile DIR] [--warm-up-passes 3]
 *
 * `--http` sends the API requests over real HTTP (loopback, keep-alive) instead of Fastify's inject.
 * Answers differ per request, so no grade is served from the cache.
 * `--profile DIR` writes a CPU profile of each measurement (`<concurrency>-<side>-<round>.cpuprofile`), taken
 * in-process while the rounds alternate, so that both sides' profiles see the same machine load.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { ChatOpenAI } from "@langchain/openai";
import { pino } from "pino";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config/config.js";
import { languageName, renderRubricForPrompt } from "../src/grading/prompt-inputs.js";
import { buildAllCriteriaReplySchema } from "../src/grading/reply-schema.js";
import { validateRubricDocument } from "../src/grading/rubric-loading.js";
import { createRuntime } from "../src/runtime.js";
import { scienceRubric } from "../tests/helpers/rubric-fixtures.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const requests = option("requests", 100);
const rounds = option("rounds", 15);
const warmUpPasses = option("warm-up-passes", 3);
const overHttp = args.includes("--http");
/** `--concurrency 1`: measure one level only (to profile it). */
const concurrencies = args.includes("--concurrency") ? [option("concurrency", 1)] : [1, 16];
/** `--only service` or `--only bare`: measure one side (to profile it with `node --cpu-prof`). */
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const profileDirectory = args.includes("--profile") ? args[args.indexOf("--profile") + 1] : undefined;

const validation = validateRubricDocument(scienceRubric);
if (!validation.ok) throw new Error("bad rubric");
const rubric = validation.rubric;
const replyText = JSON.stringify({
  criteria: {
    inputs: { rationale: "Names all inputs.", evidence: ["light, water and carbon dioxide"], points: 2 },
    outputs: { rationale: "Names glucose.", evidence: ["glucose"], points: 1 },
  },
  explanation: "Inputs complete; oxygen is missing.",
  feedback: "Good: you named every input. Also name the oxygen that is released.",
});
const answerFor = (index: number) =>
  `Plants need light, water and carbon dioxide. They make glucose (attempt ${index}).`;

async function startFake(): Promise<{ baseURL: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "bench/support/instant-openai-server.ts"), replyText],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once("data", (data: Buffer) => resolve(Number(data.toString().trim())));
    child.once("exit", (code) => reject(new Error(`fake exited with ${code}`)));
  });
  // Also when this process ends early: a left-over fake would keep the terminal's pipes open.
  process.once("exit", () => child.kill("SIGKILL"));
  return { baseURL: `http://127.0.0.1:${port}/v1`, stop: () => child.kill("SIGKILL") };
}

const cpuPerTask: Record<"bare" | "service", number[]> = { bare: [], service: [] };

/** Runs `total` tasks with at most `concurrency` at once; returns tasks per second and records CPU ms per task. */
async function throughput(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
  label?: "bare" | "service",
  profileName?: string,
): Promise<number> {
  let next = 0;
  const profiler = profileDirectory && profileName ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.start");
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  const rate = total / ((performance.now() - started) / 1000);
  if (label) cpuPerTask[label].push((used.user + used.system) / 1000 / total);
  if (profiler && profileDirectory && profileName) {
    const { profile } = await profiler.post("Profiler.stop");
    profiler.disconnect();
    mkdirSync(profileDirectory, { recursive: true });
    writeFileSync(join(profileDirectory, `${profileName}.cpuprofile`), JSON.stringify(profile));
  }
  return rate;
}

async function main() {
  const fake = await startFake();
  const apiKey = "bench-key";

  // The bare chain: what a developer would write with LangChain alone.
  const system = readFileSync(join(root, "prompts/grade-all-criteria.system.md"), "utf8");
  const user = readFileSync(join(root, "prompts/grade-all-criteria.user.md"), "utf8");
  const bareChain = ChatPromptTemplate.fromMessages([
    ["system", system],
    ["human", user],
  ]).pipe(
    new ChatOpenAI({
      model: "gpt-4o-mini",
      apiKey,
      temperature: 0,
      maxRetries: 0,
      configuration: { baseURL: fake.baseURL },
    }).withStructuredOutput(buildAllCriteriaReplySchema(rubric), {
      name: "grade",
      method: "jsonSchema",
      strict: true,
    }),
  );
  const rubricText = renderRubricForPrompt(rubric);
  const bare = (index: number) =>
    bareChain
      .invoke({
        rubric: rubricText,
        language: rubric.language,
        language_name: languageName(rubric.language),
        answer_boundary: "ANSWER-BOUNDARY-0123456789abcdef",
        canary: "CANARY-0123456789abcdef",
        answer: answerFor(index),
      })
      .then(() => undefined);

  // The service: the real runtime and routes, SQLite in memory, the same fake provider.
  const config = loadConfig({
    DATABASE_URL: "sqlite::memory:",
    LOG_LEVEL: "silent",
    OPENAI_API_KEY: apiKey,
    OPENAI_BASE_URL: fake.baseURL,
    GRADER_MAX_IN_FLIGHT: "64",
  });
  const runtime = await createRuntime(config, { logger: pino({ level: "silent" }) });
  const app = await buildApp(runtime);
  const upload = await app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
  if (upload.statusCode !== 201) throw new Error(`rubric upload failed: ${upload.body}`);
  let origin = "";
  if (overHttp) origin = await app.listen({ host: "127.0.0.1", port: 0 });
  let offset = 0;
  const service = async (index: number) => {
    const payload = { rubricId: scienceRubric.id, answer: answerFor(offset + index), samples: 1 };
    if (overHttp) {
      // Node's fetch keeps connections alive between requests.
      const response = await fetch(`${origin}/v1/grade`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
      });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`grade failed: ${response.status} ${body}`);
      return;
    }
    const response = await app.inject({ method: "POST", url: "/v1/grade", payload });
    if (response.statusCode !== 200) throw new Error(`grade failed: ${response.statusCode} ${response.body}`);
  };

  // Warm up both (JIT, connections, schema and chain caches) until they run at their steady speed: with
  // 60 grades each the API still sped up round after round (130 → 300 grades/s over ten rounds of 400),
  // so the first rounds measured V8's optimisation of its code, not the code.
  for (let pass = 0; pass < warmUpPasses; pass++) {
    for (const concurrency of [1, 16]) {
      await throughput(200, concurrency, bare);
      await throughput(200, concurrency, service);
      offset += 200; // every grade a new answer, as in the rounds: no cache hits
    }
  }

  console.log(
    `service overhead: ${requests} grades per measurement, ${rounds} rounds, API via ${overHttp ? "HTTP" : "inject"}`,
  );
  for (const concurrency of concurrencies) {
    const ratios: number[] = [];
    const bareRates: number[] = [];
    const serviceRates: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const name = (side: string) => `${concurrency}-${side}-${round}`;
      const bareRate =
        only === "service" ? 1 : await throughput(requests, concurrency, bare, "bare", name("bare"));
      const serviceRate =
        only === "bare" ? 1 : await throughput(requests, concurrency, service, "service", name("service"));
      offset += requests;
      bareRates.push(bareRate);
      serviceRates.push(serviceRate);
      ratios.push(serviceRate / bareRate);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `concurrency ${String(concurrency).padStart(2)}: bare chain ${median(bareRates).toFixed(0)} grades/s, API ${median(serviceRates).toFixed(0)} grades/s, ratio ${median(ratios).toFixed(2)} (goal ≥ 1.00; rounds ${ratios.map((ratio) => ratio.toFixed(2)).join(", ")})`,
    );
    const cpu = (label: "bare" | "service") => (cpuPerTask[label].length ? median(cpuPerTask[label]) : 0);
    console.log(
      `               CPU per grade in this process: bare chain ${cpu("bare").toFixed(2)} ms, API ${cpu("service").toFixed(2)} ms`,
    );
    cpuPerTask.bare = [];
    cpuPerTask.service = [];
  }
  await app.close();
  await runtime.close();
  fake.stop();
}

await main();
