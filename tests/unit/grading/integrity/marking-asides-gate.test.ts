import { describe, expect, it } from "vitest";
import { compileClass, type WordClass } from "../../../../src/grading/integrity/lexicon.js";
import { MARKING_ASIDE_CUES, passesGate } from "../../../../src/grading/integrity/marking-asides.js";
import { foldForScreening } from "../../../../src/grading/integrity/matching-text.js";
import { has, screenTextOf } from "../../../../src/grading/integrity/screen-text.js";

/**
 * The cheap gate in front of marking-asides.ts (passesGate) must let through every answer a rule could
 * flag, and every rule needs a word of one of the cue classes: so each word those classes match must pass
 * the gate on its own. The entries are expanded into the words they match (each alternative; optional
 * parts with and without; a stem's "any letters" and a gap of up to n words as nothing), and each word is
 * screened alone.
 */

const MAX_WORDS_PER_ENTRY = 256;

/** Splits a pattern at its top-level "|". */
function alternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let current = "";
  for (let index = 0; index < source.length; index++) {
    const character = source[index]!;
    if (character === "\\") {
      current += character + (source[index + 1] ?? "");
      index++;
      continue;
    }
    if (inClass) {
      if (character === "]") inClass = false;
      current += character;
      continue;
    }
    if (character === "[") inClass = true;
    if (character === "(") depth++;
    if (character === ")") depth--;
    if (character === "|" && depth === 0) {
      parts.push(current);
      current = "";
    } else {
      current += character;
    }
  }
  parts.push(current);
  return parts;
}

/** The end of the group opened at `start` (the index of its ")"). */
function groupEnd(source: string, start: number): number {
  let depth = 0;
  let inClass = false;
  for (let index = start; index < source.length; index++) {
    const character = source[index]!;
    if (character === "\\") {
      index++;
      continue;
    }
    if (inClass) {
      if (character === "]") inClass = false;
      continue;
    }
    if (character === "[") inClass = true;
    else if (character === "(") depth++;
    else if (character === ")" && --depth === 0) return index;
  }
  throw new Error(`unbalanced group in ${source}`);
}

/** The words an entry of the class notation matches (bounded; see the module comment). */
function expand(source: string): string[] {
  const results = new Set<string>();
  for (const alternative of alternatives(source)) {
    for (const word of expandSequence(alternative)) {
      results.add(word);
      if (results.size >= MAX_WORDS_PER_ENTRY) return [...results];
    }
  }
  return [...results];
}

function expandSequence(source: string): string[] {
  let words = [""];
  let index = 0;
  while (index < source.length) {
    let atom: string[];
    const character = source[index]!;
    if (character === "(") {
      const end = groupEnd(source, index);
      atom = expand(source.slice(index + 1, end).replace(/^\?:/u, ""));
      index = end + 1;
    } else if (character === "[") {
      const end = source.indexOf("]", index);
      atom = [...source.slice(index + 1, end).replace(/\\/gu, "")].filter((letter) => letter !== "-");
      index = end + 1;
    } else if (character === "\\") {
      const next = source[index + 1]!;
      if (next === "p") {
        atom = ["x"];
        index = source.indexOf("}", index) + 1;
      } else {
        atom = [next === "d" ? "1" : next === "s" ? " " : next];
        index += 2;
      }
    } else if (character === "_") {
      atom = [" "];
      index++;
    } else if (character === "*") {
      // A stem's "any letters follow": the stem alone.
      index++;
      continue;
    } else {
      atom = [character];
      index++;
    }
    // A quantifier after the atom.
    const quantifier = /^(?:\?|\+|\{(\d+),?(\d*)\})/u.exec(source.slice(index));
    let choices = atom;
    if (quantifier) {
      index += quantifier[0].length;
      if (quantifier[0] === "?") choices = ["", ...atom];
      else if (quantifier[0] !== "+" && quantifier[1] === "0") choices = [""];
    }
    const next: string[] = [];
    for (const word of words) {
      for (const choice of choices) {
        next.push(word + choice);
        if (next.length >= MAX_WORDS_PER_ENTRY) break;
      }
    }
    words = next;
  }
  return words;
}

/** The words of a whole entry list, spaces tidied. */
function wordsOfEntries(source: string): string[] {
  return [...new Set(expand(source).map((word) => word.replace(/\s+/gu, " ").trim()))].filter(
    (word) => word.length > 0,
  );
}

function wordsOf(wordClass: WordClass): { language: string; word: string }[] {
  return Object.entries(wordClass).flatMap(([language, entries]) =>
    wordsOfEntries(entries).map((word) => ({ language, word })),
  );
}

const screen = (answer: string) => screenTextOf(foldForScreening(answer));

describe("the gate in front of marking-asides.ts", () => {
  it("expands the notation into the words it matches", () => {
    expect(wordsOfEntries("(dear_)?marker|grader*|to_the_(grader|marker)_?:")).toEqual([
      "marker",
      "dear marker",
      "grader",
      "to the grader:",
      "to the grader :",
      "to the marker:",
      "to the marker :",
    ]);
    expect(wordsOfEntries("(\\p{L}+_){0,3}approved|[ao]nce")).toEqual(["approved", "ance", "once"]);
  });

  for (const [name, wordClass] of Object.entries(MARKING_ASIDE_CUES)) {
    it(`lets every word of ${name} through`, () => {
      const compiled = compileClass(wordClass);
      const words = wordsOf(wordClass);
      expect(words.length).toBeGreaterThan(0);
      const skipped = words.filter(({ word }) => {
        const text = screen(word);
        // Only words the class itself finds in that text, as the detector reads it, are held to the gate.
        return has(text, [0, text.lower.length], compiled) && !passesGate(text);
      });
      expect(skipped).toEqual([]);
    });
  }
});
