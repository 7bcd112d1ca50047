import { describe, expect, it } from "vitest";
import { createLimiter, createPriorityLimiter } from "../../../src/lib/concurrency.js";

/** A task that runs until the test ends it, recording when it started. */
function controlledTask(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      started.push(name);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

const turns = async () => {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
};

describe("createPriorityLimiter", () => {
  it("gives a freed slot to a waiting interactive task before batch tasks that waited longer", async () => {
    const limit = createPriorityLimiter(1, ["interactive", "batch"]);
    const started: string[] = [];
    const first = controlledTask(started, "batch-1");
    const second = controlledTask(started, "batch-2");
    const third = controlledTask(started, "batch-3");
    const person = controlledTask(started, "interactive");
    const results = [
      limit("batch", first.run),
      limit("batch", second.run),
      limit("batch", third.run),
      limit("interactive", person.run),
    ];
    await turns();
    expect(started).toEqual(["batch-1"]);
    first.finish();
    await turns();
    expect(started).toEqual(["batch-1", "interactive"]);
    person.finish();
    await turns();
    expect(started).toEqual(["batch-1", "interactive", "batch-2"]);
    second.finish();
    third.finish();
    expect(await Promise.all(results)).toEqual(["batch-1", "batch-2", "batch-3", "interactive"]);
  });

  it("never runs more than the limit, even when a task arrives as a slot is handed on", async () => {
    const limit = createPriorityLimiter(2, ["interactive", "batch"]);
    let running = 0;
    let most = 0;
    const task = async () => {
      running++;
      most = Math.max(most, running);
      await turns();
      running--;
    };
    const all: Promise<void>[] = [];
    for (let index = 0; index < 20; index++) {
      all.push(limit(index % 3 === 0 ? "interactive" : "batch", task));
      // Arrivals while earlier tasks finish and hand their slots on.
      if (index % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(all);
    expect(most).toBe(2);
  });

  it("rejects a waiting task with its signal's reason when the signal aborts, and never runs it", async () => {
    const limit = createPriorityLimiter(1, ["interactive", "batch"]);
    const started: string[] = [];
    const holder = controlledTask(started, "holder");
    const holding = limit("interactive", holder.run);
    const controller = new AbortController();
    const waiting = limit("batch", () => Promise.resolve("never"), controller.signal);
    const next = controlledTask(started, "next");
    const nextResult = limit("batch", next.run);
    controller.abort(new Error("grade cancelled"));
    await expect(waiting).rejects.toThrow("grade cancelled");
    holder.finish();
    await turns();
    // The aborted task left the line: the slot went to the one behind it.
    expect(started).toEqual(["holder", "next"]);
    next.finish();
    await Promise.all([holding, nextResult]);
  });
});

describe("createLimiter", () => {
  it("still runs tasks first come, first served within its limit", async () => {
    const limit = createLimiter(1);
    const started: string[] = [];
    const first = controlledTask(started, "a");
    const second = controlledTask(started, "b");
    const results = [limit(first.run), limit(second.run)];
    await turns();
    expect(started).toEqual(["a"]);
    first.finish();
    second.finish();
    expect(await Promise.all(results)).toEqual(["a", "b"]);
  });
});
