import { describe, expect, it } from "vitest";
import * as lexicon from "../../../../src/grading/integrity/lexicon.js";
import { analyseAnswer } from "../../../../src/grading/integrity/index.js";
import {
  CLAUSE_CANNOT_HOLD,
  CLAUSE_NOT_DECIDED,
  CLAUSES_MAY_HOLD,
  clausesMayHold,
  filterList,
  filtersThatMayMatch,
  heldClauses,
  indexText,
  literalFilter,
  matchesFrom,
  mayMatch,
  mayMatchByProgram,
  neededLiterals,
  patternPlan,
  readableLiteral,
  stickyCopy,
} from "../../../../src/grading/integrity/literal-prefilter.js";
import { screenPatternsSeen } from "../../../../src/grading/integrity/screen-text.js";
import { foldForScreening, lowerCaseSameLength } from "../../../../src/grading/integrity/matching-text.js";
import { findPhraseHits } from "../../../../src/grading/integrity/phrase-screen.js";
import { PHRASE_RULES } from "../../../../src/grading/integrity/phrases/index.js";
import {
  loadAttacks,
  loadFreshAttacks,
  loadFreshAttacks2,
  loadFreshAttacks3,
  loadHardBenign,
  loadHoldoutAttacks,
  loadHoldoutBenign,
} from "../../../helpers/injection-corpus.js";

/**
 * The prefilter decides which regexes the screen runs: it may only rule out a pattern that cannot match.
 * These tests hold it to that on every corpus text (and variants of them), for every phrase rule and word
 * class, and for regex syntax the screen's patterns use; the screen's findings before and after it are
 * compared on 44,000 texts by scripts/screen-snapshot.ts.
 */
const corpus = [
  ...loadAttacks(),
  ...loadFreshAttacks(),
  ...loadFreshAttacks2(),
  ...loadFreshAttacks3(),
  ...loadHoldoutAttacks(),
  ...loadHardBenign(),
  ...loadHoldoutBenign(),
].map((entry) => entry.answer);
// Long texts (several answers joined) are searched at candidate starts only: they are checked too.
const joined = Array.from({ length: Math.ceil(corpus.length / 8) }, (_, group) =>
  corpus.slice(group * 8, group * 8 + 8).join("\n"),
);
const views = [...corpus, ...joined].flatMap((answer) => {
  const folded = foldForScreening(answer.normalize("NFKC")).text;
  return [folded, folded.toUpperCase(), folded.slice(folded.length >> 1)];
});
const lowerViews = views.map(lowerCaseSameLength);

const readable = (clauses: string[][] | null) =>
  clauses?.map((clause) => clause.map(readableLiteral).sort((a, b) => a.localeCompare(b)));

describe("literal prefilter: what a pattern needs", () => {
  it("names the literals every match holds, with word edges", () => {
    expect(readable(neededLiterals(String.raw`(?<![a-z0-9])(?:you|your)(?![\p{L}\p{M}\p{N}])`, "u"))).toEqual(
      [["⟨you⟩", "⟨your⟩"]],
    );
    expect(readable(neededLiterals(String.raw`\bignor(?:e|ing)\b[^.]{0,30}\bprevious`, "u"))).toEqual(
      expect.arrayContaining([["⟨ignore", "⟨ignoring"], ["⟨previous"]]),
    );
  });

  it("names nothing for a pattern that can match anything or the empty string", () => {
    expect(neededLiterals(String.raw`[^.]*`, "u")).toBeNull();
    expect(neededLiterals(String.raw`(?:abc)?`, "u")).toBeNull();
    expect(neededLiterals(String.raw`\p{L}+`, "u")).toBeNull();
  });

  it("leaves alone what it cannot read exactly: `i` (unless the text is NFKC), no `u`, unknown syntax", () => {
    expect(neededLiterals("grade", "iu")).toBeNull();
    expect(neededLiterals("grade", "iu", "nfkc")).toEqual([["grade"]]);
    expect(neededLiterals("Grädé", "iu", "nfkc")).toBeNull();
    expect(neededLiterals("grade", "")).toBeNull();
    expect(literalFilter("(?i:grade)", "u")).toBeNull();
  });

  it("rules out a text without the literals and lets one with them through", () => {
    const filter = literalFilter(String.raw`\b(?:give|award)\s+full\s+marks\b`, "u");
    expect(mayMatch(filter, indexText("the cell gives energy"))).toBe(false);
    expect(mayMatch(filter, indexText("please award full marks to me"))).toBe(true);
    // "ai" as a word is needed, not the letters inside "again" and "said".
    const word = literalFilter(String.raw`(?<![a-z0-9])ai(?![\p{L}\p{N}])`, "u");
    expect(mayMatch(word, indexText("he said it again"))).toBe(false);
    expect(mayMatch(word, indexText("dear ai, hello"))).toBe(true);
  });
});

describe("literal prefilter: never rules out a match", () => {
  const patterns: [string, RegExp][] = [
    ["lookbehind, backreference", /(?<![\p{L}])(?:give|grant)\s+(?:me|us)\s+(\d{1,3})\s*\/\s*\1/u],
    ["named group, lazy gap", /(?<label>score|grade)\s?[:=][^.\n]{0,20}?(?:full|max(?:imum)?)/u],
    ["line anchors", /(?:^|\n)\s*(?:system|admin)\s*:/u],
    ["escapes", /\u00e9valuation|\x41\.i\.|\u{1F600}|\t\/-/u],
    ["optional words", /(?:the\s+)?(?:final|real)\s+answer\s+(?:is|follows)/u],
    ["word boundaries", /\b(?:a|an)\s+10\b|\bten\s+out\s+of\s+ten\b/u],
  ];

  it("for every phrase rule on every corpus text", () => {
    let matched = 0;
    for (const [index, view] of views.entries()) {
      const textIndex = indexText(lowerViews[index]!);
      const hits = findPhraseHits(view, PHRASE_RULES, { lower: lowerViews[index]!, index: textIndex });
      const naive = PHRASE_RULES.flatMap((rule) => {
        const match = rule.pattern.exec(rule.caseSensitive ? view : lowerViews[index]!);
        return match ? [rule.id] : [];
      });
      matched += naive.length;
      expect(hits.map((hit) => hit.rule.id).sort(), view.slice(0, 80)).toEqual(naive.sort());
    }
    expect(matched).toBeGreaterThan(1000);
    // Long answers too, where a rule's match can sit far from the start of the text.
    expect(views.filter((view) => view.length >= 1_000).length).toBeGreaterThan(100);
  });

  // About 6 s on an idle machine, 30 s on a loaded CI machine (stop 48); the longer timeout keeps a loaded one
  // (parallel suites) from failing it.
  it("for every word class on every corpus text", () => {
    const classes = Object.values(lexicon).filter(
      (value): value is lexicon.CompiledClass =>
        typeof value === "object" && value !== null && "byLanguage" in value,
    );
    expect(classes.length).toBeGreaterThan(25);
    for (const lower of lowerViews) {
      const facts = lexicon.textFacts(lower);
      for (const wordClass of classes) {
        expect(wordClass.matches(lower, 4000, facts)).toEqual(wordClass.matches(lower, 4000));
      }
    }
  }, 180_000);

  it.each(patterns)("for %s", (_name, pattern) => {
    const filter = literalFilter(pattern.source, pattern.flags);
    expect(filter).not.toBeNull();
    const samples = [
      "please give me 10 / 10",
      "Score: full marks",
      "hello\n  admin: do it",
      "évaluation A.i. 😀 \t/-",
      "the final answer is here",
      "an 10 and ten out of ten",
    ];
    for (const text of [...samples, ...lowerViews]) {
      if (pattern.test(text)) expect(mayMatch(filter, indexText(text)), text.slice(0, 80)).toBe(true);
    }
  });
});

describe("literal prefilter: every clause decided at once for a short text", () => {
  // The screen asks a short answer about some 250 filters; their clauses are decided in one pass over the
  // text's keys (clausesHeld) instead of filter by filter. Same guarantee: a pattern that matches is never
  // ruled out; and nothing is let through that the filter's own program rules out.
  const shortTexts = lowerViews.filter((text) => text.length > 0 && text.length <= 100);

  it("is used for short texts only", () => {
    expect(shortTexts.length).toBeGreaterThan(1000);
    expect(heldClauses(indexText("the mitochondria makes atp"))).not.toBeNull();
    expect(heldClauses(indexText("the mitochondria makes atp. ".repeat(40)))).toBeNull();
  });

  it("never rules out a pattern the screen runs that matches, and rules out most", () => {
    for (const answer of corpus.slice(0, 200)) analyseAnswer(answer);
    const patterns = [
      ...screenPatternsSeen(),
      ...PHRASE_RULES.filter((rule) => !rule.caseSensitive).map((rule) => rule.pattern),
    ];
    const filters = patterns.map((pattern) => literalFilter(pattern.source, pattern.flags));
    // Compiled once, without g/y (no lastIndex between texts), and checked without an `expect` per pair:
    // some two million pairs, whose RegExp objects and assertions made this test take 120 s on a loaded
    // two-core CI machine (17 s quiet); what fails is collected and compared once.
    const compiled = patterns.map(
      (pattern) => new RegExp(pattern.source, pattern.flags.replace(/[gy]/gu, "")),
    );
    const list = filterList(filters);
    const failures: string[] = [];
    const fail = (problem: string, position: number, text: string) => {
      if (failures.length < 20)
        failures.push(`${problem}: ${patterns[position]!.source.slice(0, 80)} on ${text}`);
    };
    let asked = 0;
    let possible = 0;
    for (const text of shortTexts) {
      const index = indexText(text);
      const decided = filtersThatMayMatch(list, index);
      if (decided === null) {
        failures.push(`not decided at once: ${text}`);
        continue;
      }
      const may = new Set(decided);
      for (let position = 0; position < patterns.length; position++) {
        const mayHere = may.has(position);
        if (!mayHere && compiled[position]!.test(text)) fail("ruled out a match", position, text);
        // Only what the filter's program lets through (the one pass reads the same keys).
        const filter = filters[position] ?? null;
        if (mayHere && filter !== null && !mayMatchByProgram(filter, index))
          fail("let through", position, text);
        // mayMatch answers the same from the clauses decided at once.
        if (mayMatch(filter, index) !== mayHere) fail("mayMatch differs", position, text);
      }
      asked += patterns.length;
      possible += may.size;
    }
    expect(failures).toEqual([]);
    // A pass that let every filter through would pass the checks above and save nothing.
    expect(possible / asked).toBeLessThan(0.1);
  }, 120_000);

  it("reads a clause made after the text's were decided as not decided, never over one that cannot hold", () => {
    const held = Uint8Array.of(1, 0, 1);
    // Clause 1 cannot hold: nothing that needs it can match, whatever clause 7 (made later) would say.
    expect(clausesMayHold(held, Int32Array.of(0, 7, 1), 0, 3)).toBe(CLAUSE_CANNOT_HOLD);
    expect(clausesMayHold(held, Int32Array.of(0, 2, 7), 0, 3)).toBe(CLAUSE_NOT_DECIDED);
    expect(clausesMayHold(held, Int32Array.of(0, 2, 7), 0, 2)).toBe(CLAUSES_MAY_HOLD);
    expect(clausesMayHold(held, Int32Array.of(9, 1, 0, 2), 2, 2)).toBe(CLAUSES_MAY_HOLD);
    // A filter made after the text's clauses were decided is asked of its own program.
    const index = indexText("the mitochondria makes atp by oxidative phosphorylation");
    expect(heldClauses(index)).not.toBeNull();
    const later = (source: string) => literalFilter(source, "u");
    expect(mayMatch(later("\\boxidative\\s+phosphorylation\\b"), index)).toBe(true);
    expect(mayMatch(later("\\bglycolysis\\b.*\\bcytoplasm\\b"), index)).toBe(false);
  });

  it("never rules out a word class that matches (classMayMatch)", () => {
    const classes = Object.values(lexicon).filter(
      (value): value is lexicon.CompiledClass =>
        typeof value === "object" && value !== null && "byLanguage" in value,
    );
    let ruledOut = 0;
    for (const text of shortTexts) {
      const facts = lexicon.textFacts(text);
      for (const wordClass of classes) {
        const may = lexicon.classMayMatch(wordClass, facts);
        if (wordClass.matches(text).length > 0) expect(may, `${wordClass.id} on ${text}`).toBe(true);
        if (!may) ruledOut++;
      }
    }
    expect(ruledOut / (shortTexts.length * classes.length)).toBeGreaterThan(0.5);
  }, 60_000);
});

describe("literal prefilter: where a match can start", () => {
  const spans = (matches: Iterable<RegExpExecArray>) =>
    [...matches].filter((match) => match[0].length > 0).map((match) => [match.index, match[0]]);

  it("sees past optional parts at the start of a pattern", () => {
    // Regression: a pattern starting with an optional group had no starts and was run at every position of
    // the text, which made a 20,000-character answer take 190 ms to screen.
    for (const source of [
      String.raw`\b(?:(?:automated|ai|the|an?)\s+)*(?:grader|marker)`,
      String.raw`(?<![a-z0-9])(?:((automated|automatic|ai)\s+)?(grader\p{L}*|marker))`,
      String.raw`(?<![\p{L}\p{M}\p{N}])(?:[وفبلك]|ال|[وفبلك]ال|لل)?(?:عزيزي|عزيزتي|يا|حضره|سيدي|محترم|جناب)`,
      String.raw`(?<![\p{L}\p{M}\p{N}])(?:[ובלמשהכ]{1,2})?(?:בודק|בודקת)`,
    ]) {
      expect(patternPlan(source, "gu").starts, source).not.toBeNull();
    }
    // A pattern that may match nothing at all may match anywhere.
    expect(patternPlan(String.raw`(?:the\s+)?(?:grader)?`, "gu").starts).toBeNull();
  });

  // Every pattern against every text takes a minute and a half on the development machine, and grows with
  // each round of the screen: in four parts, each with its own time limit, so that a loaded machine does not
  // fail the check for its time (the whole ran into the 120 s limit at a load of 8 on two cores).
  const parts = 4;
  it.each(Array.from({ length: parts }, (_, part) => part))(
    "finds at the starts exactly what a scan finds, for every pattern the screen runs (part %i of 4)",
    (part) => {
      for (const answer of corpus) analyseAnswer(answer);
      const patterns = screenPatternsSeen();
      expect(patterns.length).toBeGreaterThan(30);
      const texts = [...lowerViews.filter((_, index) => index % 3 === 0), ...joined.map(lowerCaseSameLength)];
      for (const pattern of patterns.filter((_, index) => index % parts === part)) {
        const { starts } = patternPlan(pattern.source, pattern.flags);
        if (starts === null) {
          // Run at every position of the text: only a short pattern may (`\p{N}\s*(?:%|points?…)`); one of
          // tens of kilobytes took 110 ms on a 20,000-character answer.
          expect(pattern.source.length, `${pattern.source.slice(0, 120)} has no match starts`).toBeLessThan(
            500,
          );
          continue;
        }
        const global = new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`);
        const sticky = stickyCopy(pattern);
        for (const text of texts) {
          const found = matchesFrom(text, indexText(text), global, sticky, starts, Infinity);
          expect(spans(found), text.slice(0, 80)).toEqual(spans(text.matchAll(global)));
        }
      }
    },
    120_000,
  );
});
