import { beforeAll, describe, expect, it } from "vitest";
import { analyseAnswer, compileAllClasses, warmUpScreen } from "../../../../src/grading/integrity/index.js";
import * as lexicon from "../../../../src/grading/integrity/lexicon.js";
import { foldForScreening, lowerCaseSameLength } from "../../../../src/grading/integrity/matching-text.js";
import { PHRASE_RULES } from "../../../../src/grading/integrity/phrases/index.js";
import { screenPatternsSeen } from "../../../../src/grading/integrity/screen-text.js";

/**
 * A guard against catastrophic backtracking in ANY screen pattern, present or future, without knowing which
 * input hurts which pattern. A regex with nested or adjacent quantifiers over characters they share
 * (`[\p{L}'-]+[\s-]+` repeated: both take the hyphen) can be made to try a polynomial or exponential number
 * of ways to split one repeated run, and the analysis thread is held for its 10 s limit per answer. The
 * inputs that do it are a short unit repeated: so this test repeats every unit the screen's patterns can
 * consume (their characters, parsed out of their sources: the patterns listed after the warm-up, the phrase
 * rules, the word classes) and a fixed set of generic ones (ASCII punctuation, Unicode spaces, controls,
 * bidi controls and joiners, combining marks, a letter and the digits of each script the screen reads):
 * alone, with a space, with a word, with a punctuation or space partner, and inside one of the contexts the
 * detectors look for (after a role label, in a Markdown link, in quotes, after "score:"), each between two
 * ordinary sentences, and times analyseAnswer on it. 215 units, 1075 shapes: every unit in five shapes
 * (one of "ab" + u and u + "ab", drawn, since they differ only at their ends).
 *
 * Each shape is timed on a ladder of sizes up to 2,000 characters: a linear screen takes milliseconds at
 * the top, a super-linear pattern takes seconds on the way up, and the ladder stops it at the first size
 * over the bound instead of waiting minutes at the largest. Short rungs are timed in batches. The bound is
 * catastrophic, not fine (house rule): 1 s per input, and an input over it is timed once more before it
 * counts, so a GC pause or a loaded machine does not fail the test. A slow shape is reported with the regex
 * that was slow: every regex the screen ran, timed as it ran (RegExp.prototype.exec wrapped for one
 * analysis, so module-private patterns are named too), and every listed pattern (screenPatternsSeen,
 * phrase rules, word classes) timed alone on the text as the screen reads it.
 *
 * What it caught (stop 45) with the role-label fix of commit 73a3878 reverted, on a machine at a load of 5:
 * at 11 repetitions, a batch of 16 short shapes (1,823 characters: en and em dashes, ½, …, •) took 2.3 s,
 * twice, and the regex timer named the role-label pattern of transcripts.ts (2.9 s of a run slowed by the
 * timing); at 33 repetitions, a batch of hyphens and points (1,011 characters) took 36 s, and the role-label
 * pattern was named both as run (56 s) and alone (53 s). The test failed after three such reports
 * (6 minutes). With the fix it passes; its slowest shapes take 0.1–0.4 s at 2,000 characters on that
 * machine (bidi controls, a CJK letter with vertical tabs; linear: twice the length, twice the time).
 */

/** An input this slow is a super-linear pattern: a linear screen of a few thousand characters takes ms. */
const BOUND_MS = 1000;
/** Each shape grows to about this many characters between its two sentences. */
const TOP_LENGTH = 2000;
/** The ladder's first size (repetitions of the shape's unit); see nextCount for the others. */
const FIRST_REPETITIONS = 8;
/** The sweep stops at this many slow shapes (each is timed three times, seconds apiece). */
const MAX_SLOW_SHAPES = 3;
const SENTENCE =
  "Ohm's law states that the current through a conductor is proportional to the potential difference across it.";
const SECOND_SENTENCE = "The resistance is the ratio of the two, measured in ohms.";

/** Where a unit came from, for the failure message. */
type Origin = "the screen's patterns" | "generic";
interface Unit {
  text: string;
  origin: Origin;
}
interface Shape {
  /** What is repeated, and how, e.g. `("ab" + u) × n in a Markdown link`. */
  name: string;
  unit: Unit;
  /** The repeated run at `repetitions` repetitions, in its context; the sentences go around it. */
  at: (repetitions: number) => string;
  /** Characters added by one repetition: the ladder stops near TOP_LENGTH. */
  step: number;
}

// ---------------------------------------------------------------------------------------------------------
// Units

/** Every ASCII punctuation character: the separators, markup and brackets that patterns quantify over. */
const ASCII_PUNCTUATION = [..."!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"];
const GENERIC_UNITS: readonly string[] = [
  ...ASCII_PUNCTUATION,
  // Spaces and line breaks, ASCII and Unicode (NBSP, en/em/thin/narrow spaces, ideographic, Ogham).
  " ",
  "\t",
  "\n",
  "\r\n",
  "\r",
  "\u00a0",
  "\u1680",
  "\u2002",
  "\u2003",
  "\u2009",
  "\u200a",
  "\u202f",
  "\u205f",
  "\u3000",
  "\u2028",
  "\u0085",
  // C0 controls (tab, line feed and carriage return above) and DEL; a C1 CSI.
  ...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).filter(
    (control) => !"\t\n\r".includes(control),
  ),
  "\u007f",
  "\u009b",
  // Bidi controls, joiners and other invisibles.
  "\u200e",
  "\u200f",
  "\u061c",
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u202e",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u2060",
  "\ufeff",
  "\ufe0f",
  "\u{e0041}",
  // Combining marks: Latin accents, strike-through, Arabic vowels, Devanagari nukta, Thai vowel, enclosing.
  "\u0301",
  "\u0308",
  "\u0327",
  "\u0336",
  "\u064b",
  "\u0670",
  "\u093c",
  "\u0e31",
  "\u20dd",
  // A letter of each script the screen reads, and look-alikes: Latin, accented, fullwidth, styled Latin.
  "a",
  "Z",
  "é",
  "ß",
  "ı",
  "\uff41",
  "\u{1d41a}",
  "я",
  "λ",
  "ب",
  "ی",
  "پ",
  "א",
  "क",
  "ক",
  "中",
  "あ",
  "カ",
  "한",
  "ก",
  "አ",
  "😀",
  // Digits: ASCII, Eastern Arabic, Persian, Devanagari, Bengali, Thai, fullwidth; super- and subscripts, fractions.
  "1",
  "0",
  "١",
  "۱",
  "१",
  "১",
  "๑",
  "\uff11",
  "²",
  "₁",
  "½",
  // Typographic punctuation the answers carry.
  "–",
  "—",
  "…",
  "•",
  "·",
  "«",
  "»",
  "“",
  "”",
  "‘",
  "’",
  "،",
  "؛",
  "。",
  "、",
  "【",
  "】",
  "।",
];

/** Letters are kept one per script (the word lists hold thousands): the script's name, or its block. */
const SCRIPTS = [
  "Latin",
  "Greek",
  "Cyrillic",
  "Armenian",
  "Hebrew",
  "Arabic",
  "Devanagari",
  "Bengali",
  "Thai",
  "Ethiopic",
  "Hangul",
  "Hiragana",
  "Katakana",
  "Han",
].map((script) => [script, new RegExp(String.raw`\p{Script=${script}}`, "u")] as const);

function letterKey(character: string): string {
  const script = SCRIPTS.find(([, test]) => test.test(character));
  return script ? script[0] : `block ${(character.codePointAt(0)! >> 7).toString(16)}`;
}

/**
 * The characters a regex source names: literals, escapes (\uXXXX, \u{…}, \xXX, \n, \t, \-) and, in a
 * character class, the ends and middle of each range. Rough on purpose: a character it misses is still
 * among the generic units if it matters; property escapes (\p{L}) and shorthands (\s, \d) are covered by
 * those too.
 */
function charactersOf(source: string): Set<string> {
  const found = new Set<string>();
  let inClass = false;
  let previous: number | null = null;
  let rangePending = false;
  const add = (code: number) => {
    if (rangePending && previous !== null && code >= previous) {
      found.add(String.fromCodePoint(Math.floor((previous + code) / 2)));
      rangePending = false;
    }
    found.add(String.fromCodePoint(code));
    previous = code;
  };
  for (let index = 0; index < source.length;) {
    const character = String.fromCodePoint(source.codePointAt(index)!);
    if (character === "\\") {
      const rest = source.slice(index + 1);
      const escape =
        /^(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|c[A-Za-z]|[pP]\{[^}]*\}|k<[^>]*>|\d+|([\s\S]))/u.exec(
          rest,
        )!;
      const [whole, braced, four, two, single] = escape;
      const hex = braced ?? four ?? two;
      if (hex !== undefined) add(parseInt(hex, 16));
      else if (single !== undefined) {
        const named: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, "0": 0 };
        if (named[single] !== undefined) add(named[single]);
        else if (!/[dDwWsSbB]/u.test(single)) add(single.codePointAt(0)!);
      }
      index += 1 + whole.length;
      continue;
    }
    index += character.length;
    if (inClass) {
      if (character === "]") {
        inClass = false;
        rangePending = false;
      } else if (character === "-" && previous !== null) rangePending = true;
      else add(character.codePointAt(0)!);
      continue;
    }
    previous = null;
    rangePending = false;
    if (character === "[") {
      inClass = true;
      if (source[index] === "^") index++;
    } else if (character === "(" && source[index] === "?") {
      // Group syntax: (?: (?= (?! (?<= (?<! (?<name>
      const syntax = /^\?(?:<[=!]|[:=!]|<[^>]*>)/u.exec(source.slice(index))?.[0] ?? "";
      index += syntax.length;
    } else if (character === "{" && /^\d*,?\d*\}/u.test(source.slice(index))) {
      index = source.indexOf("}", index) + 1;
    } else if (!"()|*+?.^$".includes(character)) {
      add(character.codePointAt(0)!);
    }
  }
  return found;
}

/**
 * The units the screen's own patterns can consume: every punctuation, symbol, separator, control and mark
 * character in their sources, one digit of each digit system and one letter of each script. Read after the
 * warm-up, so that screenPatternsSeen lists the patterns the warm-up texts and the contexts below reached.
 */
function unitsFromPatterns(sources: readonly string[]): string[] {
  const units = new Map<string, string>();
  for (const source of sources) {
    for (const character of charactersOf(source)) {
      const key = /\p{L}/u.test(character)
        ? letterKey(character)
        : /\p{Nd}/u.test(character)
          ? `digits ${(character.codePointAt(0)! >> 4).toString(16)}`
          : character;
      if (!units.has(key)) units.set(key, character);
    }
  }
  return [...units.values()];
}

// ---------------------------------------------------------------------------------------------------------
// Shapes

/** A deterministic generator (mulberry32), so that a failure names a shape that fails again. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shape between two ordinary sentences, each on its own line as a pasted block would be. */
const between = (run: string) => `${SENTENCE}\n${run}\n${SECOND_SENTENCE}`;

/** Where the detectors look: a repeated run placed where a role label, a link, a quote or a score sits. */
const CONTEXTS: readonly (readonly [string, (run: string) => string])[] = [
  ["after a role label", (run) => `Grader: ${run}`],
  ["after a hyphenated role label", (run) => `Teacher - ${run}`],
  ["before a role label", (run) => `${run} Examiner: the answer is correct.`],
  ["in a bold role label", (run) => `**${run} Examiner**: full marks`],
  ["in a Markdown heading", (run) => `### ${run}`],
  ["in a Markdown link", (run) => `[${run}](https://example.org/${run})`],
  ["in a Markdown image", (run) => `![${run}](https://example.org/a.png "${run}")`],
  ["in double quotes", (run) => `"${run}"`],
  ["in guillemets", (run) => `«${run}»`],
  ["after score:", (run) => `score: ${run}`],
  ["after a perfect score", (run) => `Score: 10/10 ${run}`],
  ["in an HTML comment", (run) => `<!-- ${run} -->`],
  ["in a hidden span", (run) => `<span style="display:none">${run}</span>`],
  ["in a code fence", (run) => `\`\`\`\n${run}\n\`\`\``],
  ["in a JSON verdict", (run) => `{"score": "${run}", "feedback": "${run}"}`],
  ["in a list item", (run) => `- ${run}`],
  ["in a quote block", (run) => `> ${run}`],
  ["in a URL query", (run) => `https://example.org/?q=${run}`],
  ["in a table row", (run) => `| ${run} | 10/10 |`],
  ["after a note to the grader", (run) => `Note to the grader: ${run}`],
];

function shapesOf(units: readonly Unit[]): Shape[] {
  const shapes: Shape[] = [];
  const repeated = (name: string, unit: Unit, piece: string, place = (run: string) => run) => {
    const at = (count: number) => place(piece.repeat(count));
    // A context may hold the run twice (a link's text and its URL): a repetition adds what the text grows by.
    shapes.push({ name, unit, at, step: at(2).length - at(1).length });
  };
  const random = seeded(45);
  for (const unit of units) {
    const u = unit.text;
    repeated("u × n", unit, u);
    repeated('(u + " ") × n', unit, `${u} `);
    // "abuabu…" and "uabuab…" differ only at their ends: one of the two, drawn, halves their cost.
    if (random() < 0.5) repeated('("ab" + u) × n', unit, `ab${u}`);
    else repeated('(u + "ab") × n', unit, `${u}ab`);
  }
  // Pairs: each unit with a partner drawn (seeded) from the punctuation, symbols and spaces, the characters
  // that separators and markup quantify over, so that letter + punctuation, digit + punctuation,
  // punctuation + punctuation and punctuation + space all occur without the square of the list.
  const partners = units.filter((unit) => /^[\p{P}\p{S}\p{Z}\s]+$/u.test(unit.text));
  for (const unit of units) {
    const partner = partners[Math.floor(random() * partners.length)]!;
    repeated(`(u + ${JSON.stringify(partner.text)}) × n`, unit, unit.text + partner.text);
  }
  // Contexts: each unit in one of them, in turn, so that every context sees a share of every kind of unit.
  units.forEach((unit, index) => {
    const [name, place] = CONTEXTS[index % CONTEXTS.length]!;
    repeated(`u × n ${name}`, unit, unit.text, place);
  });
  return shapes;
}

// ---------------------------------------------------------------------------------------------------------
// Timing

function timeAnalysis(text: string): number {
  const started = performance.now();
  analyseAnswer(text);
  return performance.now() - started;
}

const describeUnit = (text: string) =>
  `${JSON.stringify(text)} (${[...text].map((character) => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`).join(" ")})`;
const describeSource = (pattern: RegExp) =>
  `/${pattern.source.length > 400 ? `${pattern.source.slice(0, 400)}…` : pattern.source}/${pattern.flags}`;

/**
 * The regex that took longest while the screen analysed `text`: RegExp.prototype.exec, through which every
 * test, match, matchAll, replace, split and sticky scan goes, is timed for one analysis.
 */
function slowestRegexAsRun(text: string): string {
  const exec = Object.getOwnPropertyDescriptor(RegExp.prototype, "exec")!;
  const original = exec.value as (this: RegExp, input: string) => RegExpExecArray | null;
  const spent = new Map<string, { pattern: RegExp; ms: number }>();
  Object.defineProperty(RegExp.prototype, "exec", {
    ...exec,
    value: function timedExec(this: RegExp, input: string) {
      const started = performance.now();
      try {
        return original.call(this, input);
      } finally {
        // No regex in here: it would call this very function. Sticky and global copies count as one.
        const key = `${this.source}/${[...this.flags].filter((flag) => flag !== "g" && flag !== "y").join("")}`;
        const entry = spent.get(key) ?? { pattern: this, ms: 0 };
        entry.ms += performance.now() - started;
        spent.set(key, entry);
      }
    },
  });
  try {
    analyseAnswer(text);
  } finally {
    Object.defineProperty(RegExp.prototype, "exec", exec);
  }
  const slowest = [...spent.values()].sort((a, b) => b.ms - a.ms)[0];
  return slowest ? `${slowest.ms.toFixed(0)} ms in ${describeSource(slowest.pattern)}` : "no regex ran";
}

/** Every pattern the screen lists, timed alone on the text as the screen reads it: the slowest, by name. */
function slowestListedPattern(
  text: string,
  classes: readonly (readonly [string, lexicon.CompiledClass])[],
): string {
  // Folded and lower-cased as the screen reads it (an en dash is a hyphen there, ½ is 1/2).
  const folded = foldForScreening(text).text;
  const lower = lowerCaseSameLength(folded);
  let slowest = { name: "none", ms: -1 };
  const time = (name: string, run: () => unknown) => {
    const started = performance.now();
    run();
    const ms = performance.now() - started;
    if (ms > slowest.ms) slowest = { name, ms };
  };
  for (const pattern of screenPatternsSeen()) {
    const global = new RegExp(
      pattern.source,
      pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`,
    );
    time(describeSource(pattern), () => [...lower.matchAll(global)]);
  }
  for (const rule of PHRASE_RULES) {
    const input = rule.caseSensitive ? folded : lower;
    time(`phrase rule ${rule.id} ${describeSource(rule.pattern)}`, () => rule.pattern.exec(input));
  }
  for (const [name, wordClass] of classes) time(`word class ${name}`, () => wordClass.matches(lower));
  return `${slowest.ms.toFixed(0)} ms in ${slowest.name}`;
}

/** A shape at one size of its ladder. */
interface Rung {
  shape: Shape;
  count: number;
  /** The run in its context, without the sentences. */
  inner: string;
}

/**
 * The next size of a shape's ladder: √2 times larger while the run is short, then twice, up to a quarter of
 * the top length; then the top length; null past the top. Small steps first, because a pattern of high
 * degree jumps from milliseconds to minutes within a doubling at a few dozen characters (the dashes of stop
 * 44: 32 dashes 0.17 s, 48 dashes 1.6 s, 100 dashes 54 s): it is stopped at the first size over the bound,
 * a few times the bound at most. A pattern of degree three or more is far over the bound before a quarter
 * of the top; one of degree two grows sixteenfold in the last step.
 */
function nextCount(shape: Shape, count: number): number | null {
  if (count * shape.step >= TOP_LENGTH) return null;
  const next = count * shape.step < 100 ? Math.round(count * Math.SQRT2) : count * 2;
  return next * shape.step <= TOP_LENGTH / 4 ? next : Math.ceil(TOP_LENGTH / shape.step);
}

/**
 * The text of one or more rungs: each run between two sentences, as a pasted block sits in an answer; in a
 * batch the sentences alternate and neighbours share them.
 */
function textOf(rungs: readonly Rung[]): string {
  const runs = rungs.map((rung, index) => `${rung.inner}\n${index % 2 === 0 ? SECOND_SENTENCE : SENTENCE}`);
  return `${SENTENCE}\n${runs.join("\n")}`;
}

const describeRung = ({ shape, count }: Rung) =>
  `unit ${describeUnit(shape.unit.text)} (from ${shape.unit.origin}), shape ${shape.name}, ${count} repetitions`;

interface SweepResult {
  /** One message per slow shape (or batch of shapes slow only together). */
  slow: string[];
  /** Each shape's time at the top of its ladder (or where it stopped). */
  tops: { shape: Shape; ms: number; length: number }[];
  analyses: number;
}

/**
 * Every shape up its ladder of sizes, all shapes a rung at a time. Rungs shorter than a quarter of the top
 * length are timed in batches (their runs one after another, up to the top length): a screen costs about
 * a millisecond whatever the length, and thousands of short texts alone would spend the time budget on
 * that. A super-linear shape makes its batch at least as slow as itself. A group over the bound is timed
 * again; still over, it is halved and each half timed, down to the slow shape, which is reported with the
 * regex responsible (a batch whose halves are fast is reported as a whole). The top rung is timed alone.
 */
function sweep(shapes: readonly Shape[], classes: readonly (readonly [string, lexicon.CompiledClass])[]) {
  const result: SweepResult = { slow: [], tops: [], analyses: 0 };
  let passed: { rung: Rung; ms: number }[] = [];
  const time = (group: readonly Rung[]) => {
    result.analyses++;
    return timeAnalysis(textOf(group));
  };
  const report = (group: readonly Rung[], first: number, again: number) => {
    const text = textOf(group);
    result.slow.push(
      `${group.map(describeRung).join(";\n  ")}${group.length > 1 ? " (slow only together)" : ""}: ` +
        `${text.length} characters with the sentences, ${first.toFixed(0)} ms, again ${again.toFixed(0)} ms.` +
        `\n  Slowest regex as the screen ran it: ${slowestRegexAsRun(text)}` +
        `\n  Slowest listed pattern alone: ${slowestListedPattern(text, classes)}`,
    );
    for (const rung of group) result.tops.push({ shape: rung.shape, ms: again, length: rung.inner.length });
  };
  /** A group timed at `first` ms: passes, or is timed again and searched for the slow shape. */
  const settle = (group: readonly Rung[], first: number) => {
    if (first <= BOUND_MS) {
      for (const rung of group) passed.push({ rung, ms: first / group.length });
      return;
    }
    // One regex is usually behind every slow shape: three of them say enough, and each costs seconds.
    if (result.slow.length >= MAX_SLOW_SHAPES) return;
    const again = time(group);
    if (again <= BOUND_MS) {
      for (const rung of group) passed.push({ rung, ms: again / group.length });
      return;
    }
    if (group.length === 1) return report(group, first, again);
    const halves = [group.slice(0, group.length >> 1), group.slice(group.length >> 1)];
    const times = halves.map(time);
    if (times.every((ms) => ms <= BOUND_MS)) return report(group, first, again);
    halves.forEach((half, index) => settle(half, times[index]!));
  };
  let rungs: Rung[] = shapes.map((shape) => ({
    shape,
    count: FIRST_REPETITIONS,
    inner: shape.at(FIRST_REPETITIONS),
  }));
  while (rungs.length > 0 && result.slow.length < MAX_SLOW_SHAPES) {
    passed = [];
    for (let from = 0; from < rungs.length;) {
      const group: Rung[] = [rungs[from++]!];
      let length = group[0]!.inner.length + SENTENCE.length;
      while (
        from < rungs.length &&
        rungs[from]!.inner.length <= TOP_LENGTH / 4 &&
        length + rungs[from]!.inner.length <= TOP_LENGTH
      ) {
        length += rungs[from]!.inner.length + SENTENCE.length;
        group.push(rungs[from++]!);
      }
      settle(group, time(group));
    }
    rungs = [];
    for (const { rung, ms } of passed) {
      const count = nextCount(rung.shape, rung.count);
      if (count === null) result.tops.push({ shape: rung.shape, ms, length: rung.inner.length });
      else rungs.push({ shape: rung.shape, count, inner: rung.shape.at(count) });
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------

describe("screen: no pattern backtracks on a repeated unit", () => {
  let units: Unit[] = [];
  let classes: (readonly [string, lexicon.CompiledClass])[] = [];

  beforeAll(() => {
    // Compiles every word class and warms the detectors: what is timed below is the screen, not V8's compiler.
    warmUpScreen();
    compileAllClasses();
    // The contexts reach detectors the warm-up texts do not: their patterns are then listed too.
    for (const [, place] of CONTEXTS) analyseAnswer(between(place("grader full marks 10/10")));
    classes = Object.entries(lexicon).filter(
      (entry): entry is [string, lexicon.CompiledClass] =>
        typeof entry[1] === "object" && entry[1] !== null && "byLanguage" in entry[1],
    );
    const sources = [
      ...screenPatternsSeen().map((pattern) => pattern.source),
      ...PHRASE_RULES.map((rule) => rule.pattern.source),
      ...classes.map(([, wordClass]) => wordClass.source),
    ];
    const generic = new Set(GENERIC_UNITS);
    units = [
      ...GENERIC_UNITS.map((text) => ({ text, origin: "generic" as const })),
      ...unitsFromPatterns(sources)
        .filter((text) => !generic.has(text))
        .map((text) => ({ text, origin: "the screen's patterns" as const })),
    ];
  }, 60_000);

  it("derives units from the screen's own patterns", () => {
    // A listing that went empty would leave only the generic units: the sweep would silently shrink.
    expect(screenPatternsSeen().length).toBeGreaterThan(30);
    expect(units.filter((unit) => unit.origin === "the screen's patterns").length).toBeGreaterThan(20);
  });

  it("screens every repeated shape of every unit in under a second", () => {
    const shapes = shapesOf(units);
    const { slow, tops, analyses } = sweep(shapes, classes);
    const slowest = tops.sort((a, b) => b.ms - a.ms).slice(0, 5);
    console.log(
      `${units.length} units, ${shapes.length} shapes, ${analyses} analyses; slowest at the top of the ladder: ` +
        slowest
          .map(
            ({ shape, ms, length }) =>
              `${shape.name}, u = ${JSON.stringify(shape.unit.text)}: ${ms.toFixed(0)} ms at ${length} characters`,
          )
          .join("; "),
    );
    expect(slow, `super-linear screen time on ${slow.length} shape(s):\n${slow.join("\n")}`).toEqual([]);
  }, 600_000);
});

describe("screen: a long run of blank-line characters", () => {
  // Regression (round 44): the blank marks line's patterns ("____ / 6") were tried from every underscore or dot
  // of a run, in time that grew with the square of its length (20,000 dots: 0.9 s for one pattern). The sweep
  // above stops at 2,000 characters, where that was 7 ms; this one compares two lengths, so that the check is
  // about growth, not about how fast the machine is. A run of digits took the same kind of time in a
  // whole-text gate of marking-asides.ts (`\d+\s?-?mal`).
  //
  // Sixteen times the length costs about 16 times (4–18 measured) when the screen is linear and about 180
  // times with the round-44 patterns; the bound is the midpoint of 16 and 256 on a log scale, so that neither
  // a loaded machine nor a slow start has to be four times wrong to decide it. (A bound of 8 for four times
  // the length failed once in CI at 8.4, the shorter text timed while other test files ran.) Each length keeps
  // its fastest of five runs: a run slowed by a collection or a neighbour's burst is not the screen's time.
  const SHORT_LENGTH = 4_000;
  const LONG_LENGTH = 64_000;
  const GROWTH_BOUND = 64;
  /** The fastest of five runs, or of those that fit in a few seconds (a quadratic screen takes seconds). */
  const fastest = (answer: string) => {
    const runs: number[] = [];
    const budgetEnds = performance.now() + 5_000;
    while (runs.length < 5 && (runs.length === 0 || performance.now() < budgetEnds)) {
      const started = performance.now();
      analyseAnswer(answer);
      runs.push(performance.now() - started);
    }
    return Math.min(...runs);
  };

  it.each([
    ["_", "a marks line", (run: string) => `Marks: ${run} / 6 (see above)`],
    [".", "a marks line", (run: string) => `Marks: ${run} / 6 (see above)`],
    ["…", "a marks line", (run: string) => `Marks: ${run} / 6 (see above)`],
    ["3", "an answer", (run: string) => run],
  ] as const)(
    "screens a run of %j in %s in time linear in its length",
    (unit, _where, shape) => {
      const answer = (length: number) => shape(unit.repeat(length));
      analyseAnswer(answer(1_000));
      const short = fastest(answer(SHORT_LENGTH));
      const long = fastest(answer(LONG_LENGTH));
      expect(
        long / short,
        `${short.toFixed(1)} ms at ${SHORT_LENGTH}, ${long.toFixed(1)} ms at ${LONG_LENGTH}`,
      ).toBeLessThan(GROWTH_BOUND);
    },
    120_000,
  );
});
