/**
 * The longest stretch a whole grade holds the event loop, for the 10 ms budget of issue "Core v2": every
 * step of `POST /v1/grade` (parsing, analysis, planning, the cache and lease queries, aggregation and the
 * evidence check, storing grade and audit, the response) for answers of 20,000 characters, with an
 * instant in-process model so that only the service's own work is on the loop.
 *
 *   npx tsx bench/grade-event-loop.ts
 *
 * A setImmediate ticker records every gap between turns of the loop while 40 grades run one after
 * another and 8 at a time. Printed: the longest gaps in wall time, and the most CPU time spent in one
 * gap, with its ratio to the limit; first, the longest gaps of the same ticker with nothing running
 * (on a virtual machine the scheduler alone makes gaps of several milliseconds). Run twice.
 */
import { existsSync, readFileSync } from "node:fs";
import { buildTestApp, scienceRubric } from "../tests/helpers/test-app.js";
import { adversarialAnswers, ordinaryAnswer } from "../tests/helpers/long-answers.js";
import { allCriteriaReply, createScriptedModel } from "../tests/helpers/scripted-model.js";

const LIMIT_MS = 10;
const LENGTH = 20_000;

const model = createScriptedModel({
  fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "light" }),
});
const test = await buildTestApp({
  dependencies: { model },
  env: { GRADER_MAX_INPUT_TOKENS_PER_GRADE: "10000000" },
});
await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });

const answers = [ordinaryAnswer(LENGTH), ...Object.values(adversarialAnswers(LENGTH))];
const answerAt = (index: number) => `${answers[index % answers.length]!.slice(0, LENGTH - 8)} #${index}`;
const grade = async (index: number) => {
  const response = await test.app.inject({
    method: "POST",
    url: "/v1/grade",
    payload: { rubricId: scienceRubric.id, answer: answerAt(index) },
  });
  if (response.statusCode !== 200) throw new Error(`grade failed: ${response.statusCode} ${response.body}`);
  // A provider keeps no prompt after it answered; the scripted model would keep every one (each with
  // its 20,000-character answer), and the garbage collector's work on them would be counted here.
  model.calls.length = 0;
};

// Warm up: JIT, the analysis workers, prepared statements.
for (let index = 0; index < 6; index++) await grade(1_000 + index);

const schedstat = `/proc/self/task/${process.pid}/schedstat`;
const perThread = existsSync(schedstat);
/**
 * CPU time of the main thread alone, in ms: Linux's per-thread scheduler statistics (the main thread's
 * id is the process id). Elsewhere the whole process's CPU time, which also counts other threads.
 */
function mainThreadCpuMs(): number {
  if (perThread) return Number(readFileSync(schedstat, "utf8").split(" ")[0]) / 1e6;
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/**
 * Records every gap between turns of the loop while `work` runs: its wall time, and the process's CPU
 * thread's CPU time in it. On a shared or virtual machine a thread can wait for a core for several
 * milliseconds with nothing of ours running; the CPU time of a gap is what the loop was really held by
 * (the main thread's own work, its share of garbage collection included).
 */
async function measureGaps(work: () => Promise<void>): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let last = performance.now();
  let lastCpu = mainThreadCpuMs();
  let running = true;
  const tick = () => {
    const now = performance.now();
    const cpuNow = mainThreadCpuMs();
    wall.push(now - last);
    cpu.push(cpuNow - lastCpu);
    last = now;
    lastCpu = cpuNow;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  running = false;
  return { wall: wall.sort((a, b) => b - a), cpu: cpu.sort((a, b) => b - a) };
}

const top = (values: number[]) =>
  values
    .slice(0, 3)
    .map((value) => `${value.toFixed(1)} ms`)
    .join(", ");

// The machine's own floor: the same ticker with nothing to do for two seconds.
const idle = await measureGaps(() => new Promise((resolve) => setTimeout(resolve, 2_000)));
console.log(`nothing running: longest gaps ${top(idle.wall)} (the scheduler's own delays on this machine)`);

for (const inFlight of [1, 8]) {
  let next = 0;
  const { wall, cpu } = await measureGaps(async () => {
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < 40) await grade(inFlight * 100 + next++);
      }),
    );
  });
  console.log(
    `grades of ${LENGTH} characters, ${inFlight} at a time: longest gaps ${top(wall)} of wall time; ` +
      `longest CPU time in one gap ${top(cpu)} (${(cpu[0]! / LIMIT_MS).toFixed(2)}× the ${LIMIT_MS} ms limit)`,
  );
}
await test.close();
