/**
 * The AnswerAnalyser port's adapters: analyseAnswer inline for short answers, on a small worker-thread
 * pool for long ones, so that no grade holds the event loop for long (the target is 10 ms per
 * synchronous step, also for a 20,000-character answer).
 */
import { availableParallelism } from "node:os";
import {
  alreadyScreened,
  analyseAnswer,
  MAX_EXCERPT_LENGTH,
  prepareAnswer,
  type AnswerAnalysis,
  type InjectionFinding,
} from "../grading/integrity/index.js";
import type { AnswerAnalyser, PreparedAnswer } from "../grading/ports.js";
import { createWorkerPool, isTaskTimeout } from "./worker-pool.js";

/**
 * Answers up to this many UTF-16 units are analysed inline. Measured with bench/event-loop.ts on the
 * development machine (2 cores, shared with other builds, so figures vary by up to 2×): with every family
 * detector on, analyseAnswer takes about 1 ms for 500 characters (worst adversarial input 3.5 ms), 2–3 ms
 * for 1,000, 4.5–6 ms for 2,000, about 9 ms for 5,000 and 30–35 ms for 20,000. 1,000 keeps the inline
 * step at a quarter of the 10 ms budget, a margin for slower machines and for the rest of the grade's
 * synchronous work. Posting to a worker costs a message round trip (well under a millisecond) and a
 * thread; 0.6 % of the 21,391 real answers are longer than 1,000 characters (0.03 % longer than 2,000), so
 * nearly every grade still stays inline.
 */
export const DEFAULT_OFFLOAD_ABOVE_CHARS = 1_000;

export interface AnswerAnalyserOptions {
  /** Answers longer than this (UTF-16 units) are analysed on a worker thread. */
  offloadAboveChars: number;
  /** Worker threads at most; below 1, every answer is analysed inline. */
  threads: number;
  /** Long answers that may wait for a free worker; one more is refused with `server_busy`. Default 32 per thread. */
  maxQueued?: number;
  /** A worker that takes longer than this for one answer is replaced. Default 10 s. */
  taskTimeoutMs?: number;
  /** A worker thread that has not loaded within this is given up. Default 60 s. */
  startupTimeoutMs?: number;
  /**
   * Whether a short answer is screened on a loaded analysis thread (else on the calling thread): a lone
   * grade's when the thread is idle, the others' queued for it. Default: when the machine has more than
   * one core.
   */
  screenShortAnswersOnThread?: boolean;
  /** The worker module (tests substitute one); default: analysis-worker next to this file. */
  workerUrl?: URL;
}

export interface PooledAnswerAnalyser extends AnswerAnalyser {
  /** Worker threads alive now (for tests and health checks). */
  readonly liveWorkers: number;
  /**
   * Starts one worker thread now and resolves when it is ready, so that the first long answer does not
   * wait for a thread to load (seconds on a busy machine). Nothing without threads.
   */
  prestart(): Promise<void>;
}

/**
 * Analyses every answer on the calling thread. For tests, scripts and tools; a server should use
 * {@link createAnswerAnalyser}, because a long answer would hold the event loop for tens of milliseconds.
 */
export const inlineAnswerAnalyser: AnswerAnalyser = {
  analyse: (answer) => new Promise<AnswerAnalysis>((resolve) => resolve(analyseAnswer(answer))),
  prepare: (answer) => new Promise<PreparedAnswer>((resolve) => resolve(prepareAnswer(answer))),
  close: () => Promise.resolve(),
};

/**
 * Threads for the pool when nothing is configured: one per spare core, at least one, at most four (a
 * long answer takes tens of milliseconds; four threads clear well over a hundred per second).
 */
export function defaultAnalysisThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * Creates the analyser: inline up to `offloadAboveChars`, on worker threads above it. A short answer is
 * prepared here (the text the model sees) and its screen, on a machine with more than one core and once a
 * thread is loaded (`prestart`, or the first long answer), runs on the thread: a lone grade's at once if
 * the thread is idle (stop 35, concurrency 1: 0.84–0.91 of the bare chain against 0.73–0.80 inline), the
 * others' queued for it (stop 36, bench/service-overhead.ts on two cores, quiet, alternating runs: 0.92–0.97
 * at concurrency 16 against 0.81–0.85 inline, 0.90 against 0.83 at 4; with a busy loop on one core 0.80
 * against 0.77). At 16 in flight this thread was the bottleneck at 100% with the machine a third idle; the
 * hop costs it less than the screen it moves. (Stop 33 measured the opposite on a busy machine, 0.50–0.63,
 * which a busy loop on one core did not reproduce this stop.) When the thread is not loaded, its
 * queue is full, or it fails, the screen runs here. A screen that runs over the thread's time limit gives
 * the finding `screen_timeout` (the grade goes to a person), for short and long answers. `analyse` rejects
 * with AppError `server_busy` when the pool's queue is full, and `internal_error` when the analyser is
 * closed (long answers only: short ones are still analysed inline) or a worker died twice on the answer.
 */
export function createAnswerAnalyser(options: AnswerAnalyserOptions): PooledAnswerAnalyser {
  if (options.threads < 1)
    return { ...inlineAnswerAnalyser, liveWorkers: 0, prestart: () => Promise.resolve() };
  const threads = Math.floor(options.threads);
  const pool = createWorkerPool<string, AnswerAnalysis>({
    workerUrl: options.workerUrl ?? defaultWorkerUrl(),
    threads,
    maxQueued: options.maxQueued ?? threads * 32,
    taskTimeoutMs: options.taskTimeoutMs ?? 10_000,
    ...(options.startupTimeoutMs !== undefined ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
    maxHeapMb: 256,
  });
  /**
   * The pool's analysis when the answer goes to a thread; undefined when it is analysed inline. A screen
   * that ran over its time limit sends the answer to a person, as for a short answer (prepareShort), instead
   * of failing its grade: the text the model sees is made here (about 2.5 ms at 20,000 characters, the worst
   * adversarial input), the screen is not run again.
   */
  const onThread = (answer: string): Promise<AnswerAnalysis> | undefined =>
    answer.length > options.offloadAboveChars
      ? pool.run(answer).catch((error: unknown) => {
          if (!isTaskTimeout(error)) throw error;
          const { text, evidenceText, removed } = prepareAnswer(answer);
          return { text, evidenceText, removed, findings: [screenTimedOut(answer)] };
        })
      : undefined;
  const useThread = options.screenShortAnswersOnThread ?? availableParallelism() > 1;
  /** Short answers prepared whose grade is not over yet (see PreparedAnswer.finished). */
  let gradesInProgress = 0;
  /**
   * A short answer's preparation: the text now; the screen on a loaded thread (see createAnswerAnalyser), or
   * on this thread when asked (while the model's request is out). With the instant fake of
   * bench/service-overhead.ts a lone grade's screen took longer than the provider's turnaround (cache
   * misses: the grade's own work evicts the screen's tables between answers), so inline it lengthened
   * every grade; on an idle core it is done before the reply comes.
   */
  const prepareShort = (answer: string): PreparedAnswer => {
    const prepared = prepareAnswer(answer);
    gradesInProgress++;
    let over = false;
    const finished = () => {
      if (!over) gradesInProgress--;
      over = true;
    };
    // A lone grade waits for nobody: the thread only if it is free now. With other grades in progress this
    // thread has their work to do meanwhile, and the answer waits its turn on the analysis thread.
    const onAnalysisThread = !useThread
      ? undefined
      : gradesInProgress === 1
        ? pool.runIfIdle(answer)
        : pool.runIfLoaded(answer);
    // A thread that fails (killed, the pool closed) costs the grade nothing: screened here. A screen that ran
    // out of time is not run again here, where it would hold the event loop as long (a pattern that backtracks
    // on some input: a line of 100 dashes once took 54 s); the answer goes to a person instead.
    const fromThread = onAnalysisThread?.then(
      (analysis) => analysis.findings,
      (error: unknown) => (isTaskTimeout(error) ? [screenTimedOut(answer)] : prepared.findings()),
    );
    return {
      text: prepared.text,
      evidenceText: prepared.evidenceText,
      removed: prepared.removed,
      get screenPending() {
        return fromThread === undefined && prepared.screenPending;
      },
      findings: () => fromThread ?? prepared.findings(),
      finished,
    };
  };
  return {
    analyse: (answer) => onThread(answer) ?? inlineAnswerAnalyser.analyse(answer),
    prepare: (answer) =>
      onThread(answer)?.then(alreadyScreened) ??
      new Promise<PreparedAnswer>((resolve) => resolve(prepareShort(answer))),
    close: () => pool.close(),
    prestart: () => pool.prestart(),
    get liveWorkers() {
      return pool.liveWorkers;
    },
  };
}

/** The finding of a short answer whose screen ran over the analysis thread's time limit. */
function screenTimedOut(answer: string): InjectionFinding {
  return {
    technique: "screen_timeout",
    reason: "The screen could not finish reading this answer in time; a person should read it.",
    excerpt: answer.slice(0, MAX_EXCERPT_LENGTH),
  };
}

/** analysis-worker with this module's own extension: `.ts` when run from sources, `.js` from dist/. */
function defaultWorkerUrl(): URL {
  const extension = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  return new URL(`./analysis-worker${extension}`, import.meta.url);
}
