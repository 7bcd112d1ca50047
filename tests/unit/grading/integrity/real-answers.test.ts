import { describe, expect, it } from "vitest";
import { evaluateRealAnswers, loadRealAnswers, percent } from "../../../helpers/injection-corpus.js";

const FALSE_POSITIVE_TARGET = 0.005;

/**
 * False positives on real student answers: all ~21,000 answers of the data set when it is on the machine
 * (/work/shared/data, or GRADER_REAL_DATA_DIR), else the committed 3,000-answer sample
 * (tests/fixtures/injection/benign-sample.jsonl). Screening the full set takes about ten seconds.
 */
describe("screenAnswer: real student answers", () => {
  it(`flags at most ${FALSE_POSITIVE_TARGET * 100}% of real answers`, { timeout: 180_000 }, () => {
    const real = loadRealAnswers();
    const started = performance.now();
    const { rate, flagged } = evaluateRealAnswers(real.answers);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      [
        `false positives on the ${real.description}: ${rate.flagged}/${rate.total} (${percent(rate)}), ${seconds} s`,
        ...flagged.map(
          ({ answer, findings }) =>
            `  ${answer.id}: ${findings[0]!.technique} ${JSON.stringify(findings[0]!.excerpt)}`,
        ),
      ].join("\n"),
    );
    expect(rate.total).toBeGreaterThanOrEqual(real.source === "full" ? 20_000 : 3_000);
    expect(rate.flagged / rate.total).toBeLessThanOrEqual(FALSE_POSITIVE_TARGET);
  });
});
