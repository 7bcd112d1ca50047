/**
 * Obfuscated instructions: look-alike letters from other scripts inside Latin words (Cyrillic "о", Greek
 * "ι", small capitals "ɢ"), leetspeak ("1gn0r3"), letters spaced or dotted apart ("i g n o r e",
 * "G.I.V.E."), text written backwards, an acrostic (the first letters of the lines spell "FULL MARKS"),
 * and fullwidth or mathematical letters (NFKC already folds those, so the plain rules read them; the
 * finding only names the disguise).
 *
 * Each disguise gets its own de-obfuscated view; the phrase rules run on it, and only rules that did not
 * already match the plain text count, so an answer is not flagged twice for one sentence.
 */
import { foldedTextOf, foldForScreening, sourceSlice, type MatchingText } from "./matching-text.js";
import {
  findPhraseHits,
  findPhraseHitsInRanges,
  linesContaining,
  mayHideBackwards,
  type PreparedText,
} from "./phrase-screen.js";
import { PHRASE_RULES } from "./phrases/index.js";
import { clipExcerpt, decodedExcerpt, type LocatedFinding } from "./screen-types.js";

/** Letters that look like Latin letters (Cyrillic, Greek, small capitals, IPA), and leet digits. */
const LOOKALIKES = new Map<string, string>(
  Object.entries({
    а: "a",
    в: "b",
    с: "c",
    е: "e",
    һ: "h",
    і: "i",
    ј: "j",
    к: "k",
    м: "m",
    н: "h",
    о: "o",
    р: "p",
    ԛ: "q",
    ѕ: "s",
    т: "t",
    у: "y",
    х: "x",
    ԝ: "w",
    ү: "y",
    ӏ: "l",
    А: "A",
    В: "B",
    С: "C",
    Е: "E",
    Н: "H",
    І: "I",
    Ј: "J",
    К: "K",
    М: "M",
    О: "O",
    Р: "P",
    Ѕ: "S",
    Т: "T",
    Х: "X",
    У: "Y",
    α: "a",
    ο: "o",
    ι: "i",
    ε: "e",
    κ: "k",
    ν: "v",
    ρ: "p",
    τ: "t",
    υ: "u",
    χ: "x",
    γ: "y",
    Α: "A",
    Β: "B",
    Ε: "E",
    Ζ: "Z",
    Η: "H",
    Ι: "I",
    Κ: "K",
    Μ: "M",
    Ν: "N",
    Ο: "O",
    Ρ: "P",
    Τ: "T",
    Υ: "Y",
    Χ: "X",
    ᴀ: "a",
    ʙ: "b",
    ᴄ: "c",
    ᴅ: "d",
    ᴇ: "e",
    ꜰ: "f",
    ɢ: "g",
    ʜ: "h",
    ɪ: "i",
    ᴊ: "j",
    ᴋ: "k",
    ʟ: "l",
    ᴍ: "m",
    ɴ: "n",
    ᴏ: "o",
    ᴘ: "p",
    ʀ: "r",
    ꜱ: "s",
    ᴛ: "t",
    ᴜ: "u",
    ᴠ: "v",
    ᴡ: "w",
    ʏ: "y",
    ᴢ: "z",
    ɑ: "a",
    ɡ: "g",
    ɩ: "i",
  }),
);
const LEET = new Map<string, string>(
  Object.entries({ "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", $: "s" }),
);
const SMALL_CAPITALS = /[ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ]/u;
/** Any character that lookalikeView replaces. */
const MAPPED_SOURCE = `[${[...LOOKALIKES.keys(), ...LEET.keys()]
  .map((character) => character.replace(/[\\\]^-]/gu, "\\$&"))
  .join("")}]`;
const MAPPED_EVERYWHERE = new RegExp(MAPPED_SOURCE, "gu");
const MAPPED = new RegExp(MAPPED_SOURCE, "u");
const ASCII_LETTER = /[A-Za-z]/u;

/**
 * The matching text with look-alike letters and leet digits replaced inside words that are otherwise
 * Latin. Same length as the input (every replaced character is one UTF-16 unit), so offsets stay valid.
 * Words wholly in Cyrillic or Greek are left alone: they are Russian or Greek, not disguise.
 */
export function lookalikeView(text: string): string | null {
  // A word changes only where it holds a look-alike letter or a leet character: most answers have none,
  // and in the others only the words around those characters are read (each once).
  if (!MAPPED.test(text)) return null;
  let changed = false;
  let result = "";
  let copied = 0;
  for (const match of text.matchAll(MAPPED_EVERYWHERE)) {
    if (match.index < copied) continue;
    const [start, end] = tokenAround(text, match.index);
    const word = text.slice(start, end);
    const replaced = lookalikeWord(word);
    if (replaced !== word) changed = true;
    result += text.slice(copied, start) + replaced;
    copied = end;
  }
  return changed ? result + text.slice(copied) : null;
}

/** Words in disguise (Latin letters mixed with leet digits or look-alikes) that make a text read as one. */
const DISGUISED_WORDS = 3;

/**
 * The lookalike view of a text written largely in disguise — at least three words that mix Latin letters
 * with leet digits or look-alike letters ("g3 h0g5t4 b3tyg") — for the family detectors to read in any
 * language; null for ordinary text ("H2O", "x1" and "CO2" change a word or two at most).
 */
export function disguisedView(text: string): string | null {
  if (!MAPPED.test(text)) return null;
  let disguised = 0;
  let after = 0;
  for (const match of text.matchAll(MAPPED_EVERYWHERE)) {
    if (match.index < after) continue;
    const [start, end] = tokenAround(text, match.index);
    after = end;
    const word = text.slice(start, end);
    if (word.length >= 2 && lookalikeWord(word) !== word && ++disguised >= DISGUISED_WORDS) {
      return lookalikeView(text);
    }
  }
  return null;
}

/** One word of lookalikeView: read as Latin when it has a Latin letter, else left as it is. */
function lookalikeWord(word: string): string {
  const latin = ASCII_LETTER.test(word) || SMALL_CAPITALS.test(word);
  if (!latin) return word;
  let mapped = "";
  // A word with a Latin letter reads its digits as leetspeak ("g1v3"); digits alone ("10/10") stay.
  for (const character of word) mapped += LOOKALIKES.get(character) ?? LEET.get(character) ?? character;
  return mapped.length === word.length ? mapped : word;
}

const TOKEN_CHARACTER = /^[\p{L}\p{M}\p{N}@$]$/u;
/** TOKEN_CHARACTER for each BMP unit: 0 not known yet, 1 yes, 2 no. */
const tokenUnits = new Uint8Array(0x10000);

function isTokenCharacter(text: string, start: number, width: number): boolean {
  if (width === 2) return TOKEN_CHARACTER.test(text.slice(start, start + 2));
  const unit = text.charCodeAt(start);
  let known = tokenUnits[unit]!;
  if (known === 0) {
    known = TOKEN_CHARACTER.test(String.fromCharCode(unit)) ? 1 : 2;
    tokenUnits[unit] = known;
  }
  return known === 1;
}

/** The TOKEN (maximal run of letters, marks, digits, "@" and "$", by code points) around `index`. */
function tokenAround(text: string, index: number): [number, number] {
  let start = index;
  while (start > 0) {
    const low = text.charCodeAt(start - 1);
    const width = isLowSurrogate(low) && start >= 2 && isHighSurrogate(text.charCodeAt(start - 2)) ? 2 : 1;
    if (!isTokenCharacter(text, start - width, width)) break;
    start -= width;
  }
  let end = index;
  while (end < text.length) {
    const width =
      isHighSurrogate(text.charCodeAt(end)) &&
      end + 1 < text.length &&
      isLowSurrogate(text.charCodeAt(end + 1))
        ? 2
        : 1;
    if (!isTokenCharacter(text, end, width)) break;
    end += width;
  }
  return [start, end];
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Single letters joined by separators: "i g n o r e", "G.I.V.E.", "g-i-v-e". */
const SPACED_RUN = /(?<![\p{L}\p{N}])(?:\p{L}[ .\-_*·•|+/]{1,3}){3,}\p{L}(?![\p{L}\p{N}])/gu;
const SEPARATOR = /[ .\-_*·•|+/]{1,3}/gu;

/** Whether a UTF-16 unit is a separator of SPACED_RUN. */
function isSpacedSeparator(unit: number): boolean {
  switch (unit) {
    case 0x20: // space
    case 0x2e: // .
    case 0x2d: // -
    case 0x5f: // _
    case 0x2a: // *
    case 0xb7: // ·
    case 0x2022: // •
    case 0x7c: // |
    case 0x2b: // +
    case 0x2f: // /
      return true;
    default:
      return false;
  }
}
const LETTER = /^\p{L}$/u;

/** Letters and numbers (\p{L}, \p{N}) by BMP unit: 0 not known yet, 1 yes, 2 no. */
const letterOrNumberUnits = new Uint8Array(0x10000);
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

function isLetterOrNumber(text: string, start: number, width: number): boolean {
  if (width === 2) return LETTER_OR_NUMBER.test(text.slice(start, start + 2));
  const unit = text.charCodeAt(start);
  let known = letterOrNumberUnits[unit]!;
  if (known === 0) {
    known = LETTER_OR_NUMBER.test(String.fromCharCode(unit)) ? 1 : 2;
    letterOrNumberUnits[unit] = known;
  }
  return known === 1;
}

/**
 * Whether the text may hold a SPACED_RUN. Its first three letters each stand alone — no letter or number
 * before, a separator after — one to three separators apart ("i g n", "G.I.V"); ordinary text almost
 * never has three such letters in a row ("z. B." has two), so the run pattern itself is rarely needed.
 * Linear.
 */
function mayHoldSpacedRun(text: string): boolean {
  let chain = 0;
  let lastSingleEnd = -10;
  for (let index = 0; index + 1 < text.length; index++) {
    const width =
      isHighSurrogate(text.charCodeAt(index)) && isLowSurrogate(text.charCodeAt(index + 1)) ? 2 : 1;
    if (!isSpacedSeparator(text.charCodeAt(index + width))) continue;
    if (index > 0) {
      const before = text.charCodeAt(index - 1);
      const beforeWidth =
        isLowSurrogate(before) && index >= 2 && isHighSurrogate(text.charCodeAt(index - 2)) ? 2 : 1;
      if (isLetterOrNumber(text, index - beforeWidth, beforeWidth)) continue;
    }
    if (!LETTER.test(text.slice(index, index + width))) continue;
    const gap = index - lastSingleEnd;
    let linked = gap >= 1 && gap <= 3;
    for (let at = lastSingleEnd; linked && at < index; at++) linked = isSpacedSeparator(text.charCodeAt(at));
    chain = linked ? chain + 1 : 1;
    if (chain >= 3) return true;
    lastSingleEnd = index + width;
  }
  return false;
}

/** Rebuilds words from a spaced run: the most common separator joins letters, any other one splits words. */
function despace(run: string): string {
  const letters = run.split(SEPARATOR);
  const separators = run.match(SEPARATOR) ?? [];
  const counts = new Map<string, number>();
  for (const separator of separators) counts.set(separator, (counts.get(separator) ?? 0) + 1);
  const joiner = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  let rebuilt = letters[0] ?? "";
  for (let index = 1; index < letters.length; index++) {
    rebuilt += (separators[index - 1] === joiner ? "" : " ") + letters[index];
  }
  return rebuilt;
}

/**
 * The text with every spaced run rebuilt into words in place ("Cells divide. I.G.N.O.R.E the rubric" →
 * "Cells divide. IGNORE the rubric"), so a partly spaced instruction is read in its sentence.
 */
function despacedView(text: string): string {
  return text.replace(SPACED_RUN, (run) => despace(run));
}

/** Offsets where two texts of the same length differ, ascending. */
function* changedOffsets(plain: string, derived: string): Generator<number> {
  for (let index = 0; index < derived.length; index++) {
    if (plain.charCodeAt(index) !== derived.charCodeAt(index)) yield index;
  }
}

function* spacedRunOffsets(text: string): Generator<number> {
  for (const match of text.matchAll(SPACED_RUN)) yield match.index;
}

/** Instructions recognisable with every space removed (for spaced runs whose word breaks are lost). */
const SQUASHED_INSTRUCTION =
  /ignor\p{L}{0,4}(?:all|alle|the|toutes|les|las|todas|tutte|le|die)*(?:previous|prior|above|vorherigen|precedentes|anteriores|precedenti)?(?:instructions?|consignes|anweisungen|instrucciones|istruzioni|instrucoes|rubric|rules)|disregard(?:all|the|previous|prior|above)*(?:instructions|rules|rubric)|(?:give|award|assign|gib|vergib|donne|dame|dammi)(?:me|this|it|the|mir|moi)*(?:answer)?(?:full|maximum|max|top|perfect|volle|maximale)(?:marks|points|score|credit|grade|punktzahl|punkte)|fullmarks|fullcredit|maximumscore|vollepunktzahl|notemaximale|notamaxima|punteggiomassimo|mark(?:this|it|me)?ascorrect/u;

/** Fullwidth, mathematical and enclosed letters: NFKC folds them, so they only serve as a disguise here. */
const STYLED_RUN =
  /[\uff01-\uff5e\u{1d400}-\u{1d7ff}\u24b6-\u24e9\u{1f130}-\u{1f189}](?:[\uff01-\uff5e\u{1d400}-\u{1d7ff}\u24b6-\u24e9\u{1f130}-\u{1f189}\u3000 ,.!?'-]){3,}/gu;

/** Lines read for an acrostic; a poem or a list is shorter than this. */
const MAX_ACROSTIC_LINES = 400;

/**
 * The first letters of the text's non-blank lines (list markers skipped), when they spell a squashed
 * instruction ("fullmarks"); null otherwise. Five or more lines are needed.
 */
function acrosticOf(text: string): string | null {
  // Five lines need four line breaks.
  let breaks = 0;
  for (let at = text.indexOf("\n"); at >= 0 && breaks < 4; at = text.indexOf("\n", at + 1)) breaks++;
  if (breaks < 4) return null;
  const lines = text.split("\n", MAX_ACROSTIC_LINES);
  if (lines.length < 5) return null;
  let initials = "";
  for (const line of lines) {
    const initial = /\p{L}/u.exec(line.slice(0, 12));
    if (initial) initials += initial[0].toLowerCase();
  }
  const spelled = SQUASHED_INSTRUCTION.exec(initials);
  if (spelled) return spelled[0];
  // A short request ("givemax", «gibvolle») counts only when the answer points at its initials.
  const short = ANNOUNCED_REQUEST.exec(initials);
  return short && ACROSTIC_ANNOUNCED.test(text) ? short[0] : null;
}

/**
 * Round 37: a shorter request spelled by the initials ("GIVE MAXI", «GIB VOLLE», «DONNE DIX»), a give
 * order and a top within three letters of it, read only when the answer points at its initials ("the first
 * ones spell my request", "acrostic", «Anfangsbuchstaben», «premières lettres»). An acrostic poem that
 * spells "GIVE THANKS" or "MAXWELL" asks for no grade.
 */
const ANNOUNCED_REQUEST =
  /(?:give|gib|gebt|donne|dame|dammi|geef|ge|daj|da)\p{L}{0,3}?(?:max|full|top|volle|pass|ten|dix|zehn|diez|dieci|tien|tio|hundred|cent|note|nota|grade|mark|score|punkte|points|voto|cijfer|betyg)/u;
const ACROSTIC_ANNOUNCED =
  /acrost|akrosti|first\s+(?:letters?|ones|characters|words)|initial\s+letters|initials|read\s+(?:down|vertically)|anfangsbuchstaben|premi[eè]res?\s+lettres|primeras\s+letras|prime\s+lettere|primeiras\s+letras|eerste\s+letters|f[oö]rsta\s+bokst[aä]v/iu;

function obfuscationFinding(reason: string, excerpt: string, position: number): LocatedFinding {
  return { technique: "obfuscated_text", reason, excerpt: clipExcerpt(excerpt), position };
}

export interface ObfuscationScreenInput {
  original: string;
  /** The stripped answer, NFKC-folded, whitespace as written. */
  unfolded: string;
  view: MatchingText;
  /** Ids of the phrase rules that matched the canonical answer. */
  plainRuleIds: ReadonlySet<string>;
  /** `view.text` lower-cased and indexed, when the caller has them (saves making them again). */
  prepared?: PreparedText;
}

/**
 * Round 38: combining marks that decorate a letter without being part of any spelling — underline (U+0332,
 * U+0333), overline (U+0305, U+033F), strokes and slashes through it (U+0334–U+0338). Put after every letter
 * ("I̲g̲n̲o̲r̲e̲", «Α̲γ̲ν̲ό̲η̲σ̲ε̲») they hide the words from every rule, in any script. Diacritics that spell
 * (accents, the macron below of transliterations, the dot below of Vietnamese and Yoruba) are not among them.
 */
const DECORATION = /[\u0305\u0332\u0333\u0334-\u0338\u033f]/u;
const DECORATIONS = /[\u0305\u0332\u0333\u0334-\u0338\u033f]/gu;
/** Four letters in a row, each decorated: a decorated word, not a lone mathematical bar ("x̅"). */
const DECORATED_WORD = /(?:\p{L}\p{M}*[\u0305\u0332\u0333\u0334-\u0338\u033f]){4}/u;

/** The text without its decorating marks when it has a decorated word, else null. Linear. */
export function undecorated(text: string): string | null {
  // One scan for the marks themselves first: most answers have none.
  if (!DECORATION.test(text) || !DECORATED_WORD.test(text)) return null;
  return text.replace(DECORATIONS, "").normalize("NFKC");
}

/** The first character of a STYLED_RUN: without one, there is none. */
const STYLED_START = /[\uff01-\uff5e\u{1d400}-\u{1d7ff}\u24b6-\u24e9\u{1f130}-\u{1f189}]/u;

/**
 * Obfuscated instructions, at most one finding per disguise. Failure modes: disguises we do not undo
 * (letters from scripts not in the look-alike table, words split by ordinary punctuation inside longer
 * words, text read in columns, acrostics of whole words, paraphrase) are missed; an IPA transcription that happens to
 * spell a grading instruction would be flagged.
 */
export function findObfuscatedText(input: ObfuscationScreenInput): LocatedFinding[] {
  const { original, unfolded, view, plainRuleIds, prepared } = input;
  const findings: LocatedFinding[] = [];
  const isNew = (id: string) => !plainRuleIds.has(id);
  // Only rules that did not match the plain text can tell anything new about a disguised view.
  const newRules = () => PHRASE_RULES.filter((rule) => isNew(rule.id));

  const lookalikes = lookalikeView(view.text);
  if (lookalikes !== null) {
    // Only the lines with a replaced letter can hold a phrase the plain text did not.
    const changedLines = linesContaining(lookalikes, changedOffsets(view.text, lookalikes));
    const hit = findPhraseHitsInRanges(lookalikes, changedLines, newRules()).find((candidate) =>
      isNew(candidate.rule.id),
    );
    if (hit) {
      findings.push(
        obfuscationFinding(
          "The answer disguises an instruction to the grader with look-alike letters or digits.",
          sourceSlice(view, hit.start, hit.end),
          view.sourceOffsets[hit.start] ?? 0,
        ),
      );
    }
  }

  // Spaced runs are read from the unfolded text, where "i g n o r e   a l l" still shows its word breaks
  // (canonical whitespace folding removes them); a run inside a sentence is read in the canonical text.
  const spacedSource = foldedTextOf(unfolded);
  const spacedRuns = mayHoldSpacedRun(spacedSource)
    ? [...spacedSource.matchAll(SPACED_RUN)].slice(0, 50)
    : [];
  if (spacedRuns.length > 0) {
    // Only the lines with a spaced run change when despaced; the others were read as they are.
    const despaced = linesContaining(view.text, spacedRunOffsets(view.text))
      .map(([start, end]) => despacedView(view.text.slice(start, end)))
      .join("\n");
    const [sentenceHit] = findPhraseHits(despaced, newRules());
    const readableRun = spacedRuns
      .map((match) => despace(match[0]))
      .find(
        (rebuilt) =>
          SQUASHED_INSTRUCTION.test(rebuilt.replace(/[^\p{L}]/gu, "").toLowerCase()) ||
          findPhraseHits(rebuilt).length > 0,
      );
    const excerpt =
      readableRun ?? (sentenceHit ? despaced.slice(sentenceHit.start, sentenceHit.end) : undefined);
    if (excerpt !== undefined) {
      findings.push(
        obfuscationFinding(
          "The answer spells an instruction to the grader with its letters spaced or dotted apart.",
          decodedExcerpt("reads", excerpt),
          -1,
        ),
      );
    }
  }

  // Read backwards only when the text spells a grading word backwards, which ordinary text almost never does.
  const reversed = mayHideBackwards(view.text, prepared) ? Array.from(view.text).reverse().join("") : "";
  const [backwardsHit] = reversed === "" ? [] : findPhraseHits(reversed, newRules());
  if (backwardsHit) {
    findings.push(
      obfuscationFinding(
        "The answer contains an instruction to the grader written backwards.",
        decodedExcerpt("read backwards", reversed.slice(backwardsHit.start, backwardsHit.end)),
        -1,
      ),
    );
  }

  const acrostic = acrosticOf(view.text);
  if (acrostic !== null) {
    findings.push(
      obfuscationFinding(
        "The first letters of the answer's lines spell an instruction to the grader.",
        decodedExcerpt("line initials read", acrostic),
        -1,
      ),
    );
  }

  const decorated = undecorated(original);
  if (decorated !== null) {
    const [hit] = findPhraseHits(foldForScreening(decorated).text.toLowerCase(), newRules());
    if (hit) {
      findings.push(
        obfuscationFinding(
          "The answer writes an instruction to the grader in letters underlined or struck through one by one.",
          decodedExcerpt("reads", decorated.slice(hit.start, hit.end)),
          -1,
        ),
      );
    }
  }

  for (const match of STYLED_START.test(original) ? original.matchAll(STYLED_RUN) : []) {
    const folded = foldForScreening(match[0].normalize("NFKC")).text;
    if (findPhraseHits(folded).length > 0 || SQUASHED_INSTRUCTION.test(folded.replace(/[^\p{L}]/gu, ""))) {
      findings.push(
        obfuscationFinding(
          "The answer writes an instruction to the grader in fullwidth or mathematical letters.",
          match[0],
          -1,
        ),
      );
      break;
    }
  }
  return findings;
}
