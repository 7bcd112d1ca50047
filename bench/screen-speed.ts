/**
 * What analyseAnswer (strip, fold once, screen) costs per answer, as ratios to baselines timed in the same
 * run (wall-clock figures alone vary with the machine and its load; ratios taken side by side do not).
 *
 *   npx tsx bench/screen-speed.ts
 *   git worktree add /tmp/screen-base 06704a8 && ln -s "$PWD/node_modules" /tmp/screen-base/node_modules
 *   npx tsx bench/screen-speed.ts --baseline /tmp/screen-base
 *
 * Baselines, timed interleaved with the screen, answer by answer:
 *  - a bare regex pass: the answer lower-cased and scanned once for its words (always);
 *  - with --baseline DIR, the analyseAnswer of another checkout (the screen before a change): the ratio
 *    "now / before" is the speed-up of the change.
 *
 * 1. Real answers: every answer of the data set (/work/shared/data or GRADER_REAL_DATA_DIR; else the
 *    committed 3,000-answer sample), timed one by one over three passes after a warm-up pass; the figure per
 *    answer is the fastest of its three, so that a garbage collection or a scheduler pause in one pass does
 *    not count as the screen's cost. Printed: median, p90, p99 and mean, overall and by length.
 * 2. Texts of 200, 1,000, 5,000 and 20,000 characters: ordinary text (real answers joined) and every
 *    adversarial input of tests/helpers/long-answers.ts (the worst is printed), median of several runs.
 * 3. Short answers as the analysis thread meets them: between two grades its caches hold other work, and
 *    there the screen of a short answer took about three times its time in a loop (stop 42, a CPU profile
 *    of the thread). 1,000 real answers under 400 characters, each timed after 32 MB of other memory has
 *    been read; and the memory each answer's screen allocates (V8's sampling heap profiler), which the
 *    collector then clears on the other core.
 *
 * Check the comparison before believing it: the checkout given as its own baseline (a second worktree of
 * the same commit) should print "now/before" close to 1.00.
 *
 * Targets: 50 µs for a typical answer of 50–150 characters, 300 µs at 1,000 characters, and linear beyond
 * (0.3 µs per character), also printed as ratios (below 1 meets it). Run twice before believing a change.
 */
import { existsSync, readdirSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { analyseAnswer } from "../src/grading/integrity/index.js";
import { loadBenignSample, readJsonLines, REAL_DATA_DIRECTORY } from "../tests/helpers/injection-corpus.js";
import { adversarialAnswers, ordinaryAnswer } from "../tests/helpers/long-answers.js";

const TYPICAL_TARGET_US = 50;
const PER_CHARACTER_TARGET_US = 0.3;
const PASSES = 3;
const LENGTHS = [200, 1_000, 5_000, 20_000];

type Analyse = (answer: string) => unknown;

/** The baseline checkout given with --baseline DIR, if any. */
async function baselineScreen(args: readonly string[]): Promise<Analyse | null> {
  const at = args.indexOf("--baseline");
  if (at < 0) return null;
  const directory = args[at + 1];
  if (!directory) throw new Error("usage: tsx bench/screen-speed.ts [--baseline DIR]");
  const module = (await import(pathToFileURL(resolve(directory, "src/grading/integrity/index.ts")).href)) as {
    analyseAnswer: Analyse;
  };
  return module.analyseAnswer;
}

const WORD = /\p{L}+/gu;

/** The bare regex pass: lower-case the answer and scan it once for its words. */
function barePass(answer: string): number {
  let words = 0;
  for (const _ of answer.toLowerCase().matchAll(WORD)) words++;
  return words;
}

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

function timeOnce(answer: string, screen: Analyse = analyseAnswer): number {
  const started = performance.now();
  screen(answer);
  return (performance.now() - started) * 1000;
}

/**
 * The order in which `count` contenders take their turn at step `step`: each goes first as often as the
 * others. Fairness matters more than it seems: this checkout given as its own baseline came out at
 * "now/before" 0.58–0.80 in all three parts (stop 45) when the contenders were warmed up one after the
 * other (all answers through the first, then all through the next), whatever their order in the timed
 * passes; warmed up answer by answer, the same comparison gives 1.00. A change measured before that fix
 * was credited with a speed-up of 20–40 % that was not there.
 */
function inTurn(count: number, step: number): number[] {
  return Array.from({ length: count }, (_, offset) => (step + offset) % count);
}

/** The screens timed side by side: this checkout, the bare pass, and the baseline checkout if given. */
interface Contender {
  name: string;
  screen: Analyse;
}

const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`.padStart(7);

function benchReal(contenders: readonly Contender[]): void {
  const { source, answers } = realAnswers();
  // Warmed up answer by answer, in turn: warmed one after the other, the first was measured faster (below).
  for (const answer of answers) for (const { screen } of contenders) screen(answer);
  const best = contenders.map(() => answers.map(() => Number.POSITIVE_INFINITY));
  for (let pass = 0; pass < PASSES; pass++) {
    for (let index = 0; index < answers.length; index++) {
      for (const which of inTurn(contenders.length, index + pass)) {
        best[which]![index] = Math.min(
          best[which]![index]!,
          timeOnce(answers[index]!, contenders[which]!.screen),
        );
      }
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
    const inBucket = (_: number, index: number) => lengths[index]! >= from && lengths[index]! < to;
    const figures = best.map((times) => {
      const sorted = times.filter(inBucket).sort((a, b) => a - b);
      const mean = sorted.reduce((sum, time) => sum + time, 0) / sorted.length;
      return { sorted, median: quantile(sorted, 0.5), mean };
    });
    const [screen, bare] = figures;
    if (!screen || !bare || screen.sorted.length === 0) continue;
    const target =
      name === "50–150 chars" || name === "all" || name === "< 50 chars"
        ? `  median ${against(screen.median, TYPICAL_TARGET_US)}`
        : "";
    console.log(
      `  ${name.padEnd(16)} n=${String(screen.sorted.length).padStart(6)}  median ${us(screen.median)}  p90 ${us(quantile(screen.sorted, 0.9))}  p99 ${us(quantile(screen.sorted, 0.99))}  mean ${us(screen.mean)}${target}`,
    );
    for (const [which, contender] of contenders.entries()) {
      if (which === 0) continue;
      const other = figures[which]!;
      console.log(
        `  ${"".padEnd(16)} ${contender.name.padEnd(8)}  median ${us(other.median)}  now/${contender.name}: median ${ratio(screen.median, other.median)}  mean ${ratio(screen.mean, other.mean)}`,
      );
    }
  }
}

/**
 * Per contender, the median time of `answer` over `runs` runs, the contenders taking turns run by run (a
 * load on the machine then weighs on all of them alike).
 */
function mediansOf(answer: string, runs: number, contenders: readonly Contender[]): number[] {
  for (const { screen } of contenders) screen(answer); // the first run of a long text compiles its paths
  const times = contenders.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    for (const which of inTurn(contenders.length, run)) {
      times[which]!.push(timeOnce(answer, contenders[which]!.screen));
    }
  }
  return times.map((each) => each.sort((a, b) => a - b)[Math.floor(runs / 2)]!);
}

function benchLong(contenders: readonly Contender[]): void {
  console.log("\nTexts by length: µs per answer (median of runs), against 0.3 µs per character");
  for (const warmUp of Object.values(adversarialAnswers(2_000))) {
    for (const { screen } of contenders) screen(warmUp);
  }
  for (const length of LENGTHS) {
    const runs = length >= 20_000 ? 5 : 11;
    const target = PER_CHARACTER_TARGET_US * length;
    const texts: [string, string][] = [
      ["ordinary", ordinaryAnswer(length)],
      ...Object.entries(adversarialAnswers(length)),
    ];
    // Per contender: the ordinary text, and the worst adversarial input (by this checkout's time).
    const byText = texts.map(([, answer]) => mediansOf(answer, runs, contenders));
    const times = contenders.map((_, which) => byText.map((medians) => medians[which]!));
    const now = times[0]!;
    let worst = 1;
    for (let index = 2; index < texts.length; index++) if (now[index]! > now[worst]!) worst = index;
    console.log(
      `  ${String(length).padStart(6)} chars  target ${us(target)}  ordinary ${us(now[0]!)} (${against(now[0]!, target)})  worst adversarial ${us(now[worst]!)} (${against(now[worst]!, target)}) [${texts[worst]![0]}]`,
    );
    for (const [which, contender] of contenders.entries()) {
      if (which === 0) continue;
      const other = times[which]!;
      let otherWorst = 1;
      for (let index = 2; index < texts.length; index++)
        if (other[index]! > other[otherWorst]!) otherWorst = index;
      const sum = (values: readonly number[]) => values.slice(1).reduce((total, value) => total + value, 0);
      console.log(
        `  ${"".padEnd(12)} ${contender.name.padEnd(8)}  ordinary ${us(other[0]!)}  now/${contender.name}: ordinary ${ratio(now[0]!, other[0]!)}  worst adversarial ${ratio(now[worst]!, other[otherWorst]!)}  all adversarial ${ratio(sum(now), sum(other))}`,
      );
    }
  }
}

/** Reads `megabytes` of memory, so that what the caches held is gone (as between two grades). */
function evictCaches(megabytes: number, memory: Float64Array): number {
  let sum = 0;
  const stride = 8; // one read per 64-byte line
  for (let index = 0; index < Math.min(memory.length, megabytes * 131_072); index += stride) {
    sum += memory[index]!;
  }
  return sum;
}

/** Bytes allocated per answer while `screen` runs over `answers` (V8's sampling heap profiler). */
async function allocatedPerAnswer(screen: Analyse, answers: readonly string[]): Promise<number> {
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.enable");
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 512,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  for (const answer of answers) screen(answer);
  const { profile } = await session.post("HeapProfiler.stopSampling");
  session.disconnect();
  type Node = { selfSize: number; children: Node[] };
  const total = (node: Node): number =>
    node.selfSize + node.children.reduce((sum, child) => sum + total(child), 0);
  return total(profile.head) / answers.length;
}

async function benchCold(contenders: readonly Contender[]): Promise<void> {
  const answers = realAnswers()
    .answers.filter((answer) => answer.length < 400)
    .slice(0, 1_000);
  const memory = new Float64Array(32 * 131_072).fill(1);
  const times = contenders.map(() => [] as number[]);
  for (const [index, answer] of answers.entries()) {
    for (const which of inTurn(contenders.length, index)) {
      evictCaches(32, memory);
      times[which]!.push(timeOnce(answer, contenders[which]!.screen));
    }
  }
  const figures = times.map((each) => {
    const sorted = [...each].sort((a, b) => a - b);
    return { median: quantile(sorted, 0.5), mean: each.reduce((sum, time) => sum + time, 0) / each.length };
  });
  console.log(
    `\nShort answers after 32 MB of other memory (${answers.length} real answers under 400 characters)`,
  );
  const allocated: number[] = [];
  for (const { screen } of contenders) allocated.push(await allocatedPerAnswer(screen, answers));
  for (const [which, contender] of contenders.entries()) {
    if (contender.name === "bare" && which !== 0) continue;
    const { median, mean } = figures[which]!;
    const kb = (allocated[which]! / 1024).toFixed(1);
    const versus =
      which === 0
        ? ""
        : `  now/${contender.name}: median ${ratio(figures[0]!.median, median)}  mean ${ratio(figures[0]!.mean, mean)}  allocated ${ratio(allocated[0]!, allocated[which]!)}`;
    console.log(
      `  ${contender.name.padEnd(8)} median ${us(median)}  mean ${us(mean)}  allocated ${kb.padStart(6)} KB per answer${versus}`,
    );
  }
}

const baseline = await baselineScreen(process.argv.slice(2));
const contenders: Contender[] = [
  { name: "now", screen: analyseAnswer },
  { name: "bare", screen: barePass },
  ...(baseline ? [{ name: "before", screen: baseline }] : []),
];
benchReal(contenders);
benchLong(contenders);
await benchCold(contenders);
