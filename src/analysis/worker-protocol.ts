/**
 * The messages between a worker pool (worker-pool.ts) and its workers, and the worker-side loop. One task
 * at a time per worker: the pool sends a task only to an idle worker, so ids only guard against a reply
 * that arrives after its task was given up (timed out).
 */
import { parentPort } from "node:worker_threads";

export interface TaskMessage<Input> {
  id: number;
  input: Input;
}

export type ReplyMessage<Output> =
  { id: number; ok: true; output: Output } | { id: number; ok: false; error: string };

/**
 * Sent once by a worker when its modules are loaded and it serves tasks: a task's time limit counts
 * from then, not from the thread's start (loading takes seconds on a busy machine, and under tsx).
 */
export interface ReadyMessage {
  ready: true;
}

export type WorkerMessage<Output> = ReplyMessage<Output> | ReadyMessage;

/**
 * Serves tasks on this worker thread: every message is a TaskMessage, answered with `handle(input)`.
 * A handler that throws is answered with `ok: false` and the error's message (the worker stays up).
 * Throws when called outside a worker thread (there is no parent port), because that is a wiring bug.
 */
export function serveTasks<Input, Output>(handle: (input: Input) => Output): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks must run on a worker thread");
  port.on("message", (task: TaskMessage<Input>) => {
    let reply: ReplyMessage<Output>;
    try {
      reply = { id: task.id, ok: true, output: handle(task.input) };
    } catch (error) {
      reply = { id: task.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
  const ready: ReadyMessage = { ready: true };
  port.postMessage(ready);
}
