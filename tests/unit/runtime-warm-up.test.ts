import { describe, expect, it } from "vitest";
import { DEFAULT_OFFLOAD_ABOVE_CHARS, inlineAnswerAnalyser } from "../../src/analysis/index.js";
import type { PooledAnswerAnalyser } from "../../src/analysis/answer-analyser.js";
import { compileAllClasses } from "../../src/grading/integrity/index.js";
import type { AnswerAnalyser } from "../../src/grading/ports.js";
import { createRuntime } from "../../src/runtime.js";
import { testConfig } from "../helpers/test-app.js";

/**
 * The first grade of a process used to pay for compiling the screen's patterns (hundreds of
 * milliseconds); main.ts and worker.ts now call `warmUp()` before they take work.
 */
describe("Runtime.warmUp", () => {
  it("screens ordinary answers in several scripts, inline, before any request", async () => {
    const analysed: string[] = [];
    const analyser: AnswerAnalyser = {
      analyse(answer) {
        analysed.push(answer);
        return inlineAnswerAnalyser.analyse(answer);
      },
      close: () => Promise.resolve(),
    };
    const runtime = await createRuntime(testConfig(), { analyser });
    try {
      expect(analysed).toHaveLength(0);
      await runtime.warmUp();
      // Every word class of the screen is compiled: no student's request pays for it.
      expect(compileAllClasses()).toBe(0);
      const all = analysed.join(" ");
      expect(all).toMatch(/\p{Script=Latin}/u);
      expect(all).toMatch(/\p{Script=Arabic}/u);
      expect(all).toMatch(/\p{Script=Han}/u);
      expect(all).toMatch(/\p{Script=Cyrillic}/u);
      // Short enough to be analysed on the main thread, where interactive grades are screened.
      for (const text of analysed) expect(text.length).toBeLessThanOrEqual(DEFAULT_OFFLOAD_ABOVE_CHARS);
      // Ordinary text: nothing in it looks like an attack.
      for (const text of analysed) {
        expect((await inlineAnswerAnalyser.analyse(text)).findings).toEqual([]);
      }
    } finally {
      await runtime.close();
    }
  });

  it("starts an analysis thread in the background only once the event loop is quiet", async () => {
    const runtime = await createRuntime(testConfig());
    const pool = runtime.analyser as PooledAnswerAnalyser;
    let spinning = true;
    // Requests pouring in: the loop is busy (8 ms spins back to back) for the first second.
    const spin = () => {
      if (!spinning) return;
      const end = performance.now() + 8;
      while (performance.now() < end) {
        // busy
      }
      setImmediate(spin);
    };
    try {
      setImmediate(spin);
      await runtime.warmUp();
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(pool.liveWorkers).toBe(0);
      spinning = false;
      for (let waited = 0; pool.liveWorkers === 0 && waited < 10_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(pool.liveWorkers).toBe(1);
    } finally {
      spinning = false;
      await runtime.close();
    }
  });
});
