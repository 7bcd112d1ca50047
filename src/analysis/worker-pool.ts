/**
 * A small pool of worker threads that run one CPU-bound function, one task per worker at a time.
 *
 * - Workers start lazily, on the first task that needs one, so an app that never sees a long answer (most
 *   tests, a quiet server) starts no threads.
 * - The queue is bounded: when every worker is busy and `maxQueued` tasks wait, `run` rejects with
 *   `server_busy` (503, Retry-After) instead of letting memory and latency grow without limit.
 * - A worker that dies (crash, out of memory, killed) is replaced by the next task that needs it; the task
 *   it was running is retried once on a fresh worker, then rejected (a task that kills two workers would
 *   kill every worker).
 * - A task that runs longer than `taskTimeoutMs` is rejected and its worker terminated and replaced. The
 *   time counts from when the worker is ready (its modules loaded); a worker that is not ready within
 *   `startupTimeoutMs` is given up the same way.
 * - Idle workers are unref'd, so they never keep a process alive; a worker with a task is ref'd, so a
 *   script that awaits the result does not exit early.
 */
import { Worker } from "node:worker_threads";
import { AppError } from "../grading/errors.js";
import type { ReplyMessage, TaskMessage, WorkerMessage } from "./worker-protocol.js";

/** The cause of a task's rejection when it ran over its time limit and its worker was replaced. */
export class TaskTimeoutError extends Error {
  override readonly name = "TaskTimeoutError";
}

/** Whether a task was refused because it ran over its time limit (not because its worker died or the pool closed). */
export function isTaskTimeout(error: unknown): boolean {
  return error instanceof Error && error.cause instanceof TaskTimeoutError;
}

export interface WorkerPoolOptions {
  /** The worker module, which calls serveTasks. A `.ts` URL is loaded through tsx (sources, tests). */
  workerUrl: URL;
  /** Worker threads at most; at least 1. */
  threads: number;
  /** Tasks that may wait for a free worker; one more is refused with `server_busy`. */
  maxQueued: number;
  /** A task running longer than this (from when its worker is ready) is refused and its worker replaced. */
  taskTimeoutMs: number;
  /** A worker that has not loaded its modules within this is given up; default 60 s. */
  startupTimeoutMs?: number;
  /** Heap limit per worker thread in MiB: a runaway task kills its worker, not the server. */
  maxHeapMb: number;
}

export interface WorkerPool<Input, Output> {
  /**
   * Runs one task on a worker. Rejects with AppError `server_busy` when the queue is full, and
   * `internal_error` when the pool is closed, the task timed out, its handler threw, or it was lost with
   * two workers.
   */
  run(input: Input): Promise<Output>;
  /**
   * Runs the task at once on a worker that is loaded and idle, when one is; otherwise returns undefined
   * and starts nothing (the caller does the work itself). Same rejections as `run` once started.
   */
  runIfIdle(input: Input): Promise<Output> | undefined;
  /**
   * Queues the task when a worker is loaded and the queue has room; otherwise returns undefined and
   * starts nothing (the caller does the work itself). Same rejections as `run` once queued.
   */
  runIfLoaded(input: Input): Promise<Output> | undefined;
  /**
   * Starts one worker now, if none is running, and resolves when it is ready (or could not start: the
   * next task then starts another). For start-up, so that the first long answer does not wait for it.
   */
  prestart(): Promise<void>;
  /** Rejects waiting tasks and terminates every worker; safe to call twice. */
  close(): Promise<void>;
  /** Worker threads alive now (started and not yet exited). */
  readonly liveWorkers: number;
}

interface Task<Input, Output> {
  id: number;
  input: Input;
  resolve(output: Output): void;
  reject(error: AppError): void;
  /** Workers that died while running this task. */
  losses: number;
}

interface Slot<Input, Output> {
  worker: Worker | null;
  /** Whether `worker` has loaded its modules (sent its ReadyMessage). */
  ready: boolean;
  /** Resolved when `worker` is ready or gone. */
  started: Promise<void> | null;
  task: Task<Input, Output> | null;
  timer: NodeJS.Timeout | null;
}

/** A task is given up after the second worker that dies running it. */
const MAX_LOSSES = 2;
/**
 * A refused task's Retry-After is spread over 1 to 5 seconds: a burst refused at once and told the same
 * second came back at once and was refused again, together.
 */
const busyRetryAfterSeconds = () => 1 + Math.floor(Math.random() * 5);

/** Creates the pool; starts no thread yet. Throws RangeError for fewer than one thread. */
export function createWorkerPool<Input, Output>(options: WorkerPoolOptions): WorkerPool<Input, Output> {
  if (!(options.threads >= 1)) throw new RangeError("a worker pool needs at least one thread");
  const slots: Slot<Input, Output>[] = Array.from({ length: Math.floor(options.threads) }, () => ({
    worker: null,
    ready: false,
    started: null,
    task: null,
    timer: null,
  }));
  const startupTimeoutMs = options.startupTimeoutMs ?? 60_000;
  const queue: Task<Input, Output>[] = [];
  const live = new Set<Worker>();
  const lastErrors = new WeakMap<Worker, Error>();
  let nextId = 1;
  let closing: Promise<void> | null = null;

  function dispatch(): void {
    for (const slot of slots) {
      if (queue.length === 0 || closing) return;
      if (slot.task === null) assign(slot, queue.shift()!);
    }
  }

  function assign(slot: Slot<Input, Output>, task: Task<Input, Output>): void {
    const worker = slot.worker ?? startWorker(slot);
    slot.task = task;
    worker.ref();
    // A worker still loading gets its start-up time first; its ReadyMessage starts the task's own limit.
    slot.timer = setTimeout(
      () => timeOut(slot),
      slot.ready ? options.taskTimeoutMs : startupTimeoutMs + options.taskTimeoutMs,
    );
    const message: TaskMessage<Input> = { id: task.id, input: task.input };
    worker.postMessage(message);
  }

  function startWorker(slot: Slot<Input, Output>): Worker {
    const worker = spawnWorker(options.workerUrl, options.maxHeapMb);
    slot.worker = worker;
    slot.ready = false;
    let started!: () => void;
    slot.started = new Promise<void>((resolve) => (started = resolve));
    live.add(worker);
    worker.unref();
    worker.on("message", (message: WorkerMessage<Output>) => {
      if ("ready" in message) {
        if (slot.worker !== worker) return;
        slot.ready = true;
        started();
        if (slot.task && slot.timer) {
          clearTimeout(slot.timer);
          slot.timer = setTimeout(() => timeOut(slot), options.taskTimeoutMs);
        }
        return;
      }
      settle(slot, worker, message);
    });
    worker.once("exit", () => started());
    // An uncaught error in the worker is followed by its exit, which is where the task is dealt with.
    worker.on("error", (error) => lastErrors.set(worker, error));
    worker.on("exit", (code) => {
      live.delete(worker);
      lost(slot, worker, code);
    });
    return worker;
  }

  function finish(slot: Slot<Input, Output>): Task<Input, Output> | null {
    const task = slot.task;
    slot.task = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.worker?.unref();
    return task;
  }

  function settle(slot: Slot<Input, Output>, worker: Worker, reply: ReplyMessage<Output>): void {
    if (slot.worker !== worker || slot.task?.id !== reply.id) return; // a reply to a task given up
    const task = finish(slot)!;
    if (reply.ok) task.resolve(reply.output);
    else task.reject(new AppError("internal_error", { cause: new Error(reply.error) }));
    dispatch();
  }

  function lost(slot: Slot<Input, Output>, worker: Worker, code: number): void {
    if (slot.worker !== worker) return; // terminated on purpose (timeout, close)
    const task = finish(slot);
    slot.worker = null; // the next task that needs this slot starts a fresh worker
    if (task) {
      task.losses++;
      if (task.losses < MAX_LOSSES && !closing) {
        queue.unshift(task);
      } else {
        const cause = lastErrors.get(worker) ?? new Error(`worker exited with code ${code}`);
        task.reject(new AppError("internal_error", { cause }));
      }
    }
    dispatch();
  }

  /** Queues a task and hands it to a free worker if there is one. */
  function enqueue(input: Input): Promise<Output> {
    return new Promise<Output>((resolve, reject) => {
      queue.push({ id: nextId++, input, resolve, reject, losses: 0 });
      dispatch();
    });
  }

  function timeOut(slot: Slot<Input, Output>): void {
    const worker = slot.worker;
    // A worker that never got ready did not run the task: a start-up failure, not a task over its limit.
    const cause = slot.ready
      ? new TaskTimeoutError(`task took over ${options.taskTimeoutMs} ms`)
      : new Error(`worker not ready within ${startupTimeoutMs} ms`);
    const task = finish(slot);
    slot.worker = null;
    task?.reject(new AppError("internal_error", { cause }));
    if (worker) void worker.terminate();
    dispatch();
  }

  return {
    run(input) {
      if (closing) return Promise.reject(closedError());
      const idle = slots.some((slot) => slot.task === null);
      if (!idle && queue.length >= options.maxQueued) {
        return Promise.reject(new AppError("server_busy", { retryAfterSeconds: busyRetryAfterSeconds() }));
      }
      return enqueue(input);
    },

    runIfLoaded(input) {
      if (closing || queue.length >= options.maxQueued) return undefined;
      if (!slots.some((slot) => slot.ready && slot.worker)) return undefined;
      return enqueue(input);
    },

    runIfIdle(input) {
      if (closing || queue.length > 0) return undefined;
      const slot = slots.find((candidate) => candidate.task === null && candidate.ready && candidate.worker);
      if (!slot) return undefined;
      return new Promise<Output>((resolve, reject) => {
        assign(slot, { id: nextId++, input, resolve, reject, losses: 0 });
      });
    },

    prestart() {
      if (closing) return Promise.resolve();
      const slot = slots.find((candidate) => candidate.worker !== null) ?? slots[0]!;
      if (slot.worker === null) startWorker(slot);
      return slot.started ?? Promise.resolve();
    },

    close() {
      closing ??= (async () => {
        for (const task of queue.splice(0)) task.reject(closedError());
        for (const slot of slots) {
          finish(slot)?.reject(closedError());
          slot.worker = null;
        }
        await Promise.all([...live].map((worker) => worker.terminate()));
      })();
      return closing;
    },

    get liveWorkers() {
      return live.size;
    },
  };
}

function closedError(): AppError {
  return new AppError("internal_error", { cause: new Error("the worker pool is closed") });
}

/**
 * Starts a worker for a `.js` module (compiled dist/) or a `.ts` one (sources under tsx or vitest). A
 * worker cannot load TypeScript by itself, and on Node 20 `execArgv: ["--import", "tsx"]` does not reach
 * the worker's entry module (measured: ERR_UNKNOWN_FILE_EXTENSION), so a `.ts` worker starts from a tiny
 * script that registers tsx first and then imports the module. tsx is a devDependency: only sources need
 * it, and they are only run where it is installed.
 */
function spawnWorker(url: URL, maxHeapMb: number): Worker {
  const start = (execArgv: string[]) => {
    const options = { resourceLimits: { maxOldGenerationSizeMb: maxHeapMb }, execArgv };
    if (!url.pathname.endsWith(".ts")) return new Worker(url, options);
    const tsx = import.meta.resolve("tsx/esm/api");
    const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
    return new Worker(bootstrap, { ...options, eval: true });
  };
  const execArgv = workerExecArgv ?? inheritableExecArgv();
  try {
    const worker = start(execArgv);
    workerExecArgv = execArgv;
    return worker;
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw error;
    // Node refuses V8 and per-process flags in a worker's execArgv (`node --max-old-space-size=4096
    // dist/src/main.js` made every long answer fail with 500). They apply to the whole process, worker
    // threads included, so leaving them out loses nothing. The error names them; failing that, none.
    const refused = new Set(
      /flags: (.*)$/
        .exec((error as Error).message)?.[1]
        ?.split(", ")
        .map((flag) => flag.trim()) ?? [],
    );
    const kept = execArgv.filter((arg) => !refused.has(arg));
    try {
      workerExecArgv = kept;
      return start(kept);
    } catch (retryError) {
      if ((retryError as { code?: unknown }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw retryError;
      workerExecArgv = [];
      return start([]);
    }
  }
}

/** The execArgv that workers start with, once one has started (see spawnWorker). */
let workerExecArgv: string[] | undefined;

/**
 * The parent's Node options minus `--input-type`, which a worker inherits by default and which stops a
 * worker from loading a file (measured: a parent started with `node --input-type=module -e …` got
 * ERR_INPUT_TYPE_NOT_ALLOWED from every worker).
 */
function inheritableExecArgv(): string[] {
  const inherited: string[] = [];
  const parent = process.execArgv;
  for (let index = 0; index < parent.length; index++) {
    const arg = parent[index]!;
    if (arg === "--input-type") index++;
    else if (!arg.startsWith("--input-type=")) inherited.push(arg);
  }
  return inherited;
}
