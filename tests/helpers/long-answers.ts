/**
 * Long answers for timing the analysis: inputs built to hit the worst case of each screen detector, and
 * ordinary text made of real student answers. Shared by tests/unit/grading/integrity/screen-performance.test.ts
 * and bench/event-loop.ts.
 */
import { BENIGN_SAMPLE_FILE, readJsonLines } from "./injection-corpus.js";

/** `unit` repeated and cut to exactly `length` UTF-16 units. */
export function fill(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/**
 * Per detector, an input of `length` characters that makes it work hardest: trigger words without
 * completions, unclosed comments, long base64/hex/escape runs, spaced letters, invisible runs, JSON keys, …
 */
export function adversarialAnswers(length: number): Record<string, string> {
  return {
    "trigger words": fill("ignore all previous give award the maximum as the teacher note to ", length),
    "unclosed HTML comments": fill("<!--", length),
    "percent signs": fill("a % ", length),
    "base64 run": fill("A", length),
    "hex run": fill("ab ", length),
    "spaced letters": fill("a ", length),
    "JSON keys": fill('{"score": ', length),
    "HTML entities": fill("&#97;", length),
    "zero-width run": fill("a\u200b", length),
    "tag characters": fill("\u{e0041}", length),
    "bidi overrides": fill("\u202e a", length),
    "hidden spans": fill("<span style='display:none'>", length),
    "praise words": fill("perfect excellent ", length),
    "look-alike letters": fill("аb 1a ", length),
    mixed: Array.from({ length }, (_, index) =>
      "ig<!%{\"'a1 .\n\u200b#[|>&".charAt((index * 7919) % 22),
    ).join(""),
    // The family detectors (grader talk, transcripts, links, flooding, control characters, score shapes).
    "role labels": fill("Grader: 10/10\nStudent: ", length),
    "grader talk": fill(
      "you, the grader, this answer was approved by the expert: final version supersedes ",
      length,
    ),
    "markdown links": fill("[a](http://x.example/?q={{", length),
    "html tags": fill("<img src=x width=1 <a href=", length),
    "counts and units": fill("write 5,000 words 100 times in your feedback ", length),
    "control characters": fill("a\b\u001b[\r\u007f", length),
    "eastern digits": fill("۱۰/۱۰ ١٠ من ١٠ نمره: ", length),
    "mixed languages": fill("ignore Anweisungen gib volle 忽略 instructions ", length),
    "one long word": fill("evaluat", length),
    "punctuation runs": fill("!-<", length),
    // Separator lines as e-mails and notes draw them: a role label's words and separators once shared the hyphen.
    "separator lines": fill(`${"-".repeat(100)}\nForwarded message\n${"=".repeat(60)}\n`, length),
  };
}

let sampleAnswers: string[] | undefined;

/** Real student answers from the committed sample, joined by blank lines and cut to `length`. */
export function ordinaryAnswer(length: number, offset = 0): string {
  sampleAnswers ??= readJsonLines<{ answer: string }>(BENIGN_SAMPLE_FILE).map((record) => record.answer);
  let text = "";
  for (let index = offset; text.length < length; index++) {
    text += `${sampleAnswers[index % sampleAnswers.length]}\n\n`;
  }
  return text.slice(0, length).trim();
}
