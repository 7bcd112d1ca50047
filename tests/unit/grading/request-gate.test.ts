import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CallPriority } from "../../../src/grading/ports.js";
import { createRequestGate, requestGateTimings } from "../../../src/grading/request-gate.js";
import { openStorage, type Storage } from "../../../src/storage/database.js";
import { createManualClock, type ManualClock } from "../../helpers/manual-clock.js";

/**
 * The shared request gate on a real (in-memory SQLite) store with a manual clock: when each request is
 * admitted, in the clock's time, with no real waiting.
 */

let storage: Storage;
let clock: ManualClock;
beforeEach(async () => {
  storage = await openStorage({ kind: "sqlite", path: ":memory:" });
  clock = createManualClock();
});
afterEach(() => storage.close());

/** 60 a minute: one request a second, and an interactive tolerance of two seconds. */
const gateAt60 = () =>
  createRequestGate({ store: storage.requestGates, clock, name: "openai:test", requestsPerMinute: 60 });

/** Starts an acquire and records the clock's time (relative to the start) when it is admitted. */
function admit(
  gate: ReturnType<typeof gateAt60>,
  priority: CallPriority,
  admitted: { who: string; at: number }[],
  who: string,
  startMs: number,
) {
  return gate.acquire(priority).then(() => {
    admitted.push({ who, at: clock.nowMs - startMs });
  });
}

async function runUntilIdle(): Promise<void> {
  while (await clock.advanceToNextSleep());
}

describe("requestGateTimings", () => {
  it("spaces requests by 60000 / rpm ms and lets interactive ones go max(1, round(rpm / 30)) intervals ahead", () => {
    expect(requestGateTimings(60)).toEqual({ intervalMs: 1_000, interactiveToleranceMs: 2_000 });
    expect(requestGateTimings(10)).toEqual({ intervalMs: 6_000, interactiveToleranceMs: 6_000 });
    expect(requestGateTimings(3_000)).toEqual({ intervalMs: 20, interactiveToleranceMs: 2_000 });
    // Rounded up: never faster than the rate.
    expect(requestGateTimings(7).intervalMs).toBe(8_572);
    expect(() => requestGateTimings(0)).toThrow(RangeError);
  });
});

describe("createRequestGate", () => {
  it("spaces batch requests by the interval: five at 60 a minute take four seconds, never a burst", async () => {
    const gate = gateAt60();
    const start = clock.nowMs;
    const admitted: { who: string; at: number }[] = [];
    const all = [1, 2, 3, 4, 5].map((index) => admit(gate, "batch", admitted, `batch-${index}`, start));
    await runUntilIdle();
    await Promise.all(all);
    expect(admitted.map((entry) => entry.at)).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
    expect(admitted.map((entry) => entry.who)).toEqual([
      "batch-1",
      "batch-2",
      "batch-3",
      "batch-4",
      "batch-5",
    ]);
  });

  it("admits an interactive request at once, ahead of batch requests already waiting", async () => {
    const gate = gateAt60();
    const start = clock.nowMs;
    const admitted: { who: string; at: number }[] = [];
    const batch = [1, 2, 3, 4].map((index) => admit(gate, "batch", admitted, `batch-${index}`, start));
    await clock.settle();
    expect(admitted.map((entry) => entry.who)).toEqual(["batch-1"]);
    // A person asks while three batch requests wait for the rate.
    const person = admit(gate, "interactive", admitted, "person", start);
    await clock.settle();
    expect(admitted).toEqual([
      { who: "batch-1", at: 0 },
      { who: "person", at: 0 },
    ]);
    await runUntilIdle();
    await Promise.all([...batch, person]);
    // The next batch request had reserved the next slot (1 s) before the person asked; the person's
    // request took the one after it, and the rest of the batch goes on one interval later.
    expect(admitted.slice(2)).toEqual([
      { who: "batch-2", at: 1_000 },
      { who: "batch-3", at: 3_000 },
      { who: "batch-4", at: 4_000 },
    ]);
  });

  it("lets interactive requests burst only within their tolerance, then spaces them too", async () => {
    const gate = gateAt60();
    const start = clock.nowMs;
    const admitted: { who: string; at: number }[] = [];
    const all = [1, 2, 3, 4, 5].map((index) => admit(gate, "interactive", admitted, `p${index}`, start));
    await runUntilIdle();
    await Promise.all(all);
    // Three at once (now, and up to two seconds ahead of the rate), then one a second.
    expect(admitted.map((entry) => entry.at)).toEqual([0, 0, 0, 1_000, 2_000]);
  });

  it("holds every process's gate after a 429: nobody, not even an interactive request, goes before the time", async () => {
    // Two gates on one store: two processes sharing the database.
    const here = gateAt60();
    const elsewhere = gateAt60();
    const start = clock.nowMs;
    await here.holdUntil(new Date(start + 5_000));
    const admitted: { who: string; at: number }[] = [];
    const person = admit(elsewhere, "interactive", admitted, "person", start);
    const batch = admit(elsewhere, "batch", admitted, "batch", start);
    await runUntilIdle();
    await Promise.all([person, batch]);
    expect(admitted).toEqual([
      { who: "person", at: 5_000 },
      // The batch waits until the interactive allowance is back (7 s), and one interval more for the
      // slot the person took.
      { who: "batch", at: 8_000 },
    ]);
  });

  it("rejects a waiting acquire with the signal's reason when it aborts", async () => {
    const gate = gateAt60();
    await gate.acquire("batch");
    const controller = new AbortController();
    const waiting = gate.acquire("batch", controller.signal);
    await clock.settle();
    controller.abort(new Error("grade cancelled"));
    await expect(waiting).rejects.toThrow("grade cancelled");
  });
});

describe("a tokens-per-minute limit (GRADER_TOKENS_PER_MINUTE)", () => {
  it("spaces batch requests by their tokens: 30,000 a minute and 1,000 tokens each is one every 2 s", async () => {
    const gate = createRequestGate({
      store: storage.requestGates,
      clock,
      name: "openai:tokens",
      requestsPerMinute: null,
      tokensPerMinute: 30_000,
    });
    const start = clock.nowMs;
    const admitted: number[] = [];
    const all = [1_000, 1_000, 4_000, 1_000].map((tokens) =>
      gate.acquire("batch", undefined, tokens).then(() => admitted.push(clock.nowMs - start)),
    );
    await runUntilIdle();
    await Promise.all(all);
    // The third request costs 8 s of the rate: the fourth waits for it.
    expect(admitted).toEqual([0, 2_000, 4_000, 12_000]);
  });

  it("applies both limits when both are set, and a 429 holds the token rate too", async () => {
    const gate = createRequestGate({
      store: storage.requestGates,
      clock,
      name: "openai:both",
      requestsPerMinute: 60,
      tokensPerMinute: 6_000_000,
    });
    const start = clock.nowMs;
    await gate.holdUntil(new Date(start + 10_000));
    const admitted: number[] = [];
    const all = [1, 2].map(() =>
      gate.acquire("batch", undefined, 100).then(() => admitted.push(clock.nowMs - start)),
    );
    await runUntilIdle();
    await Promise.all(all);
    // Requests: one a second, after the hold and its interactive tolerance (2 s).
    expect(admitted).toEqual([12_000, 13_000]);
  });
});
