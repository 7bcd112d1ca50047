/**
 * Service overhead: grades per second of the API (`POST /v1/grade`, samples 1) against a bare LangChain
 * chain (prompt → `ChatOpenAI.withStructuredOutput(zod)`, built once), both against the same instant
 * fake provider running in its own process, at concurrency 1 and 16. Printed as the ratio API / bare
 * chain (the goal: ≥ 1.0 at both), measured in the same run, rounds alternating. Many short
 * rounds (15 of 100 grades each side) and their median ratio: on a shared two-core machine the bare
 * chain's own speed drifts by a factor of two within a minute, and three rounds of 400 grades gave medians
 * from 0.66 to 0.81 for the same code; fifteen of 100 gave 0.72 and 0.73.
 *
 *   npx tsx bench/service-overhead.ts [--requests 100] [--rounds 15] [--http] [--concurrency N] [--only service|bare]
 *                                     [--profile DIR] [--warm-up-passes 3] [--database file|URL]
 *
 * `--http` sends the API requests over real HTTP (loopback, keep-alive) instead of Fastify's inject.
 * `--database file` stores the grades in a new SQLite file, as the service's default configuration does
 * (`sqlite:./data/grader.db`: WAL, synchronous FULL, so every commit waits for the disk), instead of SQLite
 * in memory; `--database URL` in that database (a PostgreSQL URL, say). The goal has been measured in memory
 * since it was set: that is the grading path's own cost, not the disk's. Stop 47, this machine, quiet, 9
 * rounds: a file c1 0.77, c16 0.91 (memory that hour 0.89–0.98 and 1.06–1.08); PostgreSQL 15 on loopback
 * with its default durability c1 0.30, c16 0.43. A grade writes two transactions (the cache flight's lease,
 * then the grade with everything stored beside it), each synced, and some twenty pages to the WAL.
 */
import { Session } from "node:inspector/promises";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bareChain, serviceSide, startInstantFake } from "./support/overhead-sides.js";
import { benchArguments as args, numberOption as option } from "./support/arguments.js";

const requests = option("requests", 100);
const rounds = option("rounds", 15);
const warmUpPasses = option("warm-up-passes", 3);
const overHttp = args.includes("--http");
/** `--concurrency 1`: measure one level only (to profile it). */
const concurrencies = args.includes("--concurrency") ? [option("concurrency", 1)] : [1, 16];
/** `--only service` or `--only bare`: measure one side (to profile it with `node --cpu-prof`). */
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const profileDirectory = args.includes("--profile") ? args[args.indexOf("--profile") + 1] : undefined;
const databaseOption = args.includes("--database") ? args[args.indexOf("--database") + 1] : undefined;
/** A new directory for `--database file`, removed at the end. */
const fileDirectory = databaseOption === "file" ? mkdtempSync(join(tmpdir(), "grader-bench-")) : undefined;
const databaseUrl = fileDirectory ? `sqlite:${join(fileDirectory, "grader.db")}` : databaseOption;

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
  const fake = await startInstantFake();
  const bare = bareChain(fake.baseURL);
  const side = await serviceSide(fake.baseURL, databaseUrl);
  const origin = overHttp ? await side.app.listen({ host: "127.0.0.1", port: 0 }) : undefined;
  let offset = 0;
  const service = (index: number) => side.grade(offset + index, origin);

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
    `service overhead: ${requests} grades per measurement, ${rounds} rounds, API via ${overHttp ? "HTTP" : "inject"}, database ${fileDirectory ? "a new SQLite file" : (databaseUrl?.replace(/\/\/[^@/]*@/u, "//…@") ?? "SQLite in memory")}`,
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
  await side.close();
  fake.stop();
  if (fileDirectory) rmSync(fileDirectory, { recursive: true, force: true });
}

await main();
