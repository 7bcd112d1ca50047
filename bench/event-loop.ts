/**
 * How long answer analysis holds the event loop, against the 10 ms budget per synchronous step.
 *
 *   npx tsx bench/event-loop.ts
 *
 * 1. Inline cost of analyseAnswer (strip, fold, screen) for answers of 500, 1,000, 2,000, 5,000 and 20,000
 *    characters: ordinary text (real answers from the committed sample) and the worst of the adversarial
 *    inputs (tests/helpers/long-answers.ts). Median of several runs after a warm-up.
 * 2. Event-loop stalls (perf_hooks.monitorEventLoopDelay, 1 ms resolution: longest and 99th percentile)
 *    and the longest synchronous `analyse()` call while a stream of
 *    20,000-character answers, adversarial and ordinary, goes through the adapter
 *    (createAnswerAnalyser with the service's defaults); for comparison, the same stream through
 *    inlineAnswerAnalyser, and the floor the machine's scheduler sets when the same number of threads spin
 *    with nothing analysed (on a machine with few cores that floor alone can exceed a few milliseconds).
 *
 * Figures are printed as milliseconds and as a ratio to the 10 ms limit (below 1 is within budget). They
 * vary with the machine and its load; compare ratios, and run twice before believing a change.
 */
import { availableParallelism } from "node:os";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import {
  createAnswerAnalyser,
  DEFAULT_OFFLOAD_ABOVE_CHARS,
  defaultAnalysisThreads,
  inlineAnswerAnalyser,
} from "../src/analysis/index.js";
import { analyseAnswer } from "../src/grading/integrity/index.js";
import type { AnswerAnalyser } from "../src/grading/ports.js";
import { adversarialAnswers, ordinaryAnswer } from "../tests/helpers/long-answers.js";

const LIMIT_MS = 10;
const LENGTHS = [500, 1_000, 2_000, 5_000, 20_000];
const RUNS = 7;
const STREAM_LENGTH = 20_000;
const STREAM_ANSWERS = 120;
const IN_FLIGHT = 8;

const ratio = (milliseconds: number) => `${(milliseconds / LIMIT_MS).toFixed(2)}× limit`;
const format = (milliseconds: number) => `${milliseconds.toFixed(2).padStart(7)} ms (${ratio(milliseconds)})`;

function medianCost(answer: string): number {
  const timings: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    analyseAnswer(answer);
    timings.push(performance.now() - started);
  }
  return timings.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

function inlineCosts(): void {
  console.log("Inline cost of analyseAnswer (median of 7 runs)");
  for (const warmUp of Object.values(adversarialAnswers(2_000))) analyseAnswer(warmUp);
  analyseAnswer(ordinaryAnswer(20_000));
  for (const length of LENGTHS) {
    const ordinary = medianCost(ordinaryAnswer(length));
    let worstName = "";
    let worst = 0;
    for (const [name, answer] of Object.entries(adversarialAnswers(length))) {
      const cost = medianCost(answer);
      if (cost > worst) [worst, worstName] = [cost, name];
    }
    console.log(
      `  ${String(length).padStart(6)} chars  ordinary ${format(ordinary)}   worst adversarial ${format(worst)}  [${worstName}]`,
    );
  }
}

/** Answers for the stream: every adversarial kind and ordinary text, alternating. */
function streamAnswers(): string[] {
  const adversarial = Object.values(adversarialAnswers(STREAM_LENGTH));
  return Array.from({ length: STREAM_ANSWERS }, (_, index) =>
    index % 2 === 0
      ? adversarial[(index / 2) % adversarial.length]!
      : ordinaryAnswer(STREAM_LENGTH, index * 37),
  );
}

interface StallFigures {
  /** Longest delay of the 1 ms timer, minus its period. */
  longest: number;
  /** 99th percentile of the same. */
  p99: number;
  /** Longest time one `analyse()` call ran synchronously on the main thread (null: not measured). */
  longestCall: number | null;
}

/** Delays of a 1 ms timer from a histogram, minus the timer's own period, in milliseconds. */
function stalls(histogram: IntervalHistogram): Omit<StallFigures, "longestCall"> {
  const stall = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - 1);
  return { longest: stall(histogram.max), p99: stall(histogram.percentile(99)) };
}

/**
 * Stalls while `answers` go through `analyser`, IN_FLIGHT at a time. Each answer is submitted from its
 * own macrotask, as requests arrive from the network, so that an inline analysis shows up as the stall it
 * causes instead of running back to back in one microtask chain.
 */
async function streamStalls(analyser: AnswerAnalyser, answers: readonly string[]): Promise<StallFigures> {
  await analyser.analyse(answers[0]!); // starts and warms a worker, outside the measurement
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let next = 0;
  let longestCall = 0;
  const lane = async () => {
    while (next < answers.length) {
      const answer = answers[next++]!;
      await new Promise((resolve) => setImmediate(resolve));
      const called = performance.now();
      const analysis = analyser.analyse(answer);
      longestCall = Math.max(longestCall, performance.now() - called);
      await analysis;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  // Two more timer periods, so that the last delay is recorded before the histogram stops.
  await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.disable();
  return { ...stalls(histogram), longestCall };
}

/**
 * The same measurement with nothing analysed: `threads` worker threads spin on the CPU for `milliseconds`
 * while the main thread idles. On a machine with few cores (or other work on it), the scheduler alone
 * delays the main thread; this is the floor that the adapter's figures should be read against.
 */
async function schedulingFloor(threads: number, milliseconds: number): Promise<StallFigures> {
  const spin = `const end = Date.now() + ${Math.round(milliseconds)}; while (Date.now() < end) {}`;
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const workers = Array.from({ length: threads }, () => new Worker(spin, { eval: true }));
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once("exit", resolve))));
  histogram.disable();
  return { ...stalls(histogram), longestCall: null };
}

function printStalls(label: string, figures: StallFigures): void {
  const call = figures.longestCall === null ? "" : `   longest analyse() call ${format(figures.longestCall)}`;
  console.log(`  ${label.padEnd(44)} longest ${format(figures.longest)}   p99 ${format(figures.p99)}${call}`);
}

async function main(): Promise<void> {
  inlineCosts();
  const answers = streamAnswers();
  const threads = defaultAnalysisThreads();
  const pooled = createAnswerAnalyser({ offloadAboveChars: DEFAULT_OFFLOAD_ABOVE_CHARS, threads });
  try {
    console.log(
      `\nEvent-loop stalls while ${STREAM_ANSWERS} answers of ${STREAM_LENGTH} characters are analysed, ${IN_FLIGHT} in flight, ${availableParallelism()} cores`,
    );
    const started = performance.now();
    const withPool = await streamStalls(pooled, answers);
    const poolMilliseconds = performance.now() - started;
    printStalls(
      `adapter (${threads} worker thread${threads === 1 ? "" : "s"}, inline ≤ ${DEFAULT_OFFLOAD_ABOVE_CHARS} chars)`,
      withPool,
    );
    printStalls(
      "floor: same threads spinning, nothing analysed",
      await schedulingFloor(threads, poolMilliseconds),
    );
    printStalls("inline only, for comparison", await streamStalls(inlineAnswerAnalyser, answers));
  } finally {
    await pooled.close();
  }
}

await main();
