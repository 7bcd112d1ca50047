/**
 * What analyseAnswer (strip, fold once, screen) costs per answer, against the targets for the screen.
 *
 *   npx tsx bench/screen-speed.ts
 *
 * 1. Real answers: every answer of the data set (/work/shared/data or GRADER_REAL_DATA_DIR; else the
 *    committed 3,000-answer sample), timed one by one over three passes after a warm-up pass; the figure per
 *    answer is the fastest of its three, so that a garbage collection or a scheduler pause in one pass does
 *    not count as the screen's cost. Printed: median, p90, p99 and mean, overall and by length.
 * 2. Long texts of 500, 1,000, 5,000 and 20,000 characters: ordinary text (real answers joined) and every
 *    adversarial input of tests/helpers/long-answers.ts (the worst is printed), median of several runs.
 *
 * Targets: 50 µs for a typical answer of 50–150 characters, 300 µs at 1,000 characters, and linear beyond
 * (0.3 µs per character). Figures are printed with their ratio to the target (below 1 meets it). They vary
 * with the machine and its load: compare ratios, and run twice before believing a change.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { analyseAnswer } from "../src/grading/integrity/index.js";
import { loadBenignSample, readJsonLines, REAL_DATA_DIRECTORY } from "../tests/helpers/injection-corpus.js";
import { adversarialAnswers, ordinaryAnswer } from "../tests/helpers/long-answers.js";

const TYPICAL_TARGET_US = 50;
const PER_CHARACTER_TARGET_US = 0.3;
const PASSES = 3;
const LONG_LENGTHS = [500, 1_000, 5_000, 20_000];

function realAnswers(): { source: string; answers: string[] } {
  if (existsSync(REAL_DATA_DIRECTORY)) {
    const files = readdirSync(REAL_DATA_DIRECTORY).filter((file) => file.endsWith(".jsonl"));
    if (files.length > 0) {
      const answers = files.flatMap((file) =>
        readJsonLines<{ answer: string }>(join(REAL_DATA_DIRECTORY, file)).map((record) => record.answer),
      );
      return { source: REAL_DATA_DIRECTORY, answers };
    }
  }
  return { source: "committed sample", answers: loadBenignSample().map((answer) => answer.answer) };
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const us = (value: number) => `${value.toFixed(1).padStart(8)} µs`;
const against = (value: number, target: number) => `${(value / target).toFixed(2)}× target`;

function timeOnce(answer: string): number {
  const started = performance.now();
  analyseAnswer(answer);
  return (performance.now() - started) * 1000;
}

function benchReal(): void {
  const { source, answers } = realAnswers();
  for (const answer of answers) analyseAnswer(answer); // warm-up: compile every regex and code path
  const best = answers.map(() => Number.POSITIVE_INFINITY);
  for (let pass = 0; pass < PASSES; pass++) {
    for (let index = 0; index < answers.length; index++) {
      best[index] = Math.min(best[index]!, timeOnce(answers[index]!));
    }
  }
  const lengths = answers.map((answer) => answer.length);
  console.log(`Real answers (${answers.length}, ${source}): µs per answer, fastest of ${PASSES} passes`);
  const buckets: [string, number, number][] = [
    ["all", 0, Number.POSITIVE_INFINITY],
    ["< 50 chars", 0, 50],
    ["50–150 chars", 50, 151],
    ["151–500 chars", 151, 501],
    ["501–1,000 chars", 501, 1001],
    ["> 1,000 chars", 1001, Number.POSITIVE_INFINITY],
  ];
  for (const [name, from, to] of buckets) {
    const times = best
      .filter((_, index) => lengths[index]! >= from && lengths[index]! < to)
      .sort((a, b) => a - b);
    if (times.length === 0) continue;
    const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
    const median = quantile(times, 0.5);
    const target =
      name === "50–150 chars" || name === "all" || name === "< 50 chars"
        ? `   median ${against(median, TYPICAL_TARGET_US)}`
        : "";
    console.log(
      `  ${name.padEnd(16)} n=${String(times.length).padStart(6)}  median ${us(median)}  p90 ${us(quantile(times, 0.9))}  p99 ${us(quantile(times, 0.99))}  mean ${us(mean)}${target}`,
    );
  }
}

function medianOf(answer: string, runs: number): number {
  const times = Array.from({ length: runs }, () => timeOnce(answer)).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

function benchLong(): void {
  console.log("\nLong texts: µs per answer (median of runs), against 0.3 µs per character");
  for (const warmUp of Object.values(adversarialAnswers(2_000))) analyseAnswer(warmUp);
  for (const length of LONG_LENGTHS) {
    const runs = length >= 20_000 ? 5 : 11;
    const target = PER_CHARACTER_TARGET_US * length;
    const ordinary = medianOf(ordinaryAnswer(length), runs);
    let worst = 0;
    let worstName = "";
    for (const [name, answer] of Object.entries(adversarialAnswers(length))) {
      const time = medianOf(answer, runs);
      if (time > worst) [worst, worstName] = [time, name];
    }
    console.log(
      `  ${String(length).padStart(6)} chars  target ${us(target)}  ordinary ${us(ordinary)} (${against(ordinary, target)})  worst adversarial ${us(worst)} (${against(worst, target)}) [${worstName}]`,
    );
  }
}

benchReal();
benchLong();
