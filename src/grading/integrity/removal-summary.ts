/**
 * The removal report of canonicalise-answer.ts: which invisible characters were removed, how many, in what
 * runs and whether inside words. The injection screen reads it as a signal (see invisible-smuggling.ts).
 * Pure; linear in the text length.
 */

/** What kind of invisible character was removed. */
export type RemovedCharacterCategory =
  | "bidi_control"
  | "tag_character"
  | "variation_selector"
  | "zero_width"
  | "soft_hyphen"
  | "byte_order_mark"
  | "control_character"
  | "other_invisible";

/** One line of the removal report: the injection screen reads these as a signal. */
export interface RemovedCharacterSummary {
  category: RemovedCharacterCategory;
  /** How many code points of this category were removed. */
  count: number;
  /** The longest run of consecutive removed code points of this category (long runs can carry data). */
  longestRun: number;
  /** How many sat inside a word (a letter or digit on both sides): a sign of splitting words to dodge filters. */
  insideWord: number;
  /** Distinct removed code points as "U+200B", ascending, at most 12. */
  codePoints: string[];
}

/** Per code point: null when kept, else the category it was removed under. */
export type RemovalCategory = RemovedCharacterCategory | null;

const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

function formatCodePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

const MAX_LISTED_CODE_POINTS = 12;

/**
 * Summarises the removals of one pass: `categories[i]` is null for a kept code point, else its category.
 */
export function summariseRemovals(
  codePoints: readonly string[],
  categories: readonly RemovalCategory[],
): RemovedCharacterSummary[] {
  const summaries = new Map<RemovedCharacterCategory, RemovedCharacterSummary & { distinct: Set<number> }>();
  let runCategory: RemovalCategory = null;
  let runLength = 0;
  let lastKept: string | undefined;
  // Nearest kept code point after each index, from one backward pass (keeps long invisible runs linear).
  const nextKeptCodePoints = new Array<string | undefined>(codePoints.length);
  let nearestKept: string | undefined;
  for (let index = codePoints.length - 1; index >= 0; index--) {
    nextKeptCodePoints[index] = nearestKept;
    if (categories[index] === null) nearestKept = codePoints[index];
  }

  for (let index = 0; index < codePoints.length; index++) {
    const category = categories[index]!;
    if (category === null) {
      lastKept = codePoints[index];
      runCategory = null;
      runLength = 0;
      continue;
    }
    let summary = summaries.get(category);
    if (!summary) {
      summary = { category, count: 0, longestRun: 0, insideWord: 0, codePoints: [], distinct: new Set() };
      summaries.set(category, summary);
    }
    summary.count++;
    summary.distinct.add(codePoints[index]!.codePointAt(0)!);
    runLength = runCategory === category ? runLength + 1 : 1;
    runCategory = category;
    summary.longestRun = Math.max(summary.longestRun, runLength);

    const nextKept = nextKeptCodePoints[index];
    if (
      lastKept !== undefined &&
      nextKept !== undefined &&
      WORD_CHARACTER.test(lastKept) &&
      WORD_CHARACTER.test(nextKept)
    ) {
      summary.insideWord++;
    }
  }

  return [...summaries.values()].map(({ distinct, ...summary }) => ({
    ...summary,
    codePoints: [...distinct]
      .sort((a, b) => a - b)
      .slice(0, MAX_LISTED_CODE_POINTS)
      .map(formatCodePoint),
  }));
}

/** Adds the removals of a later pass to those of an earlier one (same fields, same limits). */
export function mergeSummaries(
  first: readonly RemovedCharacterSummary[],
  later: readonly RemovedCharacterSummary[],
): RemovedCharacterSummary[] {
  const merged = new Map(first.map((summary) => [summary.category, { ...summary }]));
  for (const summary of later) {
    const existing = merged.get(summary.category);
    if (!existing) {
      merged.set(summary.category, { ...summary });
      continue;
    }
    existing.count += summary.count;
    existing.longestRun = Math.max(existing.longestRun, summary.longestRun);
    existing.insideWord += summary.insideWord;
    existing.codePoints = [...new Set([...existing.codePoints, ...summary.codePoints])]
      .sort((a, b) => Number.parseInt(a.slice(2), 16) - Number.parseInt(b.slice(2), 16))
      .slice(0, MAX_LISTED_CODE_POINTS);
  }
  return [...merged.values()];
}
