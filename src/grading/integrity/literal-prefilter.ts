/**
 * A cheap test that rules out most patterns before they run: which literal strings a regex cannot match
 * without, and whether a text holds them.
 *
 * Why: the screen runs about 140 phrase rules and 60 word classes (alternations of hundreds of words in 18
 * languages) over every answer, and nearly all of them find nothing in an ordinary answer. Running each
 * regex costs microseconds even on a short answer; asking whether the text contains any of the words the
 * regex needs costs nanoseconds. The test only ever says "cannot match" when that is certain, so a regex
 * that passes still runs and decides: results are exactly those of running every regex.
 *
 * How: {@link literalFilter} parses a regex source (the `u`-mode syntax; anything else is left unfiltered)
 * and derives a conjunction of clauses, each a set of literals of which any match must contain one (for
 * `\bignor(?:e|ing)\b[^.]{0,30}\b(?:previous|prior)`: {ignore, ignoring} and {previous, prior}). A literal
 * may carry word edges: a word start (the character before is not [a-z0-9], as after `(?<![a-z0-9])`,
 * `\b` before a letter, or `^`) and a word end (the character after is not a letter or digit, as before
 * `(?![\p{L}\p{M}\p{N}])` or `$`), so that "ai" as a word is told apart from "ai" in "again".
 * {@link indexText} records which 1-, 2- and 3-unit sequences occur in a text, and which start or end a
 * word, as bits of a small hashed bitmap; a literal may be present only when every one of its sequences
 * is. Hash collisions only let a pattern run that need not have, never the reverse. Pure; the index is
 * linear in the text length.
 */

/**
 * What a pattern needs: every clause must have one literal present. Flat, for a tight loop: the number of
 * clauses; per clause the scripts its literals are written in (see scriptOf), the number of words that
 * follow for it and the number of groups; per group the first key its literals share, the number of words
 * that follow for it and the number of literals; per literal the number of its other keys and those keys
 * (the hashed sequences of the literal, all of which must be present).
 */
export interface LiteralFilter {
  program: Int32Array;
  /** The clauses' ids in the registry of every clause made (see clausesHeld), in the program's order. */
  clauses: Int32Array;
}

/** The sequences of one text, hashed into a bitmap, and the scripts it is written in; see {@link indexText}. */
export interface TextIndex {
  bits: Uint32Array;
  shift: number;
  scripts: number;
  /** The text indexed (clausesHeld reads its keys again, unless they are still in keyScratch). */
  text: string;
  /** Filters asked about this text so far; past a few, every clause is decided at once (clausesHeld). */
  asked: number;
  /** Per registered clause, 1 when the text may hold one of its literals; made by clausesHeld. */
  held: Uint8Array | null;
  /** Where the text's words start, by their first one and two units (made when first asked; see matchStarts). */
  wordStarts?: WordStarts;
}

/** The positions where words start, and their first two units as one number (a lone unit: 0xffff second). */
interface WordStarts {
  positions: number[];
  pairs: number[];
  /** The same positions, ascending, by their first two units and by their first unit. */
  byPair: Map<number, number[]>;
  byFirst: Map<number, number[]>;
}

// ---------------------------------------------------------------------------------------------------------
// Hashing: one function for the text and the literals, so that a literal's keys are the text's keys.

/**
 * Keys are built from a chain of hashes over the units of a sequence (mix), with a constant per kind of
 * key folded in before the final spread (finish): a text can build all of them incrementally, three
 * mixes per unit.
 */
const SEED = 0x27d4eb2d;
const enum Kind {
  Unigram = 0x165667b1,
  Bigram = 0x6b43a9b5,
  Trigram = 0x1b873593,
  StartOne = 0x68e31da4,
  StartTwo = 0x5bd1e995,
  EndOne = 0x7feb352d,
  EndTwo = 0x2c1b3c6d,
  WholeWord = 0x3c6ef372,
}

function mix(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, 0x9e3779b1) ^ (hash >>> 15);
}
/** The final spread of a key over the bitmap (the high bits of a multiplicative hash). */
function finish(chain: number, kind: Kind): number {
  const key = chain ^ kind;
  return Math.imul(key ^ (key >>> 16), 0x85ebca6b);
}
/** The chain of a sequence of units. */
function chainOf(units: readonly number[]): number {
  let chain = SEED;
  for (const unit of units) chain = mix(chain, unit);
  return chain;
}

/** Characters before which a word starts: anything but [a-z0-9] (what `(?<![a-z0-9])` asks). */
function continuesWord(unit: number): boolean {
  return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39);
}

const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
/** For each BMP unit: 0 unknown, 1 a letter or digit, 2 neither. Filled as units are met. */
const letterOrNumberTable = new Uint8Array(0x10000);

/** Whether the code point at `index` is a letter or a number (\p{L}, \p{N}): then no word ends before it. */
function letterOrNumberAt(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  if (unit < 0x80) {
    return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x30 && unit <= 0x39);
  }
  if (unit >= 0xd800 && unit <= 0xdbff) {
    return LETTER_OR_NUMBER.test(String.fromCodePoint(text.codePointAt(index)!));
  }
  let known = letterOrNumberTable[unit]!;
  if (known === 0) {
    known = LETTER_OR_NUMBER.test(String.fromCharCode(unit)) ? 1 : 2;
    letterOrNumberTable[unit] = known;
  }
  return known === 1;
}

/**
 * The script of a UTF-16 unit, as one bit: Cyrillic, Arabic, Devanagari, Chinese and Japanese, Korean,
 * and everything else. A text in English has only the last: a clause whose literals are all Persian is
 * ruled out by one test.
 */
function scriptOf(unit: number): number {
  if (unit < 0x400) return 1;
  if (unit <= 0x4ff) return 2;
  if (unit >= 0x600 && unit <= 0x77f) return 4;
  if (unit >= 0x900 && unit <= 0x97f) return 8;
  if (
    (unit >= 0x3040 && unit <= 0x30ff) ||
    (unit >= 0x3400 && unit <= 0x9fff) ||
    (unit >= 0xf900 && unit <= 0xfaff)
  ) {
    return 16;
  }
  if (unit >= 0xac00 && unit <= 0xd7af) return 32;
  // Hebrew, Bengali, Thai and Ethiopic: their own bits, so that a text in them is not taken for Latin-only.
  if (unit >= 0x590 && unit <= 0x5ff) return 64;
  if (unit >= 0x980 && unit <= 0x9ff) return 128;
  if (unit >= 0xe00 && unit <= 0xe7f) return 256;
  // Ethiopic (Amharic, round 16).
  if (unit >= 0x1200 && unit <= 0x137f) return 512;
  if ((unit >= 0xfb50 && unit <= 0xfdff) || (unit >= 0xfe70 && unit <= 0xfeff)) return 4;
  return 1;
}

const MIN_BITS_LOG2 = 11;
const MAX_BITS_LOG2 = 22;
/** Words up to this long get a key of their own (short words are the least selective otherwise). */
const WHOLE_WORD = 3;

/**
 * Records every sequence of 1, 2 and 3 UTF-16 units of `text`, the first one and two units of every word,
 * the last one and two, and every word of up to three units. About 64 bits per character (at least 2,048,
 * at most 4 million), so that a short answer sets a few percent of them.
 */
export function indexText(text: string): TextIndex {
  const length = text.length;
  const log2 = Math.min(MAX_BITS_LOG2, Math.max(MIN_BITS_LOG2, Math.ceil(Math.log2(length * 64 + 1))));
  const bits = new Uint32Array(1 << (log2 - 5));
  const shift = 32 - log2;
  let scripts = 0;
  for (let index = 0; index < length; index++) {
    const unit = text.charCodeAt(index);
    scripts |= unit < 0x400 ? 1 : scriptOf(unit);
  }
  const count = textKeys(text);
  const keys = keyScratch;
  for (let at = 0; at < count; at++) {
    const bit = keys[at]! >>> shift;
    bits[bit >>> 5]! |= 1 << (bit & 31);
  }
  const index: TextIndex = { text, bits, shift, scripts, asked: 0, held: null };
  keysIndex = index;
  keysCount = count;
  return index;
}

/** Where textKeys writes; grown as needed. */
let keyScratch = new Int32Array(4096);
/**
 * Whose keys keyScratch holds, and how many: an answer's clauses are mostly decided (clausesHeld) right after
 * it is indexed, and need its keys again.
 */
let keysIndex: TextIndex | null = null;
let keysCount = 0;

/**
 * Writes to keyScratch the keys of every sequence of 1, 2 and 3 UTF-16 units of `text`, of the first one and
 * two units of every word, the last one and two, and of every word of up to three units (at most ten per
 * unit); returns how many.
 */
function textKeys(text: string): number {
  keysIndex = null;
  const length = text.length;
  if (keyScratch.length < length * 10) keyScratch = new Int32Array(length * 10);
  const keys = keyScratch;
  let count = 0;
  // Chains of the sequences ending at this unit: of length 1, 2 and 3.
  let one = 0;
  let two = 0;
  let three = 0;
  // Whether a word starts at this unit, and at the one or two before it.
  let startsHere = false;
  let startedOneBefore = false;
  let startedTwoBefore = false;
  let previous = -1;
  for (let index = 0; index < length; index++) {
    const unit = text.charCodeAt(index);
    three = index >= 2 ? mix(two, unit) : 0;
    two = index >= 1 ? mix(one, unit) : 0;
    one = mix(SEED, unit);
    startedTwoBefore = startedOneBefore;
    startedOneBefore = startsHere;
    startsHere = previous < 0 || !continuesWord(previous);
    keys[count++] = finish(one, Kind.Unigram);
    if (index >= 1) {
      keys[count++] = finish(two, Kind.Bigram);
      if (startedOneBefore) {
        keys[count++] = finish(two, Kind.StartTwo);
      }
      if (index >= 2) {
        keys[count++] = finish(three, Kind.Trigram);
      }
    }
    if (startsHere) {
      keys[count++] = finish(one, Kind.StartOne);
    }
    if (index + 1 >= length || !letterOrNumberAt(text, index + 1)) {
      keys[count++] = finish(one, Kind.EndOne);
      if (index >= 1) {
        keys[count++] = finish(two, Kind.EndTwo);
      }
      // A word of up to three units ends here: one key for the whole of it.
      if (startsHere) {
        keys[count++] = finish(one, Kind.WholeWord);
      }
      if (startedOneBefore) {
        keys[count++] = finish(two, Kind.WholeWord);
      }
      if (startedTwoBefore && index >= 2) {
        keys[count++] = finish(three, Kind.WholeWord);
      }
    }
    previous = unit;
  }
  return count;
}

/** Private-use characters standing for word edges inside literals while they are derived. */
const WORD_START = "\ue000";
const WORD_END = "\ue001";
/** `\b`: a word start when a letter or digit follows it, else nothing we can use. */
const BOUNDARY = "\ue002";
/** `^` without the `m` flag: the start of the text, which is also a word start. */
const TEXT_START = "\ue003";
const MARKERS = /[\ue000-\ue003]/gu;
const MARKER = /[\ue000-\ue003]/u;

/** A literal's keys (see keysOf) and, for each, a rough chance that an ordinary text holds it. */
interface LiteralKeys {
  keys: readonly number[];
  odds: readonly number[];
}

/**
 * How often a unit occurs in ordinary text, roughly (English letter frequencies; a space, digits and other
 * units at flat rates): only to pick the rarest key of a literal as its anchor, never to decide anything.
 */
const LETTER_ODDS = [
  8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0, 0.15, 0.8, 4.0, 2.4, 6.7, 7.5, 1.9, 0.1, 6.0, 6.3, 9.1, 2.8,
  1.0, 2.4, 0.15, 2.0, 0.07,
].map((percent) => percent / 100);

function unitOdds(unit: number): number {
  if (unit >= 0x61 && unit <= 0x7a) return LETTER_ODDS[unit - 0x61]!;
  if (unit === 0x20) return 0.18;
  if (unit < 0x80) return 0.01;
  return 0.005;
}

function literalKeys(literal: string): LiteralKeys {
  const keys = keysOf(literal);
  const start = literal.startsWith(WORD_START);
  const end = literal.endsWith(WORD_END);
  const core = literal.replace(MARKERS, "");
  const oddsOf = (from: number, to: number) => {
    let odds = 1;
    for (let index = from; index < to; index++) odds *= unitOdds(core.charCodeAt(index));
    return odds;
  };
  // In keysOf's order: a whole short word; else a start, an end, then the trigrams (or the one bi/unigram).
  if (start && end && core.length <= WHOLE_WORD) return { keys, odds: [oddsOf(0, core.length) * 0.05] };
  const odds: number[] = [];
  if (start) odds.push(oddsOf(0, Math.min(2, core.length)) * 0.2);
  if (end) odds.push(oddsOf(Math.max(0, core.length - 2), core.length) * 0.2);
  if (core.length >= 3)
    for (let index = 0; index + 2 < core.length; index++) odds.push(oddsOf(index, index + 3));
  else if (!start && !end) odds.push(oddsOf(0, core.length));
  return { keys, odds };
}

/** The keys of a literal: a text that holds the literal has every one of them. */
function keysOf(literal: string): number[] {
  const start = literal.startsWith(WORD_START);
  const end = literal.endsWith(WORD_END);
  const core = literal.replace(MARKERS, "");
  const units = Array.from({ length: core.length }, (_, index) => core.charCodeAt(index));
  const last = units.length - 1;
  if (start && end && units.length <= WHOLE_WORD) return [finish(chainOf(units), Kind.WholeWord)];
  const keys: number[] = [];
  if (start) {
    keys.push(
      last >= 1 ? finish(chainOf(units.slice(0, 2)), Kind.StartTwo) : finish(chainOf(units), Kind.StartOne),
    );
  }
  if (end) {
    keys.push(
      last >= 1 ? finish(chainOf(units.slice(-2)), Kind.EndTwo) : finish(chainOf(units), Kind.EndOne),
    );
  }
  if (units.length >= 3) {
    for (let index = 0; index + 2 < units.length; index++) {
      keys.push(finish(chainOf(units.slice(index, index + 3)), Kind.Trigram));
    }
  } else if (!start && !end) {
    keys.push(finish(chainOf(units), units.length === 2 ? Kind.Bigram : Kind.Unigram));
  }
  return keys;
}

/** Whether the text may match a pattern with this filter (null: no filter, always). */
export function mayMatch(filter: LiteralFilter | null, index: TextIndex): boolean {
  if (filter === null) return true;
  let held = index.held;
  if (held === null && ++index.asked === ASKED_BEFORE_HELD) held = index.held = clausesHeld(index);
  if (held === null) return mayMatchByProgram(filter, index);
  const verdict = clausesMayHold(held, filter.clauses, 0, filter.clauses.length);
  // A clause made after the text was read is not in `held`: the filter's literals are looked up one by one.
  return verdict === CLAUSE_NOT_DECIDED ? mayMatchByProgram(filter, index) : verdict === CLAUSES_MAY_HOLD;
}

/** What `held` says of some clauses (see clausesMayHold). */
export type ClauseVerdict = 0 | 1 | 2;
/** One of the clauses cannot hold: what asked for them all cannot match. */
export const CLAUSE_CANNOT_HOLD = 0;
/** Every one of them may hold. */
export const CLAUSES_MAY_HOLD = 1;
/** None is known not to hold, but one was made after `held` was, and is not decided by it. */
export const CLAUSE_NOT_DECIDED = 2;

/**
 * What `held` (heldClauses) says of the `count` clauses whose ids are listed in `ids` from `from`: the one
 * reading of it for single filters (mayMatch), lists of filters (filtersThatMayMatch) and word classes'
 * scanners (lexicon.ts classMayMatch).
 */
export function clausesMayHold(
  held: Uint8Array,
  ids: Int32Array,
  from: number,
  count: number,
): ClauseVerdict {
  let verdict: ClauseVerdict = CLAUSES_MAY_HOLD;
  for (let at = from, end = from + count; at < end; at++) {
    const id = ids[at]!;
    if (id >= held.length) verdict = CLAUSE_NOT_DECIDED;
    else if (held[id] === 0) return CLAUSE_CANNOT_HOLD;
  }
  return verdict;
}

/**
 * Per clause made so far, 1 when the text may hold one of its literals (see clausesHeld), made now if it
 * was not; null for a text too long to be read that way (then ask mayMatch).
 */
export function heldClauses(index: TextIndex): Uint8Array | null {
  if (index.held === null && 32 - index.shift <= HELD_MAX_LOG2) {
    index.held = clausesHeld(index);
    index.asked = ASKED_BEFORE_HELD;
  }
  return index.held;
}

/**
 * Many filters' clause ids side by side, so that a text can be asked about all of them without reading
 * their objects (see filtersThatMayMatch): per filter, the number of its clauses (-1: no filter) and their ids.
 */
export interface FilterList {
  plan: Int32Array;
  count: number;
}

export function filterList(filters: readonly (LiteralFilter | null)[]): FilterList {
  const plan = filters.flatMap((filter) =>
    filter === null ? [-1] : [filter.clauses.length, ...filter.clauses],
  );
  return { plan: Int32Array.from(plan), count: filters.length };
}

/**
 * The positions in `list` of the filters the text may match (mayMatch true), in order; null when the text is
 * too long to be decided at once (then ask mayMatch of each).
 */
export function filtersThatMayMatch(list: FilterList, index: TextIndex): number[] | null {
  const held = heldClauses(index);
  if (held === null) return null;
  const { plan, count } = list;
  const possible: number[] = [];
  let at = 0;
  for (let filter = 0; filter < count; filter++) {
    const clauses = plan[at++]!;
    // No filter (-1 clauses) always may; one whose clauses are not all decided may too.
    if (clauses < 0 || clausesMayHold(held, plan, at, clauses) !== CLAUSE_CANNOT_HOLD) possible.push(filter);
    if (clauses > 0) at += clauses;
  }
  return possible;
}

/** mayMatch by the filter's program: each clause's literals tested in turn (exported for tests). */
export function mayMatchByProgram(filter: LiteralFilter, index: TextIndex): boolean {
  const program = filter.program;
  const bits = index.bits;
  const shift = index.shift;
  let at = 1;
  for (let clause = program[0]!; clause > 0; clause--) {
    if ((program[at]! & index.scripts) === 0) return false;
    const clauseEnd = at + 3 + program[at + 1]!;
    let groups = program[at + 2]!;
    at += 3;
    let satisfied = false;
    for (; groups > 0 && !satisfied; groups--) {
      const groupEnd = at + 3 + program[at + 1]!;
      const first = program[at]! >>> shift;
      if ((bits[first >>> 5]! & (1 << (first & 31))) !== 0) {
        let literal = at + 3;
        for (let literals = program[at + 2]!; literals > 0; literals--) {
          const stop = literal + 1 + program[literal]!;
          let key = literal + 1;
          for (; key < stop; key++) {
            const bit = program[key]! >>> shift;
            if ((bits[bit >>> 5]! & (1 << (bit & 31))) === 0) break;
          }
          if (key === stop) {
            satisfied = true;
            break;
          }
          literal = stop;
        }
      }
      at = groupEnd;
    }
    if (!satisfied) return false;
    at = clauseEnd;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Every clause at once. An answer is asked about some 250 filters in one screen (the word classes' scanners,
// the phrase rules, the detectors' patterns), and testing a filter's literals in turn costs about 0.4 µs for
// a class of a few hundred words: most of the screen's time on an ordinary answer went there (stop 46, a CPU
// profile of the 9,488 real answers of 50–150 characters). Instead, each literal of every clause is filed
// under one of its keys (its anchor), and a short text's keys name the few literals worth testing: one pass
// over them decides every clause. A literal is let through only when the program would let it through, and
// only when the text has its anchor key: a hash collision in the text's bitmap alone no longer lets it by.
// Only for short texts (most answers): a longer text has more keys and meets more literals, while the
// program's cost does not grow with the text; at 150–1,000 characters the pass cost more than it saved.

/** Texts whose bitmap has at most 2^this bits (up to 127 units) are decided at once. */
const HELD_MAX_LOG2 = 13;
/**
 * Literals are filed by the top 16 bits of their anchor key: some 30,000 literals in 65,536 buckets, so that
 * a text's keys meet few literals by chance (filed by the text's own bitmap bits, 8,192 for a typical answer,
 * they met about 1,800 per answer, against about 800 now).
 */
const ANCHOR_SHIFT = 16;
/** Which anchor buckets clausesHeld has met in the text it reads (cleared after each text). */
const anchorsSeen = new Uint32Array(1 << (32 - ANCHOR_SHIFT - 5));
/** Filters asked about one text before every clause is decided at once (a side view is asked about few). */
const ASKED_BEFORE_HELD = 24;

/** Clauses made so far, and the scripts of each one's literals (see scriptOf). */
let clauseCount = 0;
let clauseScripts = new Int32Array(1024);
/**
 * Every literal of every clause, one after the other: its clause, the number of its keys, its anchor key,
 * then its other keys.
 */
let filed = new Int32Array(1 << 16);
let filedLength = 0;

/**
 * The filed literals by their anchor's bucket (its top bits), each bucket's literals side by side (a text's
 * buckets are read in no order: one cache line per bucket, not one per literal).
 */
interface AnchorTable {
  /** The clauses filed when the table was made: later ones are not in it. */
  clauses: number;
  /** For bucket b, its literals are literals[starts[b]] up to literals[starts[b + 1]]. */
  starts: Int32Array;
  /** Per literal: its clause, the number of its other keys, those keys. */
  literals: Int32Array;
}
let anchors: AnchorTable | undefined;

function grown(array: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const larger = new Int32Array(Math.max(needed, array.length * 2));
  larger.set(array);
  return larger;
}

/** Files a clause's literals (each as its keys, see keysOf) and returns the clause's id. */
function fileClause(scripts: number, literals: readonly LiteralKeys[]): number {
  const clause = clauseCount++;
  clauseScripts = grown(clauseScripts, clauseCount);
  clauseScripts[clause] = scripts;
  for (const { keys, odds } of literals) {
    // The anchor: the key an ordinary text is least likely to hold, so that few texts test the literal.
    let anchor = 0;
    for (let at = 1; at < keys.length; at++) if (odds[at]! < odds[anchor]!) anchor = at;
    filed = grown(filed, filedLength + 2 + keys.length);
    filed[filedLength++] = clause;
    filed[filedLength++] = keys.length;
    filed[filedLength++] = keys[anchor]!;
    keys.forEach((key, at) => {
      if (at !== anchor) filed[filedLength++] = key;
    });
  }
  return clause;
}

/**
 * Clauses made after the table before it is made again: remaking it takes a few milliseconds (30,000
 * literals), and a clause not in it is still decided, by its program. Patterns are made when first used, so
 * after start-up they come one at a time, a rare detector's pattern with the answer that first reaches it.
 */
const CLAUSES_BEFORE_REMAKING = 64;

function anchorTable(): AnchorTable {
  if (anchors !== undefined && clauseCount - anchors.clauses < CLAUSES_BEFORE_REMAKING) return anchors;
  const starts = new Int32Array((1 << (32 - ANCHOR_SHIFT)) + 1);
  // A filed literal is [clause, keys, anchor, others...]; in the table, [clause, others count, others...].
  for (let at = 0; at < filedLength; at += 2 + filed[at + 1]!) {
    starts[(filed[at + 2]! >>> ANCHOR_SHIFT) + 1]! += 1 + filed[at + 1]!;
  }
  for (let bucket = 1; bucket < starts.length; bucket++)
    starts[bucket] = starts[bucket]! + starts[bucket - 1]!;
  const literals = new Int32Array(starts[starts.length - 1]!);
  const next = starts.slice(0, -1);
  for (let at = 0; at < filedLength; at += 2 + filed[at + 1]!) {
    const keys = filed[at + 1]!;
    const bucket = filed[at + 2]! >>> ANCHOR_SHIFT;
    let to = next[bucket]!;
    literals[to++] = filed[at]!;
    literals[to++] = keys - 1;
    for (let key = 1; key < keys; key++) literals[to++] = filed[at + 2 + key]!;
    next[bucket] = to;
  }
  anchors = { clauses: clauseCount, starts, literals };
  return anchors;
}

/**
 * Per clause filed so far, 1 when the text may hold one of its literals (the text has its anchor key, every
 * other key's bit is set, and the text is in one of the clause's scripts); null for a longer text.
 */
function clausesHeld(index: TextIndex): Uint8Array | null {
  const { text, bits, shift, scripts } = index;
  if (32 - shift > HELD_MAX_LOG2) return null;
  const { clauses, starts, literals } = anchorTable();
  const held = new Uint8Array(clauses);
  const count = keysIndex === index ? keysCount : textKeys(text);
  keysIndex = index;
  keysCount = count;
  const keys = keyScratch;
  for (let at = 0; at < count; at++) {
    const bucket = keys[at]! >>> ANCHOR_SHIFT;
    // Each bucket once (a text repeats its keys).
    const seen = 1 << (bucket & 31);
    if ((anchorsSeen[bucket >>> 5]! & seen) !== 0) continue;
    anchorsSeen[bucket >>> 5]! |= seen;
    // The text has a key in this bucket; a literal filed here may be held when all its keys are set.
    for (
      let literal = starts[bucket]!, end = starts[bucket + 1]!;
      literal < end;
      literal += 2 + literals[literal + 1]!
    ) {
      const clause = literals[literal]!;
      if (held[clause] !== 0 || (clauseScripts[clause]! & scripts) === 0) continue;
      const stop = literal + 2 + literals[literal + 1]!;
      let key = literal + 2;
      for (; key < stop; key++) {
        const other = literals[key]! >>> shift;
        if ((bits[other >>> 5]! & (1 << (other & 31))) === 0) break;
      }
      if (key === stop) held[clause] = 1;
    }
  }
  for (let at = 0; at < count; at++) anchorsSeen[keys[at]! >>> (ANCHOR_SHIFT + 5)] = 0;
  return held;
}

// ---------------------------------------------------------------------------------------------------------
// What a regex needs: a small parser for the `u`-mode syntax.

/**
 * What a part of a pattern can match. `exact`: every string it can match, when there are few (an
 * assertion matches ""); otherwise null, and `clauses` hold what any match must contain, `prefixes` and
 * `suffixes` what every match starts and ends with (null: unknown), and `branches` the branches of an
 * alternation, so that what stands around it can be joined to each branch ("\b(?:you|your)\b").
 */
interface Need {
  exact: readonly string[] | null;
  clauses: readonly (readonly string[])[];
  prefixes: readonly string[] | null;
  suffixes: readonly string[] | null;
  branches: readonly Need[] | null;
  /**
   * Where a match may start, for parts whose `prefixes` are unknown because they may match the empty
   * string (`(?:the\s+)?grader`, `\s*`): what every non-empty match starts with (null: unknown), and
   * whether the part can match "". Used only to find match starts (startsFrom), never for clauses: an
   * optional part needs nothing.
   */
  heads: readonly string[] | null;
  nullable: boolean;
}

function exactly(strings: readonly string[]): Need {
  return {
    exact: strings,
    clauses: [],
    prefixes: strings,
    suffixes: strings,
    branches: null,
    heads: strings.filter((string) => string !== ""),
    nullable: strings.includes(""),
  };
}

const ANYTHING: Need = {
  exact: null,
  clauses: [],
  prefixes: null,
  suffixes: null,
  branches: null,
  heads: null,
  nullable: true,
};
const EMPTY = exactly([""]);
/** More exact strings than this are turned into a clause, which bounds the work at load. */
const MAX_EXACT = 64;
/** The most literals in a clause, a prefix or a suffix set (a class of a few hundred words). */
const MAX_SET = 1024;
/** A character class with more members than this matches "anything" as far as the filter is concerned. */
const MAX_CLASS = 40;
/** A literal longer than this is cut: its first units are needed too, and each unit costs a test. */
const MAX_LITERAL = 12;
/** The most clauses kept per pattern: a few selective ones rule out nearly everything. */
const MAX_CLAUSES = 3;

class UnsupportedSyntax extends Error {}

function unique(strings: Iterable<string>): string[] {
  return [...new Set(strings)];
}

function product(first: readonly string[], second: readonly string[], limit: number): string[] | null {
  if (first.length * second.length > limit) return null;
  return unique(first.flatMap((head) => second.map((tail) => head + tail)));
}

function clausesOf(need: Need): (readonly string[])[] {
  if (need.exact === null) return [...need.clauses];
  return need.exact.includes("") ? [] : [need.exact];
}

/** How much a literal rules out: its units (up to five) and its word edges. */
function strength(literal: string): number {
  let units = 0;
  let edges = 0;
  for (let index = 0; index < literal.length; index++) {
    const unit = literal.charCodeAt(index);
    if (unit >= 0xe000 && unit <= 0xe003) edges++;
    else if ((unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39)) units += 2;
    else if (unit === 0x20) units += 1;
    // Punctuation and symbols ("/", "|", ":") are rarer in answers than any letter.
    else if (unit < 0x80) units += 5;
    else units += 3;
  }
  return units === 0 ? 0 : Math.min(units, 10) + edges * 2;
}

const selectivities = new WeakMap<readonly string[], number>();

/** A clause's worth: stronger literals, and fewer of them, rule out more texts. */
function selectivity(clause: readonly string[]): number {
  let known = selectivities.get(clause);
  if (known !== undefined) return known;
  if (clause.length === 0 || clause.includes("")) {
    known = -Infinity;
  } else {
    let weakest = Infinity;
    for (const literal of clause) weakest = Math.min(weakest, strength(literal));
    known = weakest * 10_000 - clause.length;
  }
  selectivities.set(clause, known);
  return known;
}

function bestOf(clauses: readonly (readonly string[] | null)[]): readonly string[] | null {
  let best: readonly string[] | null = null;
  for (const clause of clauses) {
    if (clause === null || selectivity(clause) === -Infinity) continue;
    if (best === null || selectivity(clause) > selectivity(best)) best = clause;
  }
  return best;
}

/**
 * The best clause for `need` standing between the exact strings `left` and `right` ([""] when nothing
 * exact is next to it): an alternation is joined with its neighbours branch by branch.
 */
function clauseBetween(
  left: readonly string[],
  need: Need,
  right: readonly string[],
): readonly string[] | null {
  if (need.exact !== null) {
    const noLeft = left.length === 1 && left[0] === "";
    const noRight = right.length === 1 && right[0] === "";
    if (noLeft && noRight) return need.exact;
    const around = noLeft ? need.exact : product(left, need.exact, MAX_SET);
    const whole = around && (noRight ? around : product(around, right, MAX_SET));
    return bestOf([whole, around, noRight ? null : product(need.exact, right, MAX_SET), need.exact]);
  }
  if (need.branches !== null) {
    const union: string[] = [];
    for (const branch of need.branches) {
      const clause = clauseBetween(left, branch, right);
      if (clause === null) {
        union.length = 0;
        break;
      }
      union.push(...clause);
    }
    if (union.length > 0 && union.length <= MAX_SET) return unique(union);
  }
  return bestOf([
    need.prefixes && product(left, need.prefixes, MAX_SET),
    need.suffixes && product(need.suffixes, right, MAX_SET),
    ...need.clauses,
  ]);
}

function alternate(branches: readonly Need[]): Need {
  if (branches.every((branch) => branch.exact !== null)) {
    const all = unique(branches.flatMap((branch) => branch.exact!));
    if (all.length <= MAX_EXACT) return exactly(all);
  }
  const edges = (pick: (need: Need) => readonly string[] | null) => {
    const all: string[] = [];
    for (const branch of branches) {
      const edge = pick(branch);
      if (edge === null) return null;
      all.push(...edge);
    }
    const strings = unique(all);
    return strings.length <= MAX_SET ? strings : null;
  };
  const need: Need = {
    exact: null,
    clauses: [],
    prefixes: edges((branch) => branch.exact ?? branch.prefixes),
    suffixes: edges((branch) => branch.exact ?? branch.suffixes),
    branches,
    heads: edges((branch) => branch.heads),
    nullable: branches.some((branch) => branch.nullable),
  };
  const clause = clauseBetween([""], need, [""]);
  return { ...need, clauses: clause === null ? [] : [clause] };
}

function repeat(atom: Need, min: number, max: number): Need {
  if (min === 0) {
    if (max === 1 && atom.exact !== null) return exactly(unique(["", ...atom.exact]));
    // Nothing is needed, but a non-empty match starts as its first non-empty copy does.
    return { ...ANYTHING, heads: atom.heads };
  }
  if (min === 1 && max === 1) return atom;
  // At least one copy: whatever one copy needs, and it starts and ends like one copy.
  return {
    exact: null,
    clauses: clausesOf(atom),
    prefixes: atom.exact ?? atom.prefixes,
    suffixes: atom.exact ?? atom.suffixes,
    branches: null,
    heads: atom.heads,
    nullable: atom.nullable,
  };
}

/**
 * A sequence: runs of exact parts are joined into longer literals ("ignor" + "e|ing" → ignore, ignoring);
 * each part that is not exact is joined with the runs on either side of it, and adds its own clauses.
 */
function sequence(parts: readonly Need[]): Need {
  const items: Need[] = [];
  let run: string[] | null = null;
  for (const part of parts) {
    if (part.exact !== null) {
      const joined: string[] | null = run === null ? [...part.exact] : product(run, part.exact, MAX_EXACT);
      if (joined !== null) {
        run = joined;
        continue;
      }
      items.push(exactly(run!));
      run = [...part.exact];
      continue;
    }
    if (run !== null) items.push(exactly(run));
    run = null;
    items.push(part);
  }
  if (run !== null) items.push(exactly(run));
  if (items.length === 0) return EMPTY;
  if (items.length === 1) return items[0]!;
  const { heads, nullable } = headsOfSequence(items);

  const clauses: (readonly string[])[] = [];
  for (const [position, item] of items.entries()) {
    if (item.exact !== null) {
      clauses.push(...clausesOf(item));
      continue;
    }
    const left = items[position - 1]?.exact ?? [""];
    const right = items[position + 1]?.exact ?? [""];
    const clause = clauseBetween(left, item, right);
    if (clause !== null) clauses.push(clause);
    clauses.push(...item.clauses);
    // Where two parts that are not exact meet, the end of one touches the start of the next ("\d+\s*/").
    const next = items[position + 1];
    if (next !== undefined && next.exact === null && item.suffixes !== null && next.prefixes !== null) {
      const joined = product(item.suffixes, next.prefixes, MAX_SET);
      if (joined !== null) clauses.push(joined);
    }
  }
  // Every match starts with what the first item starts with, joined to the second item's prefixes when the
  // first is exact; the same for the end.
  const first = items[0]!;
  const second = items[1]!;
  const last = items[items.length - 1]!;
  const beforeLast = items[items.length - 2]!;
  const prefixes =
    first.exact === null
      ? first.prefixes
      : ((second.exact === null && second.prefixes !== null
          ? product(first.exact, second.prefixes, MAX_SET)
          : null) ?? first.exact);
  const suffixes =
    last.exact === null
      ? last.suffixes
      : ((beforeLast.exact === null && beforeLast.suffixes !== null
          ? product(beforeLast.suffixes, last.exact, MAX_SET)
          : null) ?? last.exact);
  return { exact: null, clauses, prefixes, suffixes, branches: null, heads, nullable };
}

/**
 * Where a sequence's non-empty matches start, and whether it can match "": the exact parts so far joined to
 * the heads of each part that may be skipped (it matched ""), up to the first part that cannot be. Every
 * match starts with one of the strings: `(?<![a-z])(?:(?:ai|online)\s+)?(?:grader|marker)` starts with
 * ⟨ai, ⟨online, ⟨grader or ⟨marker. When the parts so far give too many strings, or a part's heads are
 * unknown, the strings so far are still what every match starts with (null if one of them is "").
 */
function headsOfSequence(items: readonly Need[]): { heads: readonly string[] | null; nullable: boolean } {
  /** The strings the parts so far matched when each part after the last non-empty one matched "". */
  let sofar: readonly string[] = [""];
  const heads = new Set<string>();
  const stopAt = (strings: readonly string[]) => {
    for (const string of strings) heads.add(string);
    return { heads: heads.has("") || heads.size > MAX_SET ? null : [...heads], nullable: false };
  };
  for (const item of items) {
    if (item.exact !== null) {
      const joined = product(sofar, item.exact, MAX_SET);
      if (joined === null) return stopAt(sofar);
      sofar = joined;
      continue;
    }
    if (item.heads === null) return stopAt(sofar);
    const starting = product(sofar, item.heads, MAX_SET);
    if (starting === null) return stopAt(sofar);
    for (const string of starting) heads.add(string);
    if (!item.nullable) return stopAt([]);
  }
  const nullable = sofar.includes("");
  for (const string of sofar) if (string !== "") heads.add(string);
  return { heads: heads.has("") || heads.size > MAX_SET ? null : [...heads], nullable };
}

const HEX = /^[0-9a-fA-F]+$/u;

/** \p{L} and \p{N}, which a class may hold (see the lookarounds that mark word edges). */
interface WideClass {
  wide: "letters" | "numbers";
}
const LETTERS: WideClass = { wide: "letters" };
const NUMBERS: WideClass = { wide: "numbers" };

/** A parsed character class: its members when they are few, and which wide classes it holds. */
interface ClassMembers {
  negated: boolean;
  members: Set<string>;
  /** A member we do not enumerate (\s, \p{Sc}, a wide range). */
  unbounded: boolean;
  letters: boolean;
  numbers: boolean;
}

class PatternParser {
  private position = 0;
  private readonly characters: string[];

  constructor(
    source: string,
    private readonly multiline: boolean,
  ) {
    this.characters = Array.from(source);
    if (this.characters.some((character) => MARKER.test(character))) {
      throw new UnsupportedSyntax("private-use marker in the pattern");
    }
  }

  parse(): Need {
    const need = this.disjunction();
    if (this.position < this.characters.length) throw new UnsupportedSyntax("unbalanced )");
    return need;
  }

  private peek(offset = 0): string | undefined {
    return this.characters[this.position + offset];
  }

  private next(): string {
    const character = this.characters[this.position++];
    if (character === undefined) throw new UnsupportedSyntax("unexpected end");
    return character;
  }

  private expect(character: string): void {
    if (this.next() !== character) throw new UnsupportedSyntax(`expected ${character}`);
  }

  private disjunction(): Need {
    const branches = [this.alternative()];
    while (this.peek() === "|") {
      this.position++;
      branches.push(this.alternative());
    }
    return branches.length === 1 ? branches[0]! : alternate(branches);
  }

  private alternative(): Need {
    const parts: Need[] = [];
    while (this.position < this.characters.length && this.peek() !== "|" && this.peek() !== ")") {
      parts.push(this.term());
    }
    return sequence(parts);
  }

  private term(): Need {
    const character = this.next();
    // `^` is a word start (the start of the text, or of a line: no letter before); `$` a word end.
    if (character === "^") return exactly([this.multiline ? WORD_START : TEXT_START]);
    if (character === "$") return exactly([WORD_END]);
    if (character === "(") {
      if (this.peek() === "?") {
        const kind = this.peek(1);
        const after = this.peek(2);
        if (kind === "=" || kind === "!" || (kind === "<" && (after === "=" || after === "!"))) {
          const lookbehind = kind === "<";
          const negative = (lookbehind ? after : kind) === "!";
          this.position += lookbehind ? 3 : 2;
          return this.lookaround(lookbehind, negative);
        }
        if (kind === ":") {
          this.position += 2;
        } else if (kind === "<") {
          this.position += 2;
          while (this.next() !== ">");
        } else {
          throw new UnsupportedSyntax("group modifier");
        }
      }
      const inner = this.disjunction();
      this.expect(")");
      return this.quantified(inner);
    }
    if (character === "[") {
      const parsed = this.characterClass();
      return this.quantified(
        parsed.negated ||
          parsed.unbounded ||
          parsed.letters ||
          parsed.numbers ||
          parsed.members.size > MAX_CLASS
          ? ANYTHING
          : exactly([...parsed.members]),
      );
    }
    if (character === ".") return this.quantified(ANYTHING);
    if (character === "\\") {
      const escape = this.peek();
      if (escape === "b") {
        this.position++;
        return exactly([BOUNDARY]);
      }
      if (escape === "B") {
        this.position++;
        return EMPTY;
      }
      return this.quantified(this.atomEscape());
    }
    if ("*+?{}])|".includes(character)) throw new UnsupportedSyntax(`stray ${character}`);
    return this.quantified(exactly([character]));
  }

  /**
   * A lookaround matches nothing itself. Two shapes say where words begin and end, which the index
   * records: `(?<![a-z0-9])` (or any class that holds a-z and 0-9) before a word, and `(?![\p{L}\p{N}])`
   * (or any class that holds every letter and number) after one.
   */
  private lookaround(lookbehind: boolean, negative: boolean): Need {
    const saved = this.position;
    if (negative && this.peek() === "[") {
      this.position++;
      const parsed = this.characterClass();
      if (this.peek() === ")" && !parsed.negated) {
        this.position++;
        const covers = (character: string) =>
          parsed.members.has(character) ||
          (parsed.letters && /\p{L}/u.test(character)) ||
          (parsed.numbers && /\p{N}/u.test(character));
        if (lookbehind && Array.from("abcdefghijklmnopqrstuvwxyz0123456789").every(covers)) {
          return exactly([WORD_START]);
        }
        if (!lookbehind && parsed.letters && parsed.numbers) return exactly([WORD_END]);
        return EMPTY;
      }
      this.position = saved;
    }
    this.disjunction();
    this.expect(")");
    return EMPTY;
  }

  private quantified(atom: Need): Need {
    const character = this.peek();
    let min: number;
    let max: number;
    if (character === "*" || character === "+" || character === "?") {
      this.position++;
      [min, max] = character === "*" ? [0, Infinity] : character === "+" ? [1, Infinity] : [0, 1];
    } else if (character === "{") {
      const rest = this.characters.slice(this.position, this.position + 24).join("");
      const bounds = /^\{(\d+)(,(\d*))?\}/u.exec(rest);
      if (!bounds) throw new UnsupportedSyntax("bad quantifier");
      this.position += Array.from(bounds[0]).length;
      min = Number(bounds[1]);
      max = bounds[2] === undefined ? min : bounds[3] === "" ? Infinity : Number(bounds[3]);
    } else {
      return atom;
    }
    if (this.peek() === "?") this.position++; // lazy: the same strings
    return repeat(atom, min, max);
  }

  /**
   * A character escape: its character (or the ten digits of \d), or what a class escape covers ("letters",
   * "numbers", or null for one we do not enumerate: \s, \w, \p{Sc}, …).
   */
  private characterEscape(inClass: boolean): string | string[] | WideClass | null {
    const character = this.next();
    switch (character) {
      case "d":
        return Array.from("0123456789");
      case "D":
      case "s":
      case "S":
      case "w":
      case "W":
        return null;
      case "p":
      case "P": {
        this.expect("{");
        let name = "";
        for (let next = this.next(); next !== "}"; next = this.next()) name += next;
        if (character === "p" && (name === "L" || name === "Letter")) return LETTERS;
        if (character === "p" && (name === "N" || name === "Number")) return NUMBERS;
        return null;
      }
      case "f":
        return "\f";
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "t":
        return "\t";
      case "v":
        return "\v";
      case "0":
        return "\0";
      case "b":
        if (inClass) return "\b";
        throw new UnsupportedSyntax("\\b");
      case "c":
        return String.fromCharCode(this.next().charCodeAt(0) % 32);
      case "x": {
        const digits = this.next() + this.next();
        if (!HEX.test(digits)) throw new UnsupportedSyntax("\\x");
        return String.fromCharCode(Number.parseInt(digits, 16));
      }
      case "u": {
        if (this.peek() === "{") {
          this.position++;
          let digits = "";
          for (let next = this.next(); next !== "}"; next = this.next()) digits += next;
          if (!HEX.test(digits)) throw new UnsupportedSyntax("\\u{}");
          return this.notMarker(String.fromCodePoint(Number.parseInt(digits, 16)));
        }
        const unit = this.hexUnit();
        // A surrogate pair written as two escapes is one character in `u` mode.
        if (unit >= 0xd800 && unit <= 0xdbff && this.peek() === "\\" && this.peek(1) === "u") {
          const saved = this.position;
          this.position += 2;
          const low = this.peek() === "{" ? -1 : this.hexUnit();
          if (low >= 0xdc00 && low <= 0xdfff) return String.fromCharCode(unit, low);
          this.position = saved;
        }
        return this.notMarker(String.fromCharCode(unit));
      }
      default:
        if (/[1-9]/u.test(character) || character === "k") throw new UnsupportedSyntax("backreference");
        return character; // an identity escape: \. \/ \- \( …
    }
  }

  private notMarker(character: string): string {
    if (MARKER.test(character)) throw new UnsupportedSyntax("private-use marker in the pattern");
    return character;
  }

  private hexUnit(): number {
    const digits = this.next() + this.next() + this.next() + this.next();
    if (!HEX.test(digits)) throw new UnsupportedSyntax("\\u");
    return Number.parseInt(digits, 16);
  }

  private atomEscape(): Need {
    const character = this.peek();
    if (character !== undefined && (/[1-9]/u.test(character) || character === "k")) {
      // A backreference repeats a group; it needs nothing we can name here.
      this.position++;
      if (character === "k") {
        this.expect("<");
        while (this.next() !== ">");
      } else {
        while (this.peek() !== undefined && /\d/u.test(this.peek()!)) this.position++;
      }
      return ANYTHING;
    }
    const escaped = this.characterEscape(false);
    if (escaped === null || !(typeof escaped === "string" || Array.isArray(escaped))) return ANYTHING;
    return exactly(typeof escaped === "string" ? [escaped] : escaped);
  }

  /** A character class, after its "[". */
  private characterClass(): ClassMembers {
    const parsed: ClassMembers = {
      negated: this.peek() === "^",
      members: new Set(),
      unbounded: false,
      letters: false,
      numbers: false,
    };
    if (parsed.negated) this.position++;
    const classAtom = () => {
      const character = this.next();
      return character === "\\" ? this.characterEscape(true) : this.notMarker(character);
    };
    while (this.peek() !== "]") {
      const start = classAtom();
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        this.position++;
        const end = classAtom();
        if (typeof start !== "string" || typeof end !== "string") throw new UnsupportedSyntax("class range");
        const from = start.codePointAt(0)!;
        const to = end.codePointAt(0)!;
        if (to < from) throw new UnsupportedSyntax("class range order");
        if (to - from >= MAX_CLASS) parsed.unbounded = true;
        else for (let cp = from; cp <= to; cp++) parsed.members.add(String.fromCodePoint(cp));
        continue;
      }
      if (start === null) parsed.unbounded = true;
      else if (typeof start === "string") parsed.members.add(start);
      else if (Array.isArray(start)) for (const member of start) parsed.members.add(member);
      else if (start.wide === "letters") parsed.letters = true;
      else parsed.numbers = true;
    }
    this.expect("]");
    return parsed;
  }
}

/**
 * A derived literal made usable: `\b` becomes a word start before a letter or digit and is dropped
 * elsewhere; a word start counts only at the front and a word end only at the back (in between, the
 * characters themselves are what the match holds). `caseFolded`: the regex runs on text other than the
 * indexed one (which is its lower-cased copy), where word edges may differ: they are dropped, and the
 * literal is lower-cased like the text (a character whose lower case is longer stays). Greek sigma, whose
 * lower case depends on its neighbours, makes the literal "", which drops its clause.
 */
function usable(literal: string, caseFolded: CaseFolding): string {
  let resolved = "";
  for (let index = 0; index < literal.length; index++) {
    const character = literal[index]!;
    if (character === BOUNDARY) {
      if (/[A-Za-z0-9_]/u.test(literal[index + 1] ?? "")) resolved += WORD_START;
      continue;
    }
    // The start of the text is a word start: the index records one there.
    resolved += character === TEXT_START ? WORD_START : character;
  }
  let core = resolved.replace(MARKERS, "");
  if (core.length === 0) return "";
  if (caseFolded === "nfkc") {
    // An `i` regex matches a letter in either case and, by Unicode case folding, "ſ" for "s" and the
    // Kelvin sign for "k"; NFKC has replaced both with ASCII letters, so in NFKC text an ASCII literal
    // matches exactly where its lower case stands in the lower-cased text. Other letters fold in more ways.
    if (/\P{ASCII}/u.test(core)) return "";
    return core.toLowerCase().slice(0, MAX_LITERAL);
  }
  if (caseFolded) {
    if (/[\u03a3\u03c2\u03c3]/u.test(core)) return "";
    let lower = "";
    for (const character of core) {
      const folded = character.toLowerCase();
      lower += folded.length === character.length ? folded : character;
    }
    return lower.slice(0, MAX_LITERAL);
  }
  const leading = /^[\ue000-\ue003]*/u.exec(resolved)![0];
  const trailing = /[\ue000-\ue003]*$/u.exec(resolved)![0];
  core = core.slice(0, MAX_LITERAL);
  const cut = core.length < resolved.replace(MARKERS, "").length;
  return (
    (leading.includes(WORD_START) ? WORD_START : "") +
    core +
    (!cut && trailing.includes(WORD_END) ? WORD_END : "")
  );
}

/** Drops literals that contain another literal of the clause: where the longer one is, the shorter is. */
function minimalClause(clause: readonly string[]): string[] {
  const literals = unique(clause).sort((a, b) => a.length - b.length);
  const kept = new Set<string>();
  for (const literal of literals) {
    let contains = false;
    for (let start = 0; start < literal.length && !contains; start++) {
      for (let end = start + 1; end <= literal.length; end++) {
        if (kept.has(literal.slice(start, end))) {
          contains = true;
          break;
        }
      }
    }
    if (!contains) kept.add(literal);
  }
  return [...kept];
}

/**
 * How the text a regex runs on relates to the indexed text: false, the same text (lower-cased already,
 * and the regex has no `i` flag); true, the indexed text is its lower-cased copy; "nfkc", the same, and
 * the text is NFKC-normalised, which lets an `i` regex with ASCII literals be filtered (see {@link usable}).
 */
export type CaseFolding = boolean | "nfkc";

/**
 * The literals a regex cannot match without, or null when none can be named (a pattern that can match
 * the empty string, syntax this parser does not read, the `v` flag, the `i` flag unless `caseFolded` is
 * "nfkc"). `caseFolded`: see {@link CaseFolding}. Never throws.
 */
export function literalFilter(
  source: string,
  flags: string,
  caseFolded: CaseFolding = false,
): LiteralFilter | null {
  return filterOf(neededLiterals(source, flags, caseFolded));
}

function filterOf(clauses: string[][] | null): LiteralFilter | null {
  if (clauses === null) return null;
  // Clauses with few literals first: a text that lacks a clause's literals is ruled out after as many tests.
  const program: number[] = [clauses.length];
  const ids: number[] = [];
  for (const clause of [...clauses].sort((a, b) => a.length - b.length)) {
    // Literals grouped by their first key (mostly their first two letters at a word start): one test rules
    // out the whole group ("grade", "grading", "grader", "gradebook") in a text without it.
    const groups = new Map<number, number[][]>();
    const literals: LiteralKeys[] = [];
    let scripts = 0;
    for (const literal of clause) {
      const keys = literalKeys(literal);
      literals.push(keys);
      const [first, ...rest] = keys.keys;
      const group = groups.get(first!);
      if (group === undefined) groups.set(first!, [rest]);
      else group.push(rest);
      scripts |= scriptOf(literal.replace(MARKERS, "").charCodeAt(0));
    }
    const body: number[] = [];
    for (const [first, literals] of groups) {
      const groupBody = literals.flatMap((rest) => [rest.length, ...rest]);
      body.push(first, groupBody.length, literals.length, ...groupBody);
    }
    program.push(scripts, body.length, groups.size, ...body);
    ids.push(fileClause(scripts, literals));
  }
  return { program: Int32Array.from(program), clauses: Int32Array.from(ids) };
}

/**
 * The clauses of {@link literalFilter} as strings, word edges written as "⟨" and "⟩" (for tests, and for
 * reading what a rule needs).
 */
export function neededLiterals(
  source: string,
  flags: string,
  caseFolded: CaseFolding = false,
): string[][] | null {
  const need = parseNeed(source, flags, caseFolded);
  return need === null ? null : clausesFrom(need, caseFolded);
}

/** What a pattern needs, or null when the pattern cannot be read exactly (see {@link neededLiterals}). */
function parseNeed(source: string, flags: string, caseFolded: CaseFolding): Need | null {
  if (!flags.includes("u") || flags.includes("v")) return null;
  if (flags.includes("i") && caseFolded !== "nfkc") return null;
  try {
    return new PatternParser(source, flags.includes("m")).parse();
  } catch (error) {
    if (error instanceof UnsupportedSyntax) return null;
    throw error;
  }
}

function clausesFrom(need: Need, caseFolded: CaseFolding): string[][] | null {
  const candidates = [...clausesOf(need), need.prefixes ?? [""], need.suffixes ?? [""]];
  const clauses = candidates
    .map((clause) => minimalClause(clause.map((literal) => usable(literal, caseFolded))))
    .filter((clause) => selectivity(clause) !== -Infinity)
    .sort((a, b) => selectivity(b) - selectivity(a));
  const kept = unique(clauses.map((clause) => JSON.stringify(clause.sort())))
    .slice(0, MAX_CLAUSES)
    .map((clause) => JSON.parse(clause) as string[]);
  return kept.length === 0 ? null : kept;
}

// ---------------------------------------------------------------------------------------------------------
// Where a match can start: a pattern is run only where one of its prefixes stands.

/**
 * What every match of a pattern starts with: strings at a word start (the unit before is not [a-z0-9])
 * and strings anywhere. A text is searched only at the positions where one of them stands, with a
 * sticky copy of the pattern: the matches are those a scan from the start would find, because no match
 * can start anywhere else.
 */
export interface MatchStarts {
  /** Matches may start at the start of the text, where the text starts with one of these ("": always). */
  atTextStart: readonly string[];
  /** Cores at a word start, by their first two units (`key2`) or their one unit (`key1`). */
  atWordStart: ReadonlyMap<number, readonly string[]>;
  atWordStartOne: ReadonlySet<number>;
  anywhere: readonly string[];
}

/** More prefixes found with indexOf than this cost more than running the pattern over the text. */
const MAX_ANYWHERE = 64;
const MAX_STARTS = 1024;

function startsFrom(prefixes: readonly string[] | null): MatchStarts | null {
  if (prefixes === null || prefixes.length > MAX_STARTS) return null;
  const atTextStart = new Set<string>();
  const atWordStart = new Map<number, string[]>();
  const atWordStartOne = new Set<number>();
  const anywhere = new Set<string>();
  for (const prefix of prefixes) {
    let resolved = "";
    for (let index = 0; index < prefix.length; index++) {
      const character = prefix[index]!;
      if (character === BOUNDARY) {
        if (/[A-Za-z0-9_]/u.test(prefix[index + 1] ?? "")) resolved += WORD_START;
        continue;
      }
      resolved += character;
    }
    const core = resolved.replace(MARKERS, "").slice(0, MAX_LITERAL);
    const leading = /^[\ue000-\ue003]*/u.exec(resolved)![0];
    if (leading.includes(TEXT_START)) {
      atTextStart.add(core);
    } else if (core.length === 0) {
      return null;
    } else if (leading.includes(WORD_START)) {
      if (core.length === 1) {
        atWordStartOne.add(core.charCodeAt(0));
      } else {
        const key = core.charCodeAt(0) * 0x10000 + core.charCodeAt(1);
        const cores = atWordStart.get(key) ?? [];
        cores.push(core);
        atWordStart.set(key, cores);
      }
    } else {
      anywhere.add(core);
    }
  }
  if (anywhere.size > MAX_ANYWHERE) return null;
  return { atTextStart: [...atTextStart], atWordStart, atWordStartOne, anywhere: [...anywhere] };
}

/** The filter and the match starts of a pattern (see {@link literalFilter} and {@link MatchStarts}). */
export function patternPlan(
  source: string,
  flags: string,
  caseFolded: CaseFolding = false,
): { filter: LiteralFilter | null; starts: MatchStarts | null } {
  const need = parseNeed(source, flags, caseFolded);
  if (need === null) return { filter: null, starts: null };
  const filter = filterOf(clausesFrom(need, caseFolded));
  // Word starts are those of the indexed (lower-cased) text: only a pattern that runs on it has starts.
  if (caseFolded !== false) return { filter, starts: null };
  // The prefixes when they give starts; else the heads (which see past optional parts), unless the pattern
  // may match "" (the scan reports its empty matches at any position).
  const starts =
    startsFrom(need.exact ?? need.prefixes) ??
    (need.exact === null && !need.nullable ? startsFrom(need.heads) : null);
  return { filter, starts };
}

function wordStartsOf(index: TextIndex, text: string): WordStarts {
  if (index.wordStarts) return index.wordStarts;
  const positions: number[] = [];
  const pairs: number[] = [];
  for (let position = 0; position < text.length; position++) {
    if (position > 0 && continuesWord(text.charCodeAt(position - 1))) continue;
    positions.push(position);
    pairs.push(
      text.charCodeAt(position) * 0x10000 +
        (position + 1 < text.length ? text.charCodeAt(position + 1) : 0xffff),
    );
  }
  const byPair = new Map<number, number[]>();
  const byFirst = new Map<number, number[]>();
  for (let word = 0; word < positions.length; word++) {
    const pair = pairs[word]!;
    const position = positions[word]!;
    const withPair = byPair.get(pair);
    if (withPair === undefined) byPair.set(pair, [position]);
    else withPair.push(position);
    const withFirst = byFirst.get(pair >>> 16);
    if (withFirst === undefined) byFirst.set(pair >>> 16, [position]);
    else withFirst.push(position);
  }
  index.wordStarts = { positions, pairs, byPair, byFirst };
  return index.wordStarts;
}

/** Whether one of `cores` has at most two units (the key of a word start holds the whole of it). */
function hasShortCore(cores: readonly string[]): boolean {
  for (const core of cores) if (core.length <= 2) return true;
  return false;
}

/**
 * Whether one of `cores` stands at `position` of `text`. A loop, not `cores.some` with an arrow: the arrow
 * was a closure allocated per word start tried, most of a short answer's garbage from this module.
 */
function coreStartsAt(text: string, cores: readonly string[], position: number): boolean {
  for (const core of cores) if (text.startsWith(core, position)) return true;
  return false;
}

/**
 * The word starts where one of a pattern's word-start prefixes stands, ascending: the same positions as a
 * pass over every word start, found by the pattern's keys (fewer than the words of a long text).
 */
function wordStartsByKeys(text: string, words: WordStarts, starts: MatchStarts): number[] {
  const found: number[] = [];
  let lists = 0;
  for (const first of starts.atWordStartOne) {
    const list = words.byFirst.get(first);
    if (list === undefined) continue;
    for (const position of list) found.push(position);
    lists++;
  }
  for (const [pair, cores] of starts.atWordStart) {
    const list = words.byPair.get(pair);
    if (list === undefined) continue;
    const short = hasShortCore(cores);
    for (const position of list) {
      if (short || coreStartsAt(text, cores, position)) found.push(position);
    }
    lists++;
  }
  if (lists <= 1) return found;
  found.sort((a, b) => a - b);
  let kept = 0;
  for (const position of found) if (kept === 0 || found[kept - 1] !== position) found[kept++] = position;
  found.length = kept;
  return found;
}

/**
 * Candidate starts always tried one by one, however short the text: a scan of a large word class (hundreds
 * of alternatives, Unicode mode, a lookbehind) at every position of a 100-character answer cost more than
 * a sticky run at each of 32 candidates (typical answers of 50–150 characters screened about 15% faster).
 */
const MIN_CANDIDATE_STARTS = 32;

/**
 * The positions of `text` (the indexed text) where a match may start, ascending, or null when there are
 * so many that running the pattern over the whole text is cheaper.
 */
export function candidateStarts(text: string, index: TextIndex, starts: MatchStarts): number[] | null {
  const limit = Math.max(MIN_CANDIDATE_STARTS, text.length >>> 4);
  const positions: number[] = [];
  if (coreStartsAt(text, starts.atTextStart, 0)) positions.push(0);
  const keys = starts.atWordStart.size + starts.atWordStartOne.size;
  const words = keys > 0 ? wordStartsOf(index, text) : null;
  if (words !== null && keys < words.positions.length) {
    // Fewer keys than words: look the keys up (same positions as the pass over the words below).
    for (const position of wordStartsByKeys(text, words, starts)) {
      if (positions[positions.length - 1] !== position) {
        positions.push(position);
        if (positions.length > limit) return null;
      }
    }
  } else if (words !== null) {
    for (let word = 0; word < words.positions.length; word++) {
      const position = words.positions[word]!;
      const pair = words.pairs[word]!;
      let starting = starts.atWordStartOne.has(pair >>> 16);
      if (!starting) {
        const cores = starts.atWordStart.get(pair);
        if (cores !== undefined) starting = hasShortCore(cores) || coreStartsAt(text, cores, position);
      }
      if (starting && positions[positions.length - 1] !== position) {
        positions.push(position);
        if (positions.length > limit) return null;
      }
    }
  }
  if (starts.anywhere.length === 0) return positions;
  for (const core of starts.anywhere) {
    for (let position = text.indexOf(core); position >= 0; position = text.indexOf(core, position + 1)) {
      positions.push(position);
      if (positions.length > limit) return null;
    }
  }
  positions.sort((a, b) => a - b);
  let kept = 0;
  for (const position of positions)
    if (kept === 0 || positions[kept - 1] !== position) positions[kept++] = position;
  positions.length = kept;
  return positions;
}

/**
 * The matches of a pattern in `text` (the indexed text), like `text.matchAll(global)` without the empty
 * ones, at most `limit`: at candidate starts with `sticky` when the starts are known and few, else by the
 * scan. `sticky` is the pattern with the `y` flag and without `g`. Short answers too: a scan runs the
 * pattern's whole compiled code at every position, and between grades that code has left the CPU's caches
 * (measured on the 21,391 real answers under 1,000 characters, interleaved with the scan: 16–20% faster).
 */
export function matchesFrom(
  text: string,
  index: TextIndex,
  global: RegExp,
  sticky: RegExp | null,
  starts: MatchStarts | null,
  limit: number,
): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  const positions = sticky !== null && starts !== null ? candidateStarts(text, index, starts) : null;
  if (positions === null) {
    for (const match of text.matchAll(global)) {
      if (match[0].length === 0) continue;
      found.push(match);
      if (found.length >= limit) break;
    }
    return found;
  }
  let resume = 0;
  for (const position of positions) {
    if (position < resume) continue;
    sticky!.lastIndex = position;
    const match = sticky!.exec(text);
    if (!match) continue;
    // After an empty match a scan moves on one character; after a match, past its end.
    resume = position + Math.max(1, match[0].length);
    if (match[0].length === 0) continue;
    found.push(match);
    if (found.length >= limit) break;
  }
  return found;
}

/** The first match of a pattern in `text` (the indexed text), like `pattern.exec(text)` (see matchesFrom). */
export function firstMatchFrom(
  text: string,
  index: TextIndex,
  pattern: RegExp,
  sticky: RegExp | null,
  starts: MatchStarts | null,
): RegExpExecArray | null {
  const positions = sticky !== null && starts !== null ? candidateStarts(text, index, starts) : null;
  if (positions === null) return pattern.exec(text);
  for (const position of positions) {
    sticky!.lastIndex = position;
    const match = sticky!.exec(text);
    if (match) return match;
  }
  return null;
}

/** A copy of `pattern` that matches only where `lastIndex` points (the `y` flag, no `g`). */
export function stickyCopy(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/gu, "")}y`);
}

/** A literal as {@link neededLiterals} shows it. */
export function readableLiteral(literal: string): string {
  return literal.replace(/[\ue000\ue003]/gu, "⟨").replace(/\ue001/gu, "⟩");
}
