import { inlineAnswerAnalyser } from "../../src/analysis/index.js";
import type { AnswerAnalyser, PreparedAnswer } from "../../src/grading/ports.js";

/** What a test changes in the inline analyser's prepared answers: its screen, and what happens when its grade ends. */
export type PreparedChanges = Partial<Pick<PreparedAnswer, "screenPending" | "findings" | "finished">>;

/**
 * The inline analyser (as in tests and tools) with each prepared answer changed by `change`: a test that
 * records when a screen runs or a grade ends, or makes the screen fail. Whatever it leaves out is the
 * inline analyser's own (`screenPending` read when it is asked, as the grade asks it).
 */
export function inlineAnalyserWith(change: (prepared: PreparedAnswer) => PreparedChanges): AnswerAnalyser {
  return {
    analyse: (text) => inlineAnswerAnalyser.analyse(text),
    prepare: async (text) => {
      const inline = await inlineAnswerAnalyser.prepare!(text);
      const changes = change(inline);
      return {
        text: inline.text,
        evidenceText: inline.evidenceText,
        removed: inline.removed,
        get screenPending() {
          return changes.screenPending ?? inline.screenPending;
        },
        findings: changes.findings ?? inline.findings,
        ...(changes.finished ? { finished: changes.finished } : {}),
      };
    },
    close: () => Promise.resolve(),
  };
}
