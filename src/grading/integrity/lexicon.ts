/**
 * Word classes for the family detectors (grader-talk.ts, reveal-requests.ts, output-flooding.ts,
 * transcripts.ts, score-shapes.ts, cross-language.ts): what a word *does* in a sentence about grading —
 * names the grader, refers to this answer, claims a review, asks to reveal — in each screened language.
 * A detector combines classes ("a second-person pronoun, this answer and a grading act in one sentence"),
 * so a new wording of a known move is caught without a new phrase rule, in any language or a mix of them.
 *
 * Notation, so that a class reads like a word list: entries are separated by "|"; `*` after a stem means
 * "any letters follow" (\p{L}*); `_` is whitespace and `_?` optional whitespace; anything else is regex
 * syntax. Entries are written in
 * ordinary spelling and folded like the matching text (accents, Arabic letter variants; see
 * matching-text.ts), and matched on lower-cased text. Whole words for alphabetic scripts (an Arabic word
 * may carry a clitic prefix: و، ف، ب، ل، ك، ال; a Hebrew one ו ה ב ל מ ש כ); Chinese, Japanese and Thai
 * entries match anywhere. SCREENED_LANGUAGES lists the languages the core classes must cover.
 */
import {
  CLAUSE_CANNOT_HOLD,
  clausesMayHold,
  heldClauses,
  indexText,
  matchesFrom,
  mayMatch,
  patternPlan,
  stickyCopy,
  type LiteralFilter,
  type MatchStarts,
  type TextIndex,
} from "./literal-prefilter.js";
import { foldPatternSource, lowerCaseLiterals } from "./matching-text.js";
import { DIGIT } from "./screen-types.js";

export type Language =
  | "en"
  | "de"
  | "fr"
  | "es"
  | "pt"
  | "it"
  | "ru"
  | "tr"
  | "id"
  | "ar"
  | "fa"
  | "zh"
  | "hi"
  // Added after the held-out measurement, which used them: Dutch, Polish, Japanese, Korean, Urdu.
  | "nl"
  | "pl"
  | "ja"
  | "ko"
  | "ur"
  // Added after holdout2, whose multilingual attacks used them: Vietnamese, Swahili.
  | "vi"
  | "sw"
  // Added for the marking asides (marking-asides.ts): Ukrainian, Swedish, Greek.
  | "uk"
  | "sv"
  | "el"
  // Round 9: the rest of the 24 official EU languages, and a principled list beyond them (SCREENED_LANGUAGES).
  | "cs"
  | "sk"
  | "hu"
  | "ro"
  | "bg"
  | "hr"
  | "sl"
  | "fi"
  | "da"
  | "et"
  | "lv"
  | "lt"
  | "ga"
  | "mt"
  | "no"
  | "ca"
  | "he"
  | "bn"
  | "th"
  | "ms"
  | "tl"
  // Round 16: pleas for marks in Yoruba, Hausa, Zulu and Amharic (TOP_OUTCOME and the softeners only).
  | "yo"
  | "ha"
  | "zu"
  | "am";
export type WordClass = Readonly<Partial<Record<Language, string>>>;

/**
 * The languages the screen's core word classes cover, every one of them (CORE_WORD_CLASSES; a test holds
 * each class to the whole list): the 24 official languages of the EU, and Norwegian, Catalan, Ukrainian,
 * Russian, Turkish, Arabic, Persian, Hebrew, Hindi, Bengali, Urdu, Chinese, Japanese, Korean, Vietnamese,
 * Thai, Indonesian, Malay, Tagalog and Swahili.
 */
export const SCREENED_LANGUAGES: readonly Language[] = [
  // EU
  "bg",
  "hr",
  "cs",
  "da",
  "nl",
  "en",
  "et",
  "fi",
  "fr",
  "de",
  "el",
  "hu",
  "ga",
  "it",
  "lv",
  "lt",
  "mt",
  "pl",
  "pt",
  "ro",
  "sk",
  "sl",
  "es",
  "sv",
  // beyond
  "no",
  "ca",
  "uk",
  "ru",
  "tr",
  "ar",
  "fa",
  "he",
  "hi",
  "bn",
  "ur",
  "zh",
  "ja",
  "ko",
  "vi",
  "th",
  "id",
  "ms",
  "tl",
  "sw",
];

export interface WordMatch {
  index: number;
  end: number;
  text: string;
}

export interface CompiledClass {
  /** The class's number, from 0 in the order classes are made (see classMayMatch). */
  readonly id: number;
  /** The pattern source, word boundaries included, for composing larger patterns. */
  source: string;
  /** Whether a whole word (or phrase) of the class occurs in `text`. */
  test(text: string): boolean;
  /** The first whole-word match in `text`, or null. */
  exec(text: string): WordMatch | null;
  /**
   * Every whole-word match in `text`, in order, at most `limit`. With `facts` (see {@link textFacts}) about
   * this very text, script groups the text has no letter of, and groups whose words it cannot contain, are
   * skipped without running their pattern: the result is the same, only cheaper.
   */
  matches(text: string, limit?: number, facts?: TextFacts): WordMatch[];
  /** The languages the class has words in. */
  languages: readonly Language[];
  /**
   * One pattern per language, anchored at the start, to tell which languages a matched word belongs to
   * (built when first read).
   */
  readonly byLanguage: readonly (readonly [Language, RegExp])[];
}

const LETTER_BEFORE = String.raw`(?<![\p{L}\p{M}\p{N}])`;
const LETTER_AFTER = String.raw`(?![\p{L}\p{M}\p{N}])`;
/** After folding, Latin-script words are ASCII: an ASCII lookbehind is a word start, and V8 scans it fast. */
const LATIN_BEFORE = String.raw`(?<![a-z0-9])`;
const ARABIC_CLITIC = String.raw`(?:[وفبلك]|ال|[وفبلك]ال|لل)?`;

/** Entries in the notation of the classes (`|`, `*`, `_`, `_?`) as regular-expression alternatives. */
export function expandEntries(entries: string): string {
  return entries
    .split("|")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) =>
      entry
        .replace(/\*/gu, String.raw`\p{L}*`)
        .replace(/_\?/gu, String.raw`\s*`)
        .replace(/_/gu, String.raw`\s+`),
    )
    .join("|");
}

/**
 * Languages grouped by script. A class is scanned once per script the text contains: an English answer
 * never pays for the Cyrillic, Arabic, Devanagari or Chinese words (measured: the single pattern with a
 * Unicode lookbehind per language took 1–3 ms per class on 20,000 characters; the Latin group alone about
 * 0.2 ms).
 */
interface ScriptGroup {
  languages: readonly Language[];
  /** Whether the text has a letter of this script (null: always scan). */
  present: RegExp | null;
  /**
   * Whether the unfolded answer has a letter of these languages; asked in place of `present` when the
   * facts are made with the answer (folding takes accents off, so the folded text cannot tell).
   */
  presentInSource?: RegExp;
  /** Or whether the folded text has one of the languages' common words (for answers typed without accents). */
  presentAsWords?: RegExp;
  wrap: (words: string) => string;
}

/**
 * What a class scan may skip in one text, worked out once per text: which script groups it has letters of
 * (bit i for SCRIPT_GROUPS[i]) and which literals it holds (literal-prefilter.ts).
 */
export interface TextFacts {
  scripts: number;
  index: TextIndex;
}

/**
 * The facts about `text` (lower-cased folded text, as classes scan), and about `source`, the answer it was
 * folded from, when given. Linear in the length.
 */
export function textFacts(text: string, source?: string): TextFacts {
  const index = indexText(text);
  let scripts = 0;
  SCRIPT_GROUPS.forEach((group, bit) => {
    if (group.presentInSource !== undefined && source !== undefined) {
      if (group.presentInSource.test(source) || group.presentAsWords?.test(text) === true)
        scripts |= 1 << bit;
      return;
    }
    // A text whose every unit is Latin, Greek, punctuation or a symbol (the index's script 1: most
    // answers) has a letter of no other group; only then is the group's own test skipped.
    if (group.present === null || (index.scripts !== 1 && group.present.test(text))) scripts |= 1 << bit;
  });
  return { scripts, index };
}

const SCRIPT_GROUPS: readonly ScriptGroup[] = [
  {
    languages: ["en", "de", "fr", "es", "pt", "it", "tr", "id", "nl", "yo", "ha", "zu"],
    present: null,
    wrap: (words) => `${LATIN_BEFORE}(?:${words})${LETTER_AFTER}`,
  },
  {
    // Greek rides with a Latin group: the screen's text index counts it as Latin-like, and its words need
    // only the end boundary these groups have. Polish, Vietnamese, Swedish, Greek, Swahili, Malay and
    // Tagalog are scanned in an answer with one of their letters or common short words, so that English
    // and German answers do not pay for their words.
    languages: ["pl", "vi", "sv", "el", "sw", "ms", "tl"],
    present: null,
    presentInSource: /[ąęłśżźćńåơưăđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ\u0370-\u03ff]/iu,
    presentAsWords:
      /(?<![a-z])(?:nie|jest|sie|oraz|ktory|ktora|dla|przez|prosze|och|att|som|inte|jag|ar|det|till|med|svaret|la|cua|va|cho|nay|khong|cac|nhung|duoc|trong|mot|na|ya|wa|kwa|ni|za|hii|katika|kama|tafadhali|yang|dan|ini|itu|untuk|dengan|tidak|sila|ang|ng|mga|sa|ay|po)(?![a-z])/u,
    wrap: (words) => `${LATIN_BEFORE}(?:${words})${LETTER_AFTER}`,
  },
  {
    // Round 9's Latin-script languages that write letters of their own (ě š ř ů ő ű ă ș ț ć đ æ ø å ā ē ī
    // ū ģ ķ ļ ņ ą ę ė į ų ċ ġ ħ ż õ): scanned only in an answer that has one of those letters or one of
    // their common short words ("og", "ikke", "hogy", "este", "ir"), so that the English and German
    // answers pay nothing for their words.
    languages: ["cs", "sk", "hu", "ro", "hr", "sl", "da", "no", "et", "lv", "lt", "mt"],
    present: null,
    presentInSource: /[ěščřžýůďťňľĺŕőűășțşţćđæøåāēīūģķļņąęėįųċġħżõ]/iu,
    presentAsWords:
      /(?<![a-z])(?:ikke|og|jeg|av|af|som|til|jsou|se|na|aby|nebo|alebo|hogy|nem|egy|az|vagy|este|sunt|pentru|care|sau|cu|pe|za|od|ali|kot|tudi|ki|ja|ei|kui|mis|ning|ka|ir|ar|vai|bet|uz|yra|kad|arba|su|tai|kas|li|huwa|hija)(?![a-z])/u,
    wrap: (words) => `${LATIN_BEFORE}(?:${words})${LETTER_AFTER}`,
  },
  {
    // Finnish, Irish and Catalan share their accents with German, Spanish and French: scanned in an
    // answer with any accented Latin letter or one of their common short words.
    languages: ["fi", "ga", "ca"],
    present: null,
    presentInSource: /[\u00c0-\u024f\u1e00-\u1eff]/u,
    presentAsWords:
      /(?<![a-z])(?:ja|on|ei|se|etta|tai|mutta|joka|ovat|agus|ata|ar|na|ni|les|amb|per|que|els|una|perque)(?![a-z])/u,
    wrap: (words) => `${LATIN_BEFORE}(?:${words})${LETTER_AFTER}`,
  },
  {
    languages: ["ru", "uk", "bg"],
    present: /[\u0400-\u04ff]/u,
    wrap: (words) => `${LETTER_BEFORE}(?:${words})${LETTER_AFTER}`,
  },
  {
    languages: ["ar", "fa", "ur"],
    present: /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/u,
    wrap: (words) => `${LETTER_BEFORE}${ARABIC_CLITIC}(?:${words})`,
  },
  {
    languages: ["hi"],
    present: /[\u0900-\u097f]/u,
    wrap: (words) => `${LETTER_BEFORE}(?:${words})${LETTER_AFTER}`,
  },
  {
    languages: ["zh", "ja"],
    present: /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/u,
    wrap: (words) => `(?:${words})`,
  },
  // Hebrew writes "and", "the", "in", "to", "from", "that" as one-letter prefixes (up to two of them).
  {
    languages: ["he"],
    present: /[\u0590-\u05ff]/u,
    wrap: (words) => `${LETTER_BEFORE}(?:[ובלמשהכ]{1,2})?(?:${words})${LETTER_AFTER}`,
  },
  {
    languages: ["bn"],
    present: /[\u0980-\u09ff]/u,
    wrap: (words) => `${LETTER_BEFORE}(?:${words})${LETTER_AFTER}`,
  },
  // Thai writes no spaces between words: entries match anywhere, as Chinese ones do.
  { languages: ["th"], present: /[\u0e00-\u0e7f]/u, wrap: (words) => `(?:${words})` },
  {
    languages: ["am"],
    present: /[\u1200-\u137f]/u,
    wrap: (words) => `${LETTER_BEFORE}(?:${words})${LETTER_AFTER}`,
  },
  // Korean attaches particles to a word's end: a start boundary only.
  { languages: ["ko"], present: /[\uac00-\ud7af]/u, wrap: (words) => `${LETTER_BEFORE}(?:${words})` },
];

/** A scanner's regular expressions and literal plan, made the first time a text of its script is scanned. */
interface ScannerPatterns {
  pattern: RegExp;
  sticky: RegExp;
  filter: LiteralFilter | null;
  starts: MatchStarts | null;
}

/**
 * Whether a class may match a short text, decided from numbers alone. A screen asks about a hundred classes
 * per answer and nearly all of them hold no word of it; on the analysis thread, between two grades, each
 * question read half a dozen objects of its class (the closure, its scanners, their patterns and filters)
 * from memory the grade's other work had evicted: about 3 µs a question, a third of an ordinary answer's
 * screen (stop 46, a CPU profile with the caches flushed between answers). Here every class's scanners are
 * numbers side by side: per class, its scanners' count; per scanner, its script bit and its filter's clause
 * ids (count first; -1 for a scanner without a filter).
 */
let classPlans = new Int32Array(1 << 14);
let classPlansLength = 0;
/** Per class id, where its plan starts in classPlans; -1 until it is made. */
let classPlanStarts = new Int32Array(512).fill(-1);
/** Per class id, what its plan is made from (its scanners' bits and filters). */
const classPlanSources: (() => readonly (readonly [bit: number, filter: LiteralFilter | null])[])[] = [];

/** How many classes have been made (ids run from 0 to this). */
export function classesMade(): number {
  return classPlanSources.length;
}

function classPlanStart(id: number): number {
  const known = classPlanStarts[id]!;
  if (known >= 0) return known;
  const plan: number[] = [];
  const scanners = classPlanSources[id]!();
  plan.push(scanners.length);
  for (const [bit, filter] of scanners)
    plan.push(bit, ...(filter === null ? [-1] : [filter.clauses.length, ...filter.clauses]));
  if (classPlansLength + plan.length > classPlans.length) {
    const larger = new Int32Array(Math.max(classPlans.length * 2, classPlansLength + plan.length));
    larger.set(classPlans);
    classPlans = larger;
  }
  classPlans.set(plan, classPlansLength);
  classPlanStarts[id] = classPlansLength;
  classPlansLength += plan.length;
  return classPlanStarts[id];
}

/**
 * False when the class cannot match the text the facts are about (no scanner of the text's scripts whose
 * literals it may hold): the answer of `matches`, without reading the class's objects. True when it may, or
 * when the text is too long to be decided this way.
 */
export function classMayMatch(wordClass: CompiledClass, facts: TextFacts): boolean {
  const held = heldClauses(facts.index);
  if (held === null) return true;
  let at = classPlanStart(wordClass.id);
  for (let scanners = classPlans[at++]!; scanners > 0; scanners--) {
    const bit = classPlans[at++]!;
    const clauses = classPlans[at++]!;
    if (clauses < 0) {
      if ((facts.scripts & bit) !== 0) return true;
      continue;
    }
    // A scanner of a script the text is not in is not run (see `matches`); one whose clauses are not all
    // decided may match.
    if ((facts.scripts & bit) !== 0 && clausesMayHold(held, classPlans, at, clauses) !== CLAUSE_CANNOT_HOLD)
      return true;
    at += clauses;
  }
  return false;
}

/** The text test and exec were last asked about, and its facts. */
let lastTested: { text: string; facts: TextFacts } | null = null;

/**
 * Facts for `test` and `exec`, which detectors ask of slices (a role label, a sentence, a line): with them a
 * class whose words the slice cannot hold runs no pattern, where it scanned the slice once per script group
 * (a screen asks a few dozen such questions; on the analysis thread, cold, they cost tens of microseconds).
 * Detectors ask several classes about one slice in a row: the last slice's facts are kept.
 */
function factsForTest(text: string): TextFacts {
  if (lastTested?.text !== text) lastTested = { text, facts: textFacts(text) };
  return lastTested.facts;
}

/**
 * Every class's deferred compilation, so that start-up (Runtime.warmUp) and the tests can compile them all
 * at once and a bad entry still fails early.
 */
const deferredCompilations: ((() => unknown) & { made: boolean })[] = [];

/** `make()`, run once, the first time the result is asked for. */
function deferred<T>(make: () => T): (() => T) & { made: boolean } {
  let made: { value: T } | null = null;
  const get = Object.assign(
    () => {
      made ??= { value: make() };
      get.made = true;
      return made.value;
    },
    { made: false },
  );
  deferredCompilations.push(get);
  return get;
}

/**
 * Compiles every class's patterns now (they are otherwise compiled the first time a text needs them) and
 * says how many had still to be built. A regular expression with \p{L} costs V8 about 0.1 ms per property
 * class to build: building all of them at module load took seconds in every process and thread, paid even
 * by an English answer that never scans Arabic words.
 */
export function compileAllClasses(): number {
  return compileClassesFor(Number.POSITIVE_INFINITY).built;
}

/** How many classes are still to be compiled (without compiling any). */
export function pendingClassCompilations(): number {
  return deferredCompilations.filter((compile) => !compile.made).length;
}

/**
 * compileAllClasses in slices: compiles classes still to build until `budgetMs` has passed (at least one),
 * and says how many it built and how many are left. A process that already listens warms up this way, so
 * that the event loop answers between slices instead of being held for seconds.
 */
export function compileClassesFor(budgetMs: number): { built: number; left: number } {
  const stopAt = performance.now() + budgetMs;
  let built = 0;
  let left = 0;
  for (const compile of deferredCompilations) {
    if (compile.made) continue;
    if (built > 0 && performance.now() >= stopAt) {
      left++;
      continue;
    }
    compile();
    built++;
  }
  return { built, left };
}

/**
 * Compiles a class for lower-cased folded text, one scanning pattern per script group. The
 * regular expressions are built on first use; compileAllClasses builds them all (a bad entry throws there).
 */
export function compileClass(wordClass: WordClass): CompiledClass {
  const languageSources: (readonly [Language, string])[] = [];
  const scanners: {
    bit: number;
    present: RegExp | null;
    plan: () => { filter: LiteralFilter | null; starts: MatchStarts | null };
    compiled: () => ScannerPatterns;
  }[] = [];
  const sources: string[] = [];
  for (const [bit, group] of SCRIPT_GROUPS.entries()) {
    const words = group.languages
      .filter((language) => wordClass[language] !== undefined)
      .map((language) => {
        const source = lowerCaseLiterals(foldPatternSource(expandEntries(wordClass[language]!)));
        languageSources.push([language, `^${group.wrap(source).replace(/^\(\?<!\[[^\]]*\]\)/u, "")}`]);
        return source;
      });
    if (words.length === 0) continue;
    const source = group.wrap(words.join("|"));
    sources.push(source);
    const plan = deferred(() => patternPlan(source, "gu"));
    scanners.push({
      bit,
      present: group.present,
      plan,
      compiled: deferred(() => {
        const pattern = new RegExp(source, "gu");
        return { pattern, sticky: stickyCopy(pattern), ...plan() };
      }),
    });
  }
  const id = classPlanSources.length;
  classPlanSources.push(() => scanners.map(({ bit, plan }) => [1 << bit, plan().filter] as const));
  if (id >= classPlanStarts.length) {
    const larger = new Int32Array(classPlanStarts.length * 2).fill(-1);
    larger.set(classPlanStarts);
    classPlanStarts = larger;
  }
  const byLanguage = deferred(() =>
    languageSources.map(([language, source]) => [language, new RegExp(source, "u")] as const),
  );
  // Each scanner's script bit, and the class's together, in plain numbers: a text is in one or two scripts,
  // and looking at the bits first leaves the other scanners' objects unread (a screen asks about 100 classes
  // with some 670 scanners; on the analysis thread's cold caches every object read was a likely miss).
  const scannerBits = scanners.map((scanner) => 1 << scanner.bit);
  const classBits = scannerBits.reduce((all, bits) => all | bits, 0);
  const matches = (text: string, limit = Number.POSITIVE_INFINITY, facts?: TextFacts): WordMatch[] => {
    const found: WordMatch[] = [];
    if (facts !== undefined && (facts.scripts & classBits) === 0) return found;
    // Scanners that found something: matches of two or more are put in text order.
    let scannersFound = 0;
    for (let scanner = 0; scanner < scanners.length; scanner++) {
      if (facts !== undefined && (facts.scripts & scannerBits[scanner]!) === 0) continue;
      const { present, compiled } = scanners[scanner]!;
      if (facts === undefined) {
        if (present !== null && !present.test(text)) continue;
      } else if (!mayMatch(compiled().filter, facts.index)) {
        continue;
      }
      const { pattern, sticky, starts } = compiled();
      const each =
        facts === undefined
          ? text.matchAll(pattern)
          : matchesFrom(text, facts.index, pattern, sticky, starts, scanners.length === 1 ? limit : Infinity);
      const before = found.length;
      for (const match of each) {
        if (match[0].length === 0) continue;
        found.push({ index: match.index, end: match.index + match[0].length, text: match[0] });
        if (found.length >= limit && scanners.length === 1) break;
      }
      if (found.length > before) scannersFound++;
    }
    if (scannersFound > 1) found.sort((a, b) => a.index - b.index);
    if (found.length > limit) found.length = limit;
    return found;
  };
  const exec = (text: string) => matches(text, 1, factsForTest(text))[0] ?? null;
  return {
    id,
    source: sources.join("|"),
    test: (text) => exec(text) !== null,
    exec,
    matches,
    languages: languageSources.map(([language]) => language),
    get byLanguage() {
      return byLanguage();
    },
  };
}

/**
 * Compiles a detector pattern for lower-cased folded text: literal words in it are folded like the text
 * (so Persian «گرامی» matches the text's «گرامي»); sources of compiled classes may be embedded as they are.
 */
export function foldedPattern(source: string, flags = "u"): RegExp {
  return new RegExp(lowerCaseLiterals(foldPatternSource(source)), flags);
}

/** The languages whose entries match `word` (a match of the class) as a whole. */
export function languagesOf(wordClass: CompiledClass, word: string): Set<Language> {
  const languages = new Set<Language>();
  for (const [language, pattern] of wordClass.byLanguage) {
    const match = pattern.exec(word);
    if (match && match[0].length === word.length) languages.add(language);
  }
  return languages;
}

// ---------------------------------------------------------------------------------------------------------
// Who grades, and who is spoken to

/**
 * A rule that forbids showing something ("must not be disclosed to other students", «다른 학생에게
 * 공개해서는 안 된다», «darf nicht weitergegeben werden»): a statement of privacy, not a request, unless
 * the sentence also asks.
 */
export const FORBIDDEN = compileClass({
  en: "must_not|mustn't|should_not|shouldn't|may_not|must_never|should_never|(generally_|usually_)?(cannot|can't|can_not)_(legally_)?(disclose|share|release|reveal|show|publish)|(is|are)_not_to_be|(is|are)_not_allowed|(is|are)_forbidden|(is|are)_prohibited",
  de: "darf_nicht|durfen_nicht|darf_kein*|durfen_kein*|(ist|sind)_verboten|nicht_weitergegeben_werden",
  fr: "ne_(doit|doivent)_(pas|jamais)|(est|sont)_interdit*",
  es: "no_(debe|deben|puede|pueden)_(ser|compartir*|divulgar*|mostrar*|revelar*)|(esta|estan)_prohibid*",
  pt: "nao_(deve|devem|pode|podem)_(ser|compartilh*|divulg*|mostr*|revel*)|(e|sao)_proibid*",
  it: "non_(deve|devono|puo|possono)_(essere|condivider*|divulgar*|mostrar*|rivelar*)|(e|sono)_vietat*",
  nl: "mag_niet|mogen_niet|(is|zijn)_verboden",
  pl: "nie_wolno|nie_moze|nie_moga|nie_powin*",
  ru: "нельзя|не_должн*|запрещ*",
  uk: "не_можна|не_повин*|заборон*",
  tr: "paylasilmamali*|gosterilmemeli*|acıklanmamali*|yasak*",
  id: "tidak_boleh|dilarang",
  ko: "\\p{L}*(해|하여)서는_안|\\p{L}*해선_안|\\p{L}*하면_안|금지\\p{L}*",
  ja: "てはいけない|てはならない|べきではない|禁止",
  zh: "不得|不能|不应|不可以|禁止|严禁",
  ar: "لا_يجوز|يمنع|يحظر|ممنوع",
  fa: "نباید|ممنوع",
});

/** The grader, human or machine. */
export const GRADER = compileClass({
  en: "((automated|automatic|ai|ai-based|online|digital|llm|human|second|external)_)?(grader*|gradr|marker|markers|markr|examiner*|examner|evaluator*|evalu[ae]ter|assessor*|asess?or|reviewer*|moderator*|corrector*|(grading|marking|scoring|evaluation|assessment|auto-?grading)_(model|system|ai|assistant|bot|engine|tool|software|program))|ai|a\\.i\\.|llm|gpt|chatgpt|claude|gemini|language_model|model|assistant|bot",
  de: "prufer*|bewerter*|korrektor*|gutachter*|ki|sprachmodell|assistent*",
  fr: "correcteur*|correctrice*|examinateur*|examinatrice*|evaluateur*|evaluatrice*|ia|modele|assistant",
  es: "corrector*|correctora*|evaluador*|examinador*|revisor*|ia|modelo|asistente",
  pt: "corretor*|avaliador*|examinador*|revisor*|ia|modelo|assistente",
  it: "correttore|correttrice|valutatore|valutatrice|esaminatore|esaminatrice|revisore|ia|modello|assistente",
  ru: "проверяющ*|экзаменатор*|оценщик*|рецензент*|ии|нейросет*|модел*|ассистент*",
  tr: "degerlendirici*|notlandirici*|sinav_gorevlisi|yapay_zeka|asistan|(degerlendirme|notlandirma|puanlama)_(modeli|modeline|sistemi|sistemine)",
  id: "penilai|pemeriksa|korektor|penguji|kecerdasan_buatan",
  ar: "مصحح*|ممتحن*|مقيم|مقيمه|الذكاء_الاصطناعي|نموذج",
  fa: "مصحح|ارزیاب*|تصحیح_?کننده|ممتحن|هوش_مصنوعی",
  zh: "阅卷(老师|人|员)?|閱卷(老師|人|員)?|评分(员|者|老师)|評分(員|者|老師)|判卷(老师|人)?|考官|批改(老师|者)|人工智能|评委",
  hi: "परीक्षक|मूल्यांकनकर्ता|जाँचकर्ता|जांचकर्ता",
  nl: "beoordelaar*|corrector|examinator|nakijker*",
  pl: "egzaminator*|oceniaj*|sprawdzaj*|korektor*",
  vi: "nguoi_cham(_bai|_thi|_diem)?|ai_cham(_bai|_diem)|he_thong_cham(_bai|_diem)|giam_khao|thay_cham_bai|co_cham_bai",
  sw: "msahihishaji|wasahihishaji|mtahini|mkaguzi",
  ja: "採点者|採点官|試験官|評価者|AI|人工知能",
  ko: "채점자|채점관|평가자|시험관|인공지능",
  ur: "ممتحن|جانچ_کرنے_والے|مصحح",
  cs: "hodnotitel*|zkoušející*|opravující*|examinátor*",
  sk: "hodnotiteľ*|skúšajúc*|opravujúc*",
  hu: "értékelő*|javító_tanár*|vizsgáztató*|bíráló*",
  ro: "evaluator*|evaluatoare*|corector*|examinator*",
  bg: "оценяващ*|проверяващ*|изпитващ*|квестор*",
  hr: "ocjenjivač*|ispitivač*",
  sl: "ocenjevalec|ocenjevalc*|ocenjevalk*|izpraševal*",
  fi: "arvioija*|arvostelija*|tarkastaja*",
  da: "censor|censoren|censorer|censorerne|bedømmer*|eksaminator*",
  no: "sensoren|sensorene|eksaminator*",
  et: "hindaja*|eksamineerija*",
  lv: "vērtētāj*|eksaminētāj*|labotāj*",
  lt: "vertintoj*|egzaminuotoj*|tikrintoj*",
  ga: "scrúdaitheoir*|ceartaitheoir*|measúnóir*",
  mt: "eżaminatur*|korrettur*|assessur*|evalwatur*",
  ca: "corrector*|correctora*|avaluador*|examinador*",
  he: "בודק|בודקת|בודקים|מעריך|מעריכה|בוחן|בוחנת|מדרג",
  bn: "পরীক্ষক*|মূল্যায়নকারী*|গ্রেডার|গ্রেডারের|গ্রেডারকে",
  th: "ผู้ตรวจ|ผู้ให้คะแนน|ผู้ประเมิน",
  ms: "pemeriksa|penilai|pemeriksa_kertas",
  tl: "tagasuri|tagawasto|tagamarka|tagapagsuri",
  sv: "bedömare*|rättare*|examinator*",
  el: "βαθμολογητ*|εξεταστ*|διορθωτ*",
  uk: "перевіряюч*|екзаменатор*|оцінювач*",
  ha: "mai_duba_jarrabawa|mai_tantancewa|masu_duba_jarrabawa",
  yo: "olùyẹ̀wò|oluyewo|olùṣàyẹ̀wò|olusayewo",
});

/** People whose word would settle a grade (a claim that they already did is meta-talk). */
export const AUTHORITY = compileClass({
  en: "teacher*|professor*|prof|instructor*|lecturer*|tutor*|ta|tas|teaching_assistant*|examiner*|grader*|marker*|moderator*|department|faculty|exam_board|examination_board|committee|panel|expert*|supervisor*|principal|reviewer*|school|university|staff|course_staff|coordinator*|coordination|exam_office|office|board|head_of*|dept|mr|mrs|ms|dr",
  de: "lehrer*|lehrkraft|dozent*|professor*|tutor*|prufer*|fachschaft|prufungsausschuss|experte*|gutachter*|schule|herr|herrn|frau|kursleitung|studienleitung",
  fr: "professeur*|prof|enseignant*|correcteur*|jury|expert*|departement|examinateur*|m\\.|mme|monsieur|madame|responsable*|coordinat*",
  es: "profesor*|docente*|maestr[oa]|tutor*|departamento|tribunal|experto*|evaluador*|sr|sra|senor|senora|profe|coordinador*|coordinacion",
  pt: "professor*|docente*|tutor*|banca|departamento|especialista*|avaliador*|corretor*|coordenacao|coordenador*|sr|sra",
  it: "professor*|docente*|insegnante*|tutor|commissione|dipartimento|espert*|valutator*|sig|coordinat*",
  ru: "преподавател*|учител*|профессор*|эксперт*|комисси*|кафедр*|экзаменатор*|проверяющ*",
  tr: "ogretmen*|hoca*|profesor*|uzman*|komisyon*",
  id: "guru|dosen|pengajar|penguji|penilai|ahli|panitia",
  ar: "المعلم|المدرس|الاستاذ|الدكتور|المصحح|اللجنه|الخبير|الخبراء|القسم",
  fa: "استاد|معلم|دبیر|مصحح|کارشناس*|هیئت",
  zh: "老师|老師|教师|教師|教授|专家|專家|评审|評審|委员会|委員會|阅卷|閱卷",
  hi: "शिक्षक|अध्यापक|प्रोफेसर|परीक्षक|विशेषज्ञ|समिति",
  nl: "docent*|leraar|lerares|examinator|examencommissie",
  pl: "prowadz*|nauczyciel*|wykladowc*|egzaminator*|profesor*",
  ja: "先生|教師|教授|採点者|試験官",
  ko: "선생님|교사|교수|채점자",
  ur: "استاد|استاد_صاحب|ٹیچر|ممتحن",
  sv: "lärar*|lärare*|examinator*|rättare*",
  no: "lærer*|sensor*|faglærer*|rektor",
  da: "lærer*|censor*|underviser*|rektor",
  fi: "opettaja*|tarkastaja*|sensori*|rehtori",
  et: "õpetaja*|hindaja*|eksamineerija*",
  lv: "skolotāj*|pasniedzēj*|eksaminētāj*",
  lt: "mokytoj*|dėstytoj*|egzaminuotoj*",
  cs: "učitel*|vyučující*|zkoušející*|hodnotitel*|profesor*",
  sk: "učiteľ*|vyučujúc*|skúšajúc*|hodnotiteľ*|profesor*",
  sl: "učitelj*|profesor*|ocenjevalec*|izpraševalec*",
  hr: "nastavni*|profesor*|ocjenjivač*|ispitivač*",
  bg: "учител*|преподавател*|проверяващ*|квестор*",
  uk: "вчител*|учител*|викладач*|екзаменатор*|перевіряюч*|комісі*|експерт*",
  hu: "tanár*|vizsgáztató*|értékelő*",
  ro: "profesor*|profesoar*|evaluator*|examinator*|corector*",
  el: "καθηγητ*|δασκαλ*|εξεταστ*|βαθμολογητ*",
  ga: "múinteoir*|scrúdaitheoir*|ollamh",
  mt: "għalliem*|eżaminatur*|surmast*",
  ca: "professor*|professora*|docent*|examinador*|avaluador*",
  he: "המורה|מורה|המרצה|מרצה|הבוחן|הבודק|הבודקת",
  bn: "শিক্ষক*|পরীক্ষক*|স্যার|ম্যাডাম",
  th: "คุณครู|ครู|อาจารย์|ผู้ตรวจ",
  ms: "cikgu|guru|pensyarah|pemeriksa",
  tl: "guro|titser|propesor",
  sw: "mwalimu|walimu|mtahini|mkaguzi",
  vi: "giao_vien|thay_giao|co_giao|giam_khao",
  ha: "malami|malamai|malama|malamin|malamar|farfesa|mai_duba_jarrabawa",
  yo: "olùkọ́|oluko|olùkọ́_wa|ọ̀jọ̀gbọ́n|ojogbon|olùyẹ̀wò|oluyewo",
});

/** Second-person pronouns (ambiguous forms such as German "Sie"/"ihr" and Spanish "su" are left out). */
export const YOU = compileClass({
  en: "you|your|yours|yourself",
  de: "du|dich|dir|dein*|euch|euer|eure*|ihnen",
  fr: "tu|te|toi|ton|ta|tes|vous|votre|vos",
  es: "tu|tú|te|ti|usted*|vosotros|os",
  pt: "voce*|tu|te|teu|tua",
  it: "tu|ti|tuo|tua|tuoi|tue|voi|vostr[oa]",
  ru: "ты|тебя|тебе|твой|твоя|твое|твои|вы|вас|вам|ваш*",
  tr: "sen|seni|sana|senin|siz|sizi|size|sizin",
  id: "kamu|anda|engkau|kau",
  ar: "انت|انتم|لك|عليك",
  fa: "تو|شما",
  zh: "你|您",
  hi: "आप|तुम|तुम्हें|आपको|तुम्हारा|आपका",
  nl: "je|jij|u|jouw|uw",
  pl: "ty|ciebie|tobie|pan|pani",
  ja: "あなた",
  ko: "당신|너",
  ur: "آپ|تم",
});

/** This answer: the student's own work referred to as a thing being graded. */
export const THIS_ANSWER = compileClass({
  en: "(this|my|our|the_above|the_present|the_following|the_current)_(answer|response|submission|essay|solution|work|attempt|paper|assignment|reply|entry|explanation|analysis|argument|proof|derivation|account)|the_student'?s_(answer|response|submission|work)|this_(exact_)?(text|wording)|the_answer_(above|below)|this_student'?s_(answers?|responses?|work)|isko|is_(answer|jawab)_ko",
  de: "(diese|meine|die_vorliegende|die_obige|unsere)_(antwort|losung|abgabe|arbeit|einreichung|ausarbeitung|bearbeitung)|(dieser|mein)_(text|aufsatz|beitrag)",
  fr: "(cette|ma|la_presente)_(reponse|copie|solution|redaction|production)|(ce|mon)_(devoir|travail|texte)",
  es: "(esta|mi|la_presente)_(respuesta|solucion|entrega|redaccion|tarea)|(este|mi)_(trabajo|texto|ensayo)",
  pt: "(esta|essa|minha|a_presente)_(resposta|solucao|redacao|entrega|tarefa)|(este|esse|meu)_(trabalho|texto)",
  it: "(questa|la_mia|la_presente)_(risposta|soluzione|consegna)|(questo|il_mio)_(elaborato|compito|testo|lavoro)",
  ru: "(эт|мо|данн)*_(ответ|работ|решени)*",
  tr: "bu_(cevap|yanit|cozum|odev|metin)*|(cevab|yanit|cozum)(im|imi|ima|imin|imiz)",
  id: "(jawaban|tugas|esai|tulisan|karya)_(ini|saya|ku)|jawabanku",
  ar: "هذه_الاجابه|الاجابه_هذه|اجابتي|هذا_الجواب|جوابي|هذا_الحل",
  fa: "(این|همین)_(پاسخ|جواب|متن)|(پاسخ|جواب)_(من|ام)|پاسخم|جوابم",
  zh: "(这个|這個|这份|這份|这篇|這篇|本|我的|该|該|此)(答案|回答|作答|作文|解答)",
  hi: "(यह|मेरा|मेरे|इस)_(उत्तर|जवाब)",
  nl: "(dit|mijn)_(antwoord|werk)",
  pl: "(ta|moja)_odpowied*",
  ja: "この(解答|回答|答え)|私の(解答|回答|答え)",
  ko: "이_(답안|답변)|제_(답안|답변)|내_(답안|답변)",
  ur: "یہ_جواب|میرا_جواب|اس_جواب",
  he: "תשובה_(הזו|הזאת|זו|זאת|שלי)|עבודה_(הזו|הזאת|זו|שלי)|פתרון_(הזה|זה|שלי)|חיבור_(הזה|זה|שלי)",
  cs: "(tato|tahle|tuto|tuhle|moje|má|mou|moji)_(odpověď|odpovědi|práce|práci|řešení|esej)|(tento|tenhle|můj)_(text|esej)",
  sk: "(táto|tato|túto|tuto|moja|moju)_(odpoveď|odpovede|práca|prácu|riešenie|esej)",
  sv: "(detta|det_här|mitt)_(svar|arbete)|(denna|den_här|min)_(lösning|uppsats|inlämning)|svaret_ovan|mitt_svar",
  da: "(dette|mit|det_her)_svar|(denne|min)_(besvarelse|løsning)",
  no: "(dette|mitt)_svar(et)?|svaret_mitt|(denne|min)_(besvarelse|besvarelsen|løsning)|besvarelsen_min",
  fi: "tämä_vastaus|tämän_vastauksen|tätä_vastausta|tähän_vastaukseen|vastaukseni|vastaustani|tämä_ratkaisu|ratkaisuni",
  hu: "ez_a_(válasz|megoldás|dolgozat)|ezt_a_(választ|megoldást|dolgozatot)|a_válaszom|válaszomat|dolgozatom|dolgozatomat|megoldásom",
  ro: "(acest|acesta)_(răspuns|eseu)|(această|aceasta)_(rezolvare|lucrare)|răspunsul_(meu|acesta)|lucrarea_(mea|aceasta)|rezolvarea_(mea|aceasta)",
  el: "αυτή_η_(απάντηση|εργασία|λύση)|αυτήν_την_(απάντηση|εργασία|λύση)|(η|την)_(απάντηση|εργασία|λύση)_μου",
  uk: "(ця|моя|дана)_(відповідь|робота)|(цю|мою|дану)_(відповідь|роботу)",
  th: "คำตอบนี้|คำตอบของ(ฉัน|ผม|หนู|ดิฉัน)|งานชิ้นนี้|เรียงความนี้",
  bn: "এই_উত্তর|এই_উত্তরটি|এই_উত্তরটা|আমার_উত্তর|আমার_উত্তরটি|এই_রচনা|এই_রচনাটি",
  ha: "wannan_amsa|wannan_amsar|amsar_nan|amsata|amsa_ta",
  yo: "ìdáhùn_yìí|idahun_yii|ìdáhùn_mi|idahun_mi|iṣẹ́_yìí|ise_yii|iṣẹ́_mi|ise_mi",
  sw: "jibu_(hili|langu)|majibu_(haya|yangu)|insha_(hii|yangu)|kazi_yangu_hii",
  tl: "sagot_na_ito|itong_sagot|aking_sagot|sagot_ko|sanaysay_na_ito|itong_sanaysay",
  vi: "bai_lam_(nay|cua_em|cua_toi)|cau_tra_loi_(nay|cua_em|cua_toi)|bai_viet_(nay|cua_em)|bai_cua_em",
});

/** The student in the third person, as a grader writes about them. */
export const THE_STUDENT = compileClass({
  en: "the_(student|candidate|learner|pupil|author|writer)",
  de: "(der|die)_(schuler|schulerin|student|studentin|prufling|kandidat|kandidatin|verfasser|verfasserin)",
  fr: "l'(eleve|etudiant|etudiante|auteur|autrice|candidat|candidate)",
  es: "(el|la)_(alumn[oa]|estudiante|candidat[oa]|autor|autora)",
  pt: "(o|a)_(alun[oa]|estudante|candidat[oa]|autor|autora)",
  it: "lo_studente|la_studentessa|l'(alunno|alunna|autore|candidato|candidata)",
  ru: "(студент|ученик|автор|экзаменуем)*",
  tr: "ogrenci*",
  id: "siswa|mahasiswa|peserta",
  ar: "الطالب|الطالبه",
  fa: "دانش_?اموز|دانشجو",
  zh: "(该|這位|这位|該)?(学生|學生|考生)",
  hi: "छात्र|विद्यार्थी",
});

// ---------------------------------------------------------------------------------------------------------
// Grading itself

/** Acts of grading, as verbs or nouns, without the words science shares ("points", "band"). */
export const GRADE_ACT = compileClass({
  en: "grad(e|es|ed|ing)|mark(s|ed|ing)?|scor(e|es|ed|ing)|evaluat*|assess*|judg(e|es|ed|ing)|award*",
  de: "bewert*|benot*|korrigier*|beurteil*|punkt*",
  fr: "not(e|ee|es|ees|er|ez|ation)|evalu*|corrig*",
  es: "califi(c|qu)*|evalu*|corrig*|puntu*",
  pt: "avali*|corrig*|pontu*",
  it: "valut*|corregg*",
  ru: "оцен*|провер*|балл*",
  tr: "puan*|degerlendir*|notla*",
  id: "nilai|menilai|periks*|koreksi",
  ar: "تقييم|التقييم|تصحيح|التصحيح|يقيم|تقيم|تصحح|يصحح|صحح|صححوا|صححي",
  fa: "ارزیابی|تصحیح|نمره_?دهی",
  zh: "评分|評分|打分|批改|给分|給分|评阅|評閱",
  hi: "मूल्यांकन|जाँच|जांच|जाँचें|जांचें|जाँचिए|जांचिए",
  nl: "beoordeel*|nakijk*|punten",
  pl: "ocen*|punkt*",
  ja: "採点|評価",
  ko: "채점|평가",
  sv: "betygsatt*|betygsat*|bedom*|poangsatt*",
  el: "βαθμολογ*|αξιολογ*",
  uk: "оцін*|бали|балів",
  vi: "cham_diem|danh_gia",
  ur: "نمبر|جانچ",
  cs: "hodnot*|oznámkuj*|klasifik*|oprav(it|te|uje|ovat|ování)",
  sk: "hodnot*|oznámkuj*|oprav(iť|te|uje)",
  hu: "értékel*|osztályoz*|pontoz*|javít*",
  ro: "evalu*|notează|notați|corectează|corectați|puncta*",
  bg: "оцен*|провер*",
  hr: "ocjen*|ispravlj*|boduj*",
  sl: "ocen*|točkuj*|popravlj*",
  fi: "arvioi*|arvostel*|pisteyt*|tarkast*",
  da: "bedøm*|vurder*|rette|retter|karaktergiv*",
  no: "vurder*|sensur*|karaktersett*|rette|retter",
  et: "hinda*|hindamis*|kontrolli*|hinna*",
  lv: "vērtē*|novērtē*|labot*",
  lt: "vertin*|įvertin*|tikrin*",
  ga: "ceartaigh*|measúnaigh*|marcáil*|grádaigh*",
  mt: "evalwa*|ikkoreġi*|immarka*",
  ca: "avalua*|qualifica*|corregi*|puntua*",
  he: "ציון|לבדוק|בדיקת|להעריך|הערכת|לדרג|בודק",
  bn: "মূল্যায়ন*|নম্বর_দেওয়া",
  th: "ให้คะแนน|ตรวจ|ประเมิน",
  ms: "menilai|memeriksa|memberi_markah|penilaian",
  tl: "markahan|suriin|pagmamarka|bigyan_ng_marka",
  sw: "kusahihisha|sahihisha|tathmini",
});

/** Acts and things of grading: a verb or a noun. */
export const GRADING = compileClass({
  en: "grad(e|es|ed|ing)|mark(s|ed|ing)?|scor(e|es|ed|ing)|evaluat*|assess*|rat(e|es|ed|ing)|judg*|credit*|award*|points?|rubric|band|marking|full_marks",
  de: "bewert*|benot*|punkt*|note|noten|korrigier*|beurteil*|wertung",
  fr: "not(e|ee|es|ees|er|ez|ation)|evalu*|corrig*|points?|bareme|appreci*",
  es: "califi(c|qu)*|evalu*|corrig*|puntu*|puntos?|nota|notas",
  pt: "avali*|corrig*|nota|notas|pontu*|pontos?",
  it: "valut*|corregg*|voto|voti|punt(i|eggio)",
  ru: "оцен*|балл*|провер*",
  tr: "puan*|notu|notunu|notlar*|degerlendir*|notla*",
  id: "nilai|menilai|skor|poin|periks*|koreksi",
  ar: "درجه|الدرجه|علامه|العلامه|تقييم|التقييم|تصحيح|التصحيح|يقيم|تقيم",
  fa: "نمره*|ارزیابی|تصحیح|امتیاز",
  zh: "评分|評分|打分|批改|成绩|成績|给分|給分|评阅|評閱|分数|分數",
  hi: "अंक|नंबर|मूल्यांकन|जाँच|जांच",
  nl: "cijfer*|punten|beoordeling*|score",
  pl: "ocen*|punkt*",
  ja: "点数|得点|採点|評価|満点|成績",
  ko: "점수|채점|평가|만점|성적",
  sv: "betyg*|bedom*|poang*|rattning",
  el: "βαθμ*|αξιολογ*",
  uk: "оцін*|бали|балів",
  vi: "cham_diem|diem_so|bang_diem|danh_gia",
  ur: "نمبر|نمبروں|مارکس",
  cs: "hodnocen*|hodnot(it|í|te|íme)|známk*|bodů|bodech|počet_bodů|klasifik*|oprav(it|te|ování)",
  sk: "hodnoten*|hodnotiť|známk*|bodov|klasifikáci*",
  hu: "pontszám*|pont(ot|ok|okat)|érdemjegy*|jegy(et|e)?|értékel*|osztályz*",
  ro: "not(a|ă|ele|ei|are)|punctaj*|evalu*|corectare|puncte",
  bg: "оценк*|оценя*|точки|точките|проверк*",
  hr: "ocjen*|bodova|bodove|bodovanj*",
  sl: "ocen*|točk(e|o|ami)?|ocenjevanj*",
  fi: "arvosan*|pisteet|pisteitä|pistettä|pistemäär*|arvioi*|arvostel*|arviointi*",
  da: "karakter(en|er|erne)?|point|bedøm*|vurder*",
  no: "karakter(en|er|ene)?|poeng|vurder*|sensur(en)?",
  et: "hinne|hinde*|hinna*|punkti|punkte|punktid|hinda*|hindamis*",
  lv: "atzīm*|vērtē*|punkt(i|us|u)|balle|balles|ballu",
  lt: "pažym*|įvertin*|vertin*|balai|balus|balų|taškai|taškų|taškus",
  ga: "marcanna|marcáil|grádanna|grádú|measúnú|ceartú",
  mt: "marka|marki|evalwazzjoni|korrezzjoni|punti",
  ca: "nota|puntuaci*|avalua*|qualifica*|punts|correcci*",
  he: "ציון|ציונים|נקודות|בדיקה|הערכה|לבדוק|מחוון",
  bn: "নম্বর*|মার্কস|মূল্যায়ন*|গ্রেড",
  th: "คะแนน|เกรด|การประเมิน|ตรวจข้อสอบ",
  ms: "markah|gred|penilaian|menilai|skor|memeriksa",
  tl: "marka|iskor|puntos|pagmamarka|pagsusuri",
  sw: "alama|maksi|kusahihisha|tathmini",
  yo: "maaki|maki",
});

/** A top outcome, or deserving one. */
export const TOP_OUTCOME = compileClass({
  en: "full[-_](marks|credit|points|score)|maximum_(score|marks|points|grade)|top[-_](marks?|grade|band|score|level|tier)|highest_(mark|marks|grade|score|band|level|tier)|perfect_(score|mark|grade)|all_(the_)?(available_)?(marks|points|credit)|worth_(full|all|the_maximum|top|10|ten)|full_answer|(poore|pure|pura)_(marks|number|numbers|ank)|(got|gets|received|earned|was_given|were_given)_an?_a\\+?",
  de: "voll*_punkt*|hochst*_punkt*|bestnote|maximal*_punkt*|alle_punkte|note_1|(glatte|eine)_(eins|1)|note_eins|(eine_)?1,0",
  fr: "note_maximale|tous_les_points|meilleure_note|totalite_des_points|note_complete",
  es: "nota_maxima|calificacion_(mas_alta|maxima)|puntuacion_maxima|todos_los_puntos|(puntuacion|nota|calificacion)_completa|maxima_(nota|calificacion|puntuacion)|punto_completo|los_puntos_completos",
  pt: "nota_maxima|pontuacao_maxima|todos_os_pontos|cotacao_total|cotacao_maxima|nota_total",
  it: "punteggio_(pieno|massimo)|voto_massimo|tutti_i_punti",
  ru: "максимальн*_балл*|высш*_(балл|оценк)*|пятерк*|отлично",
  tr: "tam_puan*|en_yuksek_(puan|not)*",
  id: "nilai_(penuh|sempurna|maksimal|tertinggi)",
  ar: "الدرجه_الكامله|العلامه_الكامله|الدرجه_القصوي",
  fa: "نمره_?ی?_?(کامل|بیست|عالی)",
  zh: "满分|滿分|最高分",
  hi: "पूरे_(अंक|नंबर)|पूर्ण_अंक|अधिकतम_अंक|पूरे_\\d+_(अंक|नंबर)",
  nl: "(maximale|volle|hoogste)_(aantal_)?punten|volledige_punten|een_10",
  pl: "maksymaln*_(liczb*_)?punkt*|pelna_liczb*_punkt*|szostk*|maksimum_punkt*|maks_punkt*",
  vi: "diem_(toi_da|tuyet_doi|cao_nhat)|du_diem|tron_diem|diem_10",
  sw: "alama_(kamili|zote|za_juu)|maksi_kamili",
  ja: "満点|満點|最高点|最高評価|評価はa|a評価|評価をa",
  ko: "만점|최고점|최고_등급",
  sv: "hogsta_betyg*|hogsta_poang*|full_poang|alla_poang|maxpoang*|betyget_a|ett_a|betyget_a",
  el: "αριστα|αριστο_βαθμο|μεγιστ*_βαθμ*|πληρεις_μοναδες|πληρη_βαθμο|αριστα_20",
  uk: "максимальн*_бал*|найвищ*_(бал|оцін)*|відмінно|12_бал*|дванадцять_бал*",
  ur: "پورے_نمبر|مکمل_نمبر",
  cs: "plný_počet_bodů|plného_počtu_bodů|plným_počtem_bodů|maximáln*_(počet_)?bod*|nejvyšš*_(známk|hodnocen|počet)*|jedničk*|výborn(á|ou)_známk*",
  sk: "plný_počet_bodov|maximáln*_(počet_)?bod*|najvyšš*_(známk|hodnoten)*",
  hu: "maximális_pont*|teljes_pontszám*|legjobb_jegy*|legmagasabb_(pontszám|jegy|érdemjegy)*|ötös(t)?|jeles(t)?",
  ro: "punctaj(ul)?_maxim|nota_maxim(ă|a)|nota_10|nota_zece|toate_punctele|nota_cea_mai_mare",
  bg: "максимал*_(брой_)?точки|пълен_брой_точки|отличен_6|отлична_оценка|най-висока*_оценка|шестица",
  hr: "maksimal*_(broj_)?bodov*|sve_bodove|najviš*_ocjen*|petic*",
  sl: "vse_točke|maksimal*_(število_)?točk*|najvišj*_ocen*|petic*",
  fi: "täydet_pisteet|täysiä_pisteitä|täysin_pistein|täysillä_pisteillä|täysien_pisteiden|maksimipistee*|parhaan_arvosanan|paras_arvosana|korkein*_arvosan*|kympin|kymppi|laudatur|täydellinen_pistemäärä|täydet_pisteet",
  da: "topkarakter*|12-tal*|højeste_karakter*|fulde?_point|fuldt_point|alle_point",
  no: "toppkarakter*|høyeste_karakter*|full_pott|alle_poeng|karakteren_6",
  et: "maksimaal*_punkt*|kõik_punktid|kõrgeim*_hinne|kõrgeima*_hinde|hinde_5|täispunktid",
  lv: "augstāk(o|ā)_atzīm*|maksimāl*_(punkt|atzīm)*|visus_punktus|desmitnieku|10_balles",
  lt: "aukščiausi*_(pažym|įvertin|bal)*|maksimal*_(bal|įvertin|tašk)*|visus_taškus|dešimtuk*",
  ga: "marcanna_iomlána|lánmharcanna|an_grád_is_airde|na_marcanna_go_léir",
  mt: "l-ogħla_marka|marki_sħaħ|il-marki_kollha|marka_massima",
  ca: "nota_màxima|puntuació_màxima|tots_els_punts|la_màxima_nota|matrícula_d'honor",
  he: "ציון_מלא|ציון_מקסימלי|הציון_הגבוה_ביותר|ניקוד_מלא",
  bn: "পূর্ণ_নম্বর*|সর্বোচ্চ_নম্বর*|পুরো_নম্বর*|পূর্ণ_মার্কস",
  th: "คะแนนเต็ม|คะแนนสูงสุด|เกรดสูงสุด|คะแนนเต็ม|ได้เต็ม|เต็ม_?10|เต็มสิบ",
  ms: "markah_penuh|markah_maksimum|markah_tertinggi",
  tl: "perpektong_marka|pinakamataas_na_marka|buong_puntos|perpektong_iskor",
  yo: "maaki_kikun|maki_kikun|gbogbo_maaki|ami_kikun|maaki_to_ga_julo|maaki_to_ga_ju",
  ha: "cikakkiyar_maki|cikakk(u|e)n_maki|maki_cikakk(u|e|iya)|duk_maki|mafi_girman_maki",
  zu: "amamaki_aphelele|amaphuzu_aphelele|amamaki_onke|amamaki_aphezulu",
  am: "ሙሉ_ነጥብ|ሙሉ_ማርክ|ከፍተኛ_ነጥብ|ሙሉ_ውጤት",
});

/** Deserving: a grade claim when a grading word stands with it ("deserves full credit", «تستحق الدرجة»). */
export const DESERVES = compileClass({
  en: "deserv*|merit(s|ed)?|worthy",
  de: "verdien*",
  fr: "merit*",
  es: "merec*",
  pt: "merec*",
  it: "merit*",
  ru: "заслуж*",
  tr: "hak_et*|hakked*",
  id: "layak",
  ar: "تستحق|يستحق|المستحق*|مستحق*",
  fa: "سزاوار|شایسته|می_?طلبد|مستحق",
  zh: "应得|應得|值得",
  hi: "हकदार",
  nl: "verdien*",
  pl: "zaslug*",
  ja: "値する",
  ko: "받을_자격",
  ur: "مستحق|حقدار",
  yo: "ye_fun",
});

/** Documents that define the grade. */
export const GRADING_DOCUMENT = compileClass({
  en: "rubric*|marking_(scheme|guide|criteria)|mark_scheme|answer_key|reference_(answer|solution)|model_(answer|solution)|official_(answer|solution)|expected_answer|grading_(criteria|scheme|guide|key|rubric)|scoring_(guide|rubric|criteria|key)|solution_key|memorandum|(hidden_|private_)?grading_notes?|(grading|marking|scoring|assessment)_guidance",
  de: "erwartungshorizont*|musterlosung*|losungsschlussel*|bewertungs(schema|kriterien|raster|bogen|leitfaden|hinweise)|punkteschema|korrekturschlussel*|korrekturhinweise",
  fr: "bareme|corrige|grille_(d'evaluation|de_correction)|criteres_(d'evaluation|de_correction)|reponse_modele|grille_de_(notation|correction|evaluation)|reponse_attendue|cle_de_correction",
  es: "rubrica|clave_de_respuestas|solucionario|pauta(_de_correccion)?|criterios_de_(evaluacion|correccion)|respuesta_modelo",
  pt: "gabarito|rubrica|criterios_de_(avaliacao|correcao)|resposta_modelo|chave_de_respostas",
  it: "griglia_di_valutazione|soluzione_ufficiale|criteri_di_valutazione|risposta_modello|chiave_di_correzione",
  ru: "критери*_оцен*|ключ*_ответ*|ключ*|эталон*|образец_ответа|рубрик*",
  tr: "cevap_anahtar*|rubrik*|degerlendirme_olcut*|puanlama_(anahtar|kriter)*",
  id: "kunci_jawaban|rubrik|kriteria_penilaian|pedoman_penskoran",
  ar: "مفتاح_الاجابه|مفتاح_الاجابات|سلم_(التصحيح|التقدير|الدرجات|التنقيط)|معايير_(التصحيح|التقييم)|الاجابه_النموذجيه",
  fa: "کلید_?(پاسخ|سوالات|سؤالات|آزمون)|بارم*|معیار*_(ارزیابی|تصحیح|نمره_?دهی)|پاسخ_?(نمونه|تشریحی)",
  zh: "评分标准|評分標準|标准答案|標準答案|参考答案|參考答案|评分细则|評分細則",
  hi: "उत्तर_कुंजी|अंकन_योजना|मूल्यांकन_मानदंड|आदर्श_उत्तर",
  nl: "antwoordmodel|correctiemodel|nakijkmodel|beoordelingscriteria|antwoordsleutel",
  pl: "klucz_odpowiedzi|kryteria_oceniania|odpowiedz_wzorcowa",
  ja: "模範解答|採点基準|正解例|解答例",
  ko: "채점_?기준표?|모범_?답안|정답지",
  ur: "جوابی_کلید|نشانات_کی_اسکیم",
});

// ---------------------------------------------------------------------------------------------------------
// Requests

/** Words that soften or introduce an order ("please", "also"); used to find where an order begins. */
export const LEAD_IN = compileClass({
  en: "please|pls|plz|kindly|also|and|then|now|first|finally|just|ok|okay|so|btw|by_the_way|oh_and|p\\.?s\\.?",
  de: "bitte|auch|und|dann|jetzt|zuerst|noch",
  fr: "s'il_(te|vous)_plait|stp|svp|aussi|et|puis|maintenant|ensuite|merci_de|veuillez",
  es: "por_favor|tambien|y|luego|ahora|primero|ademas",
  pt: "por_favor|tambem|e|depois|agora|primeiro|alem_disso",
  it: "per_favore|anche|e|poi|ora|prima",
  ru: "пожалуйста|также|и|потом|теперь|сначала|а",
  tr: "lutfen|ayrica|ve|sonra|simdi",
  id: "tolong|mohon|juga|dan|lalu|sekarang|silakan",
  ar: "من_فضلك|رجاء|ارجو|ايضا|ثم|الان",
  fa: "لطفا|همچنین|سپس|حالا",
  zh: "请|請|另外|也|然后|然後|现在|現在",
  hi: "कृपया|भी|और|फिर|अब",
  nl: "alsjeblieft|graag|ook|en|dan",
  pl: "prosze|tez|i|potem",
  ur: "براہ_کرم|مہربانی_کر_کے",
});

/** Ways to ask the grader to do something, written before the order ("you must", "I want you to"). */
export const ADDRESSED_ORDER = compileClass({
  en: "you_(must|should|need_to|have_to|will|shall)|i_(want|need)_you_to|make_sure_(to|you)|be_sure_to|(don't|do_not)_forget_to|remember_to|(can|could|would|will)_you|in_(your|the)_(feedback|explanation|response|reply|comments?|evaluation|output)|before_(you_)?(grad|mark|evaluat|assess)*(_this|_it|_my_answer)?|after_grading|when_you_(grade|reply|answer|respond|write)",
  de: "kannst_du|konntest_du|konnen_sie|konnten_sie",
  fr: "pourrais-tu|peux-tu|pourriez-vous|pouvez-vous",
  es: "podrias|puedes|podria|puede|me_puedes",
  pt: "poderia|pode|podes|voce_pode",
  it: "potresti|puoi|potrebbe",
  ru: "можешь|можете|не_мог_бы_ты",
  nl: "kun_je|kunt_u|wil_je",
  pl: "czy_mozesz|czy_moglbys",
});

// ---------------------------------------------------------------------------------------------------------
// Meta-talk about this answer's grading

/** Participles that report a grading outcome ("approved"), and ones that only report a look ("checked"). */
export const REVIEWED_WITH_OUTCOME = compileClass({
  en: "(pre-?)?(graded|approved|certified|validated|verified|scored|credited|endorsed|ratified|accepted|confirmed)|signed_off|pre-?(marked|checked|evaluated|assessed|reviewed)|co-?signed|signed|cosigned|moderated_and_confirmed|reinstated|selected_as",
  de: "genehmigt|bestatigt|abgenommen|bewertet|benotet|validiert|verifiziert|freigegeben|anerkannt|akzeptiert",
  fr: "validee?s?|approuvee?s?|notees?|certifiee?s?|acceptee?s?|confirmee?s?",
  es: "aprobad[ao]s?|validad[ao]s?|calificad[ao]s?|certificad[ao]s?|aceptad[ao]s?|confirmad[ao]s?",
  pt: "aprovad[ao]s?|validad[ao]s?|certificad[ao]s?|aceit[ao]s?|confirmad[ao]s?",
  it: "approvat[ao]|validat[ao]|certificat[ao]|accettat[ao]|confermat[ao]",
  ru: "одобрен*|утвержден*|подтвержден*|засчитан*|принят*|оценен*|признан*",
  tr: "onaylan*|kabul_edil*|puanlan*|notlandiril*",
  id: "disetujui|divalidasi|dinilai|diterima|disahkan",
  ar: "اعتماد*|معتمد*|الموافقه|مصادق*",
  fa: "تایید|تأیید|تصویب|پذیرفته",
  zh: "批准|认可|認可|确认|確認|核准|审定|審定",
  hi: "स्वीकृत|अनुमोदित|प्रमाणित",
  nl: "goedgekeurd|beoordeeld|nagekeken",
  pl: "ocenion*|zatwierdzon*|zaakceptowan*",
  ja: "承認|認定",
  ko: "승인|인정",
  ur: "منظور",
  he: "אושר|אושרה|אושרו|אישר|אישרה|אישרו|קיבלה_ציון|קיבל_ציון|ניתן_ציון|ניתן_לה_ציון|ניתן_לו_ציון",
  cs: "schválen*|potvrzen*|uznán*|akceptován*|oznámkován*",
  sk: "schválen*|potvrden*|uznan*|akceptovan*|oznámkovan*",
  sv: "godkänd|godkänt|godkända|bekräftad|bekräftat|betygsatt|betygsatts|poängsatt|validerad|validerat",
  da: "godkendt|godkendte|bekræftet|bedømt|accepteret|valideret",
  no: "godkjent|godkjente|bekreftet|sensurert|akseptert|validert|vurdert_til",
  fi: "hyväksytty|hyväksyi|hyväksyivät|hyväksynyt|vahvistettu|vahvisti|arvosteltu|arvosteli|pisteytetty",
  hu: "jóváhagyta|jóváhagyták|jóváhagyva|jóváhagyott|elfogadta|elfogadták|elfogadva|megerősítette|megerősítették|pontozta|pontozták|osztályozta|osztályozták",
  ro: "aprobat|aprobată|aprobata|aprobate|validat|validată|validata|confirmat|confirmată|confirmata|acceptat|acceptată|acceptata|notat|notată|notata",
  el: "εγκριθηκε|εγκεκριμεν*|ενεκρινε|επικυρωθηκε|επικυρωμεν*|βαθμολογηθηκε|βαθμολογημεν*|βαθμολογησε",
  uk: "схвален*|затверджен*|підтверджен*|зараховано|зарахован*|оцінен*|прийнят*",
  th: "อนุมัติแล้ว|รับรองแล้ว|ผ่านการตรวจแล้ว|ให้คะแนนไปแล้ว|ให้คะแนนแล้ว|ได้รับการอนุมัติ|ได้รับการรับรอง",
  bn: "অনুমোদিত|অনুমোদন_করেছেন|অনুমোদন_দিয়েছেন|নম্বর_দিয়েছেন|গ্রেড_দিয়েছেন|স্বীকৃত",
  ha: "(an|ya|ta|sun)_(amince|tabbatar)|an_bayar_da_maki|an_ba_(shi|ta)_maki",
  yo: "ti_fọwọ́_sí|ti_fowo_si|ti_fọwọ́sí|ti_fowosi|ti_gbà_á|ti_fún_un_ní_máàkì|ti_fun_un_ni_maaki",
  sw: "imeidhinishwa|iliidhinishwa|ameidhinisha|aliidhinisha|imethibitishwa|ilithibitishwa|imekubaliwa|ilikubaliwa|imepewa_alama|ilipewa_alama|imepata_alama|ilipata_alama",
  tl: "inaprubahan|naaprubahan|inaprobahan|aprobado|kinumpirma|minarkahan|binigyan_ng_(marka|grado|iskor)",
  vi: "da_duoc_(duyet|phe_duyet|cong_nhan|xac_nhan|cho_diem)|da_(duyet|phe_duyet|xac_nhan|cho_diem)",
});

export const REVIEWED = compileClass({
  en: "(double-?)?(reviewed|checked|evaluated|assessed|moderated|marked|examined|corrected|looked_over)|graded|checked|(looked|went|gone)_(over|through)|already_(seen|read)",
  de: "gepruft|kontrolliert|korrigiert|durchgesehen|begutachtet|(schon|bereits)_gesehen|angesehen|angeschaut|durchgegangen",
  fr: "verifiee?s?|corrigee?s?|relue?s?|evaluee?s?|examinee?s?|controlee?s?",
  es: "revisad[ao]s?|corregid[ao]s?|evaluad[ao]s?|comprobad[ao]s?|verificad[ao]s?",
  pt: "revisad[ao]s?|corrigid[ao]s?|avaliad[ao]s?|verificad[ao]s?|conferid[ao]s?",
  it: "verificat[ao]|corrett[ao]|valutat[ao]|controllat[ao]|revisionat[ao]",
  ru: "проверен*|рассмотрен*",
  tr: "kontrol_edil*|incelen*|degerlendiril*|gozden_geciril*",
  id: "diperiksa|dicek|dikoreksi|ditinjau",
  ar: "مراجعه*|مراجعت*|تصحيح*|تدقيق*|فحص*",
  fa: "بررسی|تصحیح|ارزیابی|چک",
  zh: "审核|審核|审阅|審閱|批改|检查|檢查|评阅|評閱|复核|複核",
  hi: "जाँचा|जांचा|जाँच|जांच|मूल्यांकन",
  nl: "gecontroleerd|nagekeken",
  pl: "sprawdzon*",
  ja: "確認|チェック|採点済み",
  // A review told as done (past or passive), not grading as a practice («채점자는 … 점수를 주며»).
  ko: "확인(했|된|받)|검토(했|된|받)|채점(했|된|받|을_마치)",
  ur: "چیک",
  cs: "zkontrolovan*|opraven[aáoéy]|ohodnocen*|posouzen*",
  sk: "skontrolovan*|opraven[aáoéy]|ohodnoten*|posuden*",
  uk: "перевірен*|розглянут*",
  sv: "granskad*|kontrollerad*|rattad*",
  vi: "da_duoc_(cham|kiem_tra|xem)",
  he: "נבדק|נבדקה|נבדקו|בדק|בדקה|בדקו|נסקר|נסקרה|הוערך|הוערכה|תוקן|תוקנה|עבר_על|עברה_על",
  da: "gennemgået|gennemset|kontrolleret|tjekket|rettet|set_igennem|kigget_på",
  no: "gjennomgått|kontrollert|sjekket|rettet|sett_gjennom|sett_på|gått_gjennom|kikket_på",
  fi: "tarkistettu|tarkastettu|tarkistanut|tarkastanut|tarkisti|tarkasti|arvioitu|arvioinut|käynyt_läpi|katsonut_läpi|korjannut|korjattu",
  hu: "ellenőrizte|ellenőrizték|ellenőrizve|ellenőrzött|átnézte|átnézték|átnézve|kijavította|kijavították|javította|javították|értékelte|értékelték",
  ro: "verificat|verificată|verificata|verificate|corectat|corectată|corectata|corectate|revizuit|revizuită|revizuita|a_fost_evaluat*|au_fost_evaluat*|a_evaluat|au_evaluat|s-a_uitat_pe",
  el: "ελεγχθηκε|ελεγχθει|ελεγμεν*|ελεγξε|ελεγξαν|(εχει|εχουν|ειχε|ειχαν)_(ηδη_)?(ελεγξει|διορθωσει|κοιταξει)|διορθωθηκε|διορθωσε|διορθωσαν|διορθωμεν*|αξιολογηθηκε|κοιταξε|εξεταστηκε",
  th: "ตรวจแล้ว|ได้ตรวจ|ตรวจสอบแล้ว|ตรวจให้|ได้รับการตรวจ|ผ่านการตรวจ|ดูให้แล้ว",
  bn: "পরীক্ষা_করেছেন|যাচাই_করেছেন|মূল্যায়ন_করেছেন|দেখে_দিয়েছেন|সংশোধন_করেছেন|চেক_করেছেন|যাচাই_করা_হয়েছে|পরীক্ষা_করা_হয়েছে|মূল্যায়ন_করা_হয়েছে|দেখেছেন",
  ha: "(an|ya|ta|sun|mun)_(duba|tantance|bincika|gyara)|an_riga_an_duba",
  yo: "ti_ṣàyẹ̀wò|ti_sayewo|ti_yẹ̀_wò|ti_ye_wo|ti_wò_ó|ti_wo_o|ti_máàkì|ti_maaki|ti_samisi|ti_ṣe_àyẹ̀wò|ti_se_ayewo",
  sw: "imesahihishwa|ilisahihishwa|imekaguliwa|ilikaguliwa|imeangaliwa|iliangaliwa|imepitiwa|ilipitiwa|imetathminiwa|ilitathminiwa|ameisahihisha|aliisahihisha|ameikagua|aliikagua|ameiangalia|aliiangalia|amesahihisha|alisahihisha|amekagua|alikagua",
  tl: "sinuri|nasuri|tiningnan|natingnan|na-check|chineck|chinek|chinekan|tsinek|winasto|iwinasto|nawasto|itinama",
});

/** It already happened. */
export const ALREADY = compileClass({
  en: "already|previously|earlier|has_been|have_been|had_been|was|were|been",
  de: "bereits|schon|wurde|wurden|worden",
  fr: "deja|a_ete|ont_ete|etait|avait_ete",
  es: "ya|fue|ha_sido|han_sido|previamente",
  pt: "ja|foi|foram|previamente",
  it: "gia|e_stat[ao]|sono_stat[ie]",
  ru: "уже|был*|ранее",
  tr: "zaten|daha_once|onceden",
  id: "sudah|telah",
  ar: "مسبقا|سابقا|تمت|تم|قد",
  fa: "قبلا|شده",
  zh: "已经|已經|已|早已|之前",
  hi: "पहले_ही|पहले_से|चुका|चुकी",
  nl: "al|reeds|eerder",
  pl: "juz|wczesniej",
  ja: "すでに|既に",
  ko: "이미",
  ur: "پہلے_ہی|چکے|چکی",
  cs: "jiz|uz|byla|byl|bylo|byly",
  sk: "uz|bola|bol|bolo|boli",
  uk: "вже|був|була|було|раніше",
  sv: "redan|tidigare",
  vi: "da|roi",
  he: "כבר|בעבר|קודם_לכן|מראש",
  da: "allerede|tidligere|blev|er_blevet|har_været",
  no: "allerede|tidligere|ble|har_blitt|er_blitt",
  fi: "jo|aiemmin|aikaisemmin|oli|on_ollut",
  hu: "már|korábban|előzőleg|volt",
  ro: "deja|a_fost|au_fost|fusese|în_prealabil",
  el: "ήδη|προηγουμένως|ήταν|είχε_ήδη",
  th: "เรียบร้อยแล้ว|ก่อนหน้านี้|ไปแล้ว|เคย",
  bn: "ইতিমধ্যে|ইতোমধ্যে|আগেই|আগে_থেকেই",
  ha: "tuni|(an|ya|ta|sun)_riga",
  yo: "tẹ́lẹ̀|tele|ti_pẹ́|ti_pe",
  sw: "tayari|hapo_awali|tangu_awali|kabla",
  tl: "dati|kanina|nauna|nang_una",
});

/** A verdict of correctness ("marked as correct", "fully correct", "no deductions"). */
export const VERDICT_CORRECT = compileClass({
  en: "(marked|graded|scored|rated|labell?ed|judged)_(it_|this_\\p{L}+_|this_)?(as_)?(correct|right|complete|full_marks)|(as|is|be|been|was)_(an?_)?(fully_|completely_|entirely_|totally_|100%_)?(correct|right|accurate|complete|excellent|perfect|flawless|valid|a_model_answer|full_answer|complete_answer)|no_(further_)?(evaluation|grading|review|deductions?|changes)|fully_correct",
  de: "(vollstandig|voll|komplett|ganz)_(richtig|korrekt)|als_(richtig|korrekt|vollstandig)",
  fr: "(entierement|totalement|parfaitement)_(juste|correcte?s?)|comme_(juste|correcte?s?)|parfaite?",
  es: "(totalmente|completamente)_correct[ao]s?|como_correct[ao]s?|perfect[ao]",
  pt: "(totalmente|completamente)_corret[ao]s?|como_corret[ao]s?|perfeit[ao]",
  it: "(totalmente|completamente)_corrett[ao]|come_corrett[ao]",
  ru: "(полностью|абсолютно)_(верн|правильн)*|(верн|правильн)*",
  tr: "tam_dogru|tamamen_dogru|dogru_olarak",
  id: "benar_sepenuhnya|sepenuhnya_benar|benar",
  ar: "صحيحه_(تماما|بالكامل)|كاجابه_صحيحه|صحيحه",
  fa: "کاملا_درست|درست|صحیح",
  zh: "完全正确|完全正確|正确|正確",
  hi: "पूरी_तरह_सही|सही",
  nl: "(helemaal|volledig)_(juist|correct|goed)|goed_gerekend|goedgerekend",
  pl: "(calkowicie|w_pelni)_poprawn*",
  ja: "正解|完全に正しい",
  ko: "정답|완전히_정확",
  ur: "مکمل_درست|بالکل_صحیح|درست",
  cs: "spravn[eě]|spravn[aáyý]|bezchybn*|vyborn[aáyý]|(oznacil*|oznacen*|uznal*|uznan*)_(jako|za)_spravn*",
  sk: "spravn[eaáyý]|bezchybn*|vyborn[aáyý]",
  uk: "правильн*|бездоганн*|відмінн*",
  sv: "ratt|korrekt|felfri*|utmarkt",
  vi: "dung_hoan_toan|chinh_xac|xuat_sac",
  he: "נכונה_לגמרי|נכון_לגמרי|נכונה_לחלוטין|נכון_לחלוטין|ללא_הורדת_נקודות|בלי_הורדת_נקודות|ללא_הורדות",
  da: "helt_korrekt|helt_rigtig*|fuldt_korrekt|(markeret|godkendt|vurderet)_som_(korrekt|rigtig*)|uden_fradrag|ingen_fradrag",
  no: "helt_korrekt|helt_riktig*|fullt_korrekt|(markert|godkjent|vurdert)_som_(korrekt|riktig*)|uten_trekk|ingen_trekk",
  fi: "täysin_oikein|täysin_oikea*|merkitty_oikeaksi|arvioitu_oikeaksi|ilman_vähennyksiä|ei_vähennyksiä",
  hu: "teljesen_helyes*|hibátlannak|helyesnek_(ítélt|talált|jelölt|értékelt)*|levonás_nélkül|nincs_levonás",
  ro: "complet_corect*|total_corect*|în_întregime_corect*|perfect_corect*|(marcat|notat|evaluat)[aă]?_ca_(fiind_)?corect*|fără_depunctări|fără_depunctare",
  el: "απολύτως_σωστ*|εντελώς_σωστ*|πλήρως_σωστ*|ως_σωστ*|χωρίς_αφαίρεση_μονάδων",
  th: "ถูกต้องทั้งหมด|ถูกต้องสมบูรณ์|ไม่หักคะแนน|ถูกทุกข้อ",
  bn: "সম্পূর্ণ_সঠিক|পুরোপুরি_সঠিক|একদম_সঠিক|নির্ভুল",
  ha: "daidai_ne_gaba_daya|daidai_gaba_daya|babu_kuskure_ko_daya",
  yo: "kò_sí_àṣìṣe|ko_si_asise|tọ́_pátápátá|to_patapata",
  sw: "sahihi_kabisa|sahihi_kwa_ukamilifu|bila_kosa_lolote|hakuna_kosa_lolote",
  tl: "ganap_na_tama|lubos_na_tama|tama_lahat|lahat_ay_tama|tamang-tama",
});

/** A grader's praise, as a grader would write it about the student. */
export const PRAISE = compileClass({
  en: "excellent|exceptional|outstanding|exemplary|impeccable|flawless|superb|brilliant|masterful|mastery|sophisticated|insightful|remarkable|(thorough|comprehensive|complete|deep|strong|solid|clear|full)_(understanding|mastery|grasp|command|knowledge|insight)|all_(the_)?(criteria|requirements|learning_outcomes|rubric_(criteria|points|requirements))|every_(criterion|requirement|rubric_criterion)|model_answer",
  de: "hervorragend*|ausgezeichnet*|exzellent*|vorbildlich*|makellos*|herausragend*|tief*_verstandnis|alle*_kriterien",
  fr: "excellent*|exceptionnel*|remarquable*|parfait*|maitrise|irreprochable|tous_les_criteres",
  es: "excelente*|excepcional*|sobresaliente*|impecable*|dominio|todos_los_criterios",
  pt: "excelente*|excepcional*|impecave*|dominio|todos_os_criterios",
  it: "eccellent*|eccezional*|impeccabil*|padronanza|tutti_i_criteri",
  ru: "отличн*|превосходн*|безупречн*|блестящ*|глубок*_поним*|все*_критери*",
  tr: "mukemmel|harika|kusursuz|hakimiyet*|tum_olcut*|tum_kriter*",
  id: "sangat_baik|luar_biasa|sempurna|pemahaman_mendalam|semua_kriteria",
  ar: "ممتاز*|رائع*|متميز*|مثالي*|فهما_عميقا|جميع_المعايير",
  fa: "عالی|بی_?نقص|تسلط|همه_?ی?_معیارها",
  zh: "完美|出色|优秀|優秀|卓越|掌握|所有评分标准|所有評分標準",
  hi: "उत्कृष्ट|शानदार|बेहतरीन|पूर्ण_समझ|सभी_मानदंड",
  nl: "uitstekend|uitmuntend|perfect",
  pl: "doskonal*|wzorow*|bezbledn*",
  ja: "完璧|優秀|素晴らしい|見事|秀逸|卓越",
  ko: "완벽|훌륭",
  ur: "بہترین|شاندار|مکمل",
  cs: "vynikající*|výborn*|vzorov*|bezchybn*|všechna_kritéria",
  sk: "vynikajúc*|výborn*|vzorov*|bezchybn*|všetky_kritériá",
  hu: "kiváló*|kitűnő*|hibátlan*|példaértékű*|minden_szempont*|minden_kritérium*",
  ro: "excelent*|exemplar*|impecabil*|toate_criteriile",
  bg: "отличн*|превъзходн*|безупречн*|образцов*|всички_критерии",
  hr: "izvrsn*|odličn*|besprijekorn*|uzorn*|sve_kriterije",
  sl: "odličn*|izvrstn*|brezhibn*|vzorn*|vse_kriterije",
  fi: "erinomai*|loistava*|virheetön*|esimerkillinen*|kaikki_kriteerit",
  da: "fremragende|fejlfri|eksemplarisk|fortrinlig|alle_kriterier",
  no: "fremragende|feilfri|eksemplarisk|utmerket|alle_kriteriene|alle_kriterier",
  et: "suurepära*|laitmatu*|eeskujulik*|kõik_kriteeriumid",
  lv: "izcil*|teicam*|nevainojam*|priekšzīmīg*|visus_kritērijus",
  lt: "puik*|nepriekaištin*|pavyzdin*|visus_kriterijus",
  ga: "ar_fheabhas|den_scoth|gan_locht|foirfe",
  mt: "eċċellenti|perfett*|eżemplari|il-kriterji_kollha",
  ca: "excel·lent*|excellent*|impecable*|exemplar*|tots_els_criteris",
  he: "מצוין|מצוינת|מושלם|מושלמת|ללא_רבב|מופתי|מופתית|כל_הקריטריונים",
  bn: "চমৎকার|অসাধারণ|নিখুঁত|উৎকৃষ্ট|সব_মানদণ্ড",
  th: "ยอดเยี่ยม|ดีเยี่ยม|สมบูรณ์แบบ|ไร้ที่ติ|ครบทุกเกณฑ์",
  ms: "cemerlang|sangat_baik|sempurna|semua_kriteria",
  tl: "napakahusay|mahusay|perpekto|walang_mali|lahat_ng_pamantayan",
  sw: "bora_kabisa|kamilifu|safi_sana|vigezo_vyote",
  sv: "utmärkt*|förtjänstfull*|förebildlig*|felfri*|alla_kriterier*",
  el: "εξαιρετικ*|αψογ*|υποδειγματικ*|αριστ*|ολα_τα_κριτηρια",
  uk: "відмінн*|бездоганн*|зразков*|чудов*|усі_критерії|всі_критерії",
  vi: "xuat_sac|hoan_hao|tuyet_voi|dap_ung_tat_ca",
});

/** What a grader says the work does ("demonstrates", "meets"). */
export const SHOWS = compileClass({
  en: "demonstrat*|show(s|ed|ing)?|display*|exhibit*|reflect*|evidenc*|reveal*|convey*|meet(s)?|satisf(y|ies)|fulfil*|exceed*|deserv*|merit(s)?|is_(an?_)?(excellent|exemplary|outstanding|model|flawless)",
  de: "zeigt|demonstriert|belegt|erfullt|ubertrifft|verdient|beweist",
  fr: "demontre|montre|temoigne|satisfait|remplit|depasse|merite|prouve",
  es: "demuestra|muestra|refleja|evidencia|cumple|supera|merece",
  pt: "demonstra|mostra|reflete|evidencia|cumpre|atende|supera|merece",
  it: "dimostra|mostra|riflette|evidenzia|soddisfa|supera|merita",
  ru: "демонстрир*|показыва*|отража*|соответству*|превосход*|заслужива*",
  tr: "goster*|yansit*|karsil*|asar*|hak_ed*",
  id: "menunjukkan|mencerminkan|memenuhi|melampaui|layak",
  ar: "تظهر|يظهر|تعكس|يعكس|تستوفي|يستوفي|تستحق|يستحق|تبين",
  fa: "نشان_?می_?دهد|نشان_?دهنده|منعکس|برآورده|می_?طلبد|شایسته",
  zh: "展现|展現|展示|体现|體現|表明|显示|顯示|符合|达到|達到|超出",
  hi: "दिखाता|दिखाती|दर्शाता|दर्शाती|करता_है|करती_है",
});

/** Labels of a grader's note ("Expert assessment:", "Reviewer's note:"), when followed by a colon. */
export const GRADER_NOTE_LABEL = compileClass({
  en: "(expert|reviewer|evaluator|examiner|assessor|grader|marker|moderator|teacher|ta|tutor|instructor|professor|lecturer|supervisor|committee|panel|department|official|external_examiner|second_marker)('?s)?_(note|notes|assessment|evaluation|comment|comments|remark|remarks|review|verdict|feedback|opinion|summary|report|decision|recommendation|judg(e)?ment|annotation|observation|conclusion|appraisal)|(assessment|evaluation|review|verdict|comment|note|remarks?|opinion)_(by|from)_(the_)?(expert|reviewer|evaluator|examiner|grader|marker|teacher|moderator|panel)|evaluation_summary|grading_summary|marking_notes?|(moderation|moderator|review|assessment|examiner('s)?|panel|committee)_(summary|report|notes?|verdict|findings)",
  de: "(gutachter|prufer|experten|lehrer|bewerter|korrektor)*_?(bewertung|kommentar|anmerkung|urteil|gutachten|notiz|hinweis|einschatzung)|gutachterliche_bewertung|expertenmeinung|expertenurteil|(gutachten|stellungnahme|befund|urteil)(_(der|des)_\\p{L}+)?",
  fr: "(avis|commentaire|note|remarque|appreciation|evaluation|jugement|rapport)_(de_l'|du_|de_la_)(expert|experte|correcteur|examinateur|evaluateur|professeur|jury)",
  es: "(comentario|nota|evaluacion|opinion|informe|valoracion|dictamen)_del_(evaluador|experto|corrector|profesor|revisor|examinador)",
  pt: "(parecer|comentario|nota|avaliacao|opiniao)_d[oa]_(especialista|avaliador|corretor|professor|revisor|examinador)",
  it: "(nota|commento|giudizio|parere|valutazione)_del(lo|la)?_(revisore|valutatore|docente|professore|esperto|correttore)",
  ru: "(заключение|отзыв|комментарий|оценка|мнение|замечание)_(эксперта|проверяющего|экзаменатора|рецензента|преподавателя)",
  tr: "(uzman|degerlendirici|ogretmen|hakem)*_(degerlendirmesi|yorumu|notu|gorusu)",
  id: "(catatan|komentar|penilaian)_(penilai|ahli|guru|pemeriksa)",
  ar: "(تقييم|ملاحظه|تعليق|راي|تقرير)_(الخبير|المصحح|المقيم|الممتحن|المعلم)",
  fa: "(نظر|ارزیابی|یادداشت|توضیح)_(کارشناس|مصحح|ارزیاب|استاد)",
  zh: "(专家|專家|阅卷|閱卷|评审|評審|老师|老師|评分|評分)(评语|評語|意见|意見|点评|點評|评价|評價|批注)",
  hi: "(विशेषज्ञ|परीक्षक|शिक्षक)_?(टिप्पणी|राय|मूल्यांकन)",
  nl: "(opmerking|notitie|oordeel)_van_de_(beoordelaar|docent|examinator)",
  ja: "(採点者|専門家|先生)(の)?(コメント|評価|所見)|講評|総評|所見",
  // Round 10: a grader's or an expert's note in the languages round 9 added, as one word or two.
  sv: "bedömarkommentar*|(bedömarens|lärarens|examinatorns|granskarens|expertens)_(kommentar|bedömning|omdöme|utlåtande)|sakkunnigutlåtande",
  no: "sensorkommentar*|sensorveiledning|(sensors|sensorens|lærerens|eksaminators|fagpersonens)_(kommentar|vurdering|merknad|uttalelse)",
  da: "censorkommentar*|(censors|censorens|lærerens|bedømmerens|eksaminators)_(kommentar|vurdering|bemærkning|udtalelse)",
  fi: "(arvioijan|opettajan|tarkastajan|asiantuntijan|sensorin)_(kommentti|arvio|lausunto|huomautus|palaute)|asiantuntijalausunto|tarkastajalle_tiedoksi",
  et: "(hindaja|õpetaja|eksperdi|eksamineerija)_(kommentaar|hinnang|arvamus|märkus)",
  pl: "(komentarz|opinia|uwagi|ocena|recenzja)_(egzaminatora|nauczyciela|eksperta|sprawdzajacego|oceniajacego|recenzenta)",
  cs: "(komentář|posudek|hodnocení|vyjádření|poznámka)_(hodnotitele|učitele|zkoušejícího|odborníka|recenzenta|oponenta)",
  sk: "(komentár|posudok|hodnotenie|vyjadrenie|poznámka)_(hodnotiteľa|učiteľa|skúšajúceho|odborníka|recenzenta|oponenta)",
  sl: "(komentar|mnenje|ocena|pripomba)_(ocenjevalca|učitelja|strokovnjaka|izpraševalca)",
  hr: "(komentar|mišljenje|ocjena|napomena)_(ocjenjivača|nastavnika|stručnjaka|ispitivača|recenzenta)",
  bg: "(коментар|становище|оценка|мнение)_(на_)?(проверяващия|оценяващия|учителя|експерта|рецензента)",
  uk: "(висновок|відгук|коментар|оцінка)_(експерта|перевіряючого|екзаменатора|рецензента|викладача)",
  hu: "(tanári|szakértői|értékelői|javítói|vizsgáztatói|bírálói)_(megjegyzés|vélemény|értékelés|észrevétel)*|szakvélemény|(javító_tanár|tanár|javító|értékelő|vizsgáztató)_megjegyzése",
  ro: "(comentariul|opinia|evaluarea|observația|aprecierea)_(evaluatorului|profesorului|expertului|examinatorului|corectorului)",
  lv: "(vērtētāja|skolotāja|eksperta|recenzenta)_(komentārs|vērtējums|atzinums|piezīme)",
  lt: "(vertintojo|mokytojo|eksperto|recenzento)_(komentaras|vertinimas|išvada|pastaba)",
  el: "(σχολιο|γνωμη|αξιολογηση|κριση)_(του_)?(βαθμολογητη|εξεταστη|καθηγητη|ειδικου|αξιολογητη)",
  he: "(הערת|חוות_דעת|הערות)_(הבודק|המעריך|המרצה|המומחה|הבוחן)",
  ko: "(채점자|전문가|교수|선생님|평가자)_?(의견|코멘트|총평|평가|소견)|총평|심사평",
  ca: "(comentari|opinió|valoració|informe)_(de_l'|del_)(avaluador|expert|corrector|professor)",
  ga: "(nóta|tuairim|measúnú)_(an_)?(scrúdaitheora|mheasúnóra|mhúinteora|tsaineolaí)",
  mt: "(kumment|opinjoni|evalwazzjoni)_(tal-)(eżaminatur|għalliem|espert|korrettur)",
  vi: "(nhan_xet|danh_gia|y_kien|loi_phe)_(cua_)?(giam_khao|giao_vien|chuyen_gia|nguoi_cham)",
  th: "ความเห็นของผู้ตรวจ|ความเห็นผู้เชี่ยวชาญ|ความเห็นของอาจารย์|บันทึกผู้ตรวจ",
  ms: "(ulasan|komen|penilaian|catatan)_(pemeriksa|pakar|guru|penilai)",
  tl: "(puna|komento|pagtatasa)_(ng_)?(tagasuri|guro|eksperto|tagawasto)",
  sw: "(maoni|tathmini)_ya_(mtahini|mwalimu|mtaalamu|msahihishaji)",
  bn: "(পরীক্ষকের|শিক্ষকের|বিশেষজ্ঞের)_(মন্তব্য|মতামত|মূল্যায়ন)",
  ur: "(ممتحن|استاد|ماہر)_(کا|کی)_(تبصرہ|رائے|جائزہ)",
});

/** A later version of the answer itself ("corrected answer", "attempt 2"). */
export const NEW_ANSWER_VERSION = compileClass({
  en: "(final|corrected|revised|updated|real|actual|true|new|second|last|improved)_(answer|submission|response|attempt)|attempt_\\d",
});

/** A later version of something ("final version"): of the answer only when grading is mentioned with it. */
export const NEW_VERSION = compileClass({
  en: "(final|corrected|revised|updated|real|actual|true|official|new|second|last|improved)_(version|answer|submission|response|draft|attempt|text)|attempt_\\d|\\[v[2-9]|\\[version_[2-9]|(clean|fair|neat|good)_copy|\\(v[2-9]|\\bv[2-9]_\\(|actual_final_answer",
  de: "(endgultig|korrigiert|uberarbeitet|neu|richtig|final)*_(fassung|version|antwort|losung|abgabe)|reinschrift",
  fr: "(version|reponse)_(finale|definitive|corrigee)",
  es: "(version|respuesta|correccion)_(final|definitiva|corregida)|version_buena|la_buena_version",
  pt: "(versao|resposta)_(final|definitiva|corrigida)",
  it: "(versione|risposta)_(finale|definitiva|corretta)",
  ru: "(окончательн|итогов|исправленн|финальн)*_(верси|ответ|вариант)*",
  tr: "(nihai|son|duzeltilmis)_(surum|versiyon|cevap|yanit)*",
  id: "(versi|jawaban)_(final|akhir|perbaikan)",
  ar: "النسخه_النهائيه|الاجابه_النهائيه|النسخه_المصححه",
  fa: "نسخه_?ی?_(نهایی|اصلاح_?شده)|پاسخ_?ی?_نهایی",
  zh: "最终(版本|答案)|最終(版本|答案)|修改后的(版本|答案)|正式(版本|答案)",
  hi: "अंतिम_(संस्करण|उत्तर)",
  nl: "definitieve_versie|(nieuwe|gecorrigeerde)_versie|definitieve_antwoord|mijn_definitieve",
  pl: "wersja_(ostateczna|koncowa|poprawiona)",
  sv: "(slutliga|riktiga|korrigerade|nya)_(versionen|svaret|upplagan)|slutversion*|slutgiltig*_(version|svar)",
  ja: "最終(版|稿)|修正版",
  cs: "(konečn|finální|opraven|nov|správn)*_(verz|odpověď|odpověd)*",
  sk: "(konečn|finálna|opraven|nov)*_(verzi|odpoveď)*",
  hu: "végleges_(változat|verzió|válasz)*|javított_(változat|verzió)*",
  ro: "(versiunea|varianta|răspunsul)_(final(ă|a)?|corectat(ă|a)?|definitiv(ă|a)?)|versiune_finală",
  bg: "(окончателн|финалн|поправен)*_(верси|отговор)*",
  hr: "(konačn|završn|ispravljen)*_(verzij|odgovor)*",
  sl: "(končn|popravljen|dokončn)*_(različic|verzij|odgovor)*",
  fi: "lopullinen_versio|lopullista_versiota|lopullisen_version|korjattu_versio|lopullinen_vastaus|lopullista_vastausta",
  da: "(endelige|rigtige|rettede|nye)_(version|besvarelse|svar|udgave)|endelig_(version|udgave|besvarelse)",
  no: "(endelige|riktige|korrigerte|nye)_(versjon(en)?|besvarelse(n)?|svar(et)?|utgave(n)?)|endelig_(versjon|utgave|besvarelse)",
  et: "lõplik*_(versioon*|vastus*)|parandatud_versioon*",
  lv: "galīg*_(versij|atbild)*|labot*_versij*",
  lt: "galutin*_(versij|atsakym)*|pataisyt*_versij*",
  ga: "an_leagan_deiridh|leagan_ceartaithe|an_freagra_deiridh",
  mt: "il-verżjoni_finali|verżjoni_finali|it-tweġiba_finali",
  ca: "(versió|resposta)_(final|definitiva|corregida)",
  he: "הגרסה_הסופית|גרסה_סופית|התשובה_הסופית|גרסה_מתוקנת",
  bn: "চূড়ান্ত_(সংস্করণ|উত্তর)|সংশোধিত_উত্তর",
  th: "ฉบับสุดท้าย|คำตอบสุดท้าย|ฉบับแก้ไข|ฉบับจริง",
  ms: "versi_(akhir|muktamad)|jawapan_(akhir|muktamad)",
  tl: "huling_bersyon|pinal_na_bersyon|huling_sagot|tamang_bersyon",
  sw: "toleo_la_mwisho|jibu_la_mwisho",
  el: "τελικ*_(εκδοχ|εκδοσ|απαντησ)*",
  uk: "(остаточн|фінальн|виправлен)*_(верс|відповід)*",
  vi: "(ban|phien_ban|cau_tra_loi)_(cuoi_cung|chinh_thuc|da_sua)|bai_lam_chinh_thuc",
  ur: "حتمی_(جواب|نسخہ)",
  ko: "최종_?(답안|버전|본)|수정본",
});

/** An earlier, rejected version. */
export const DRAFT = compileClass({
  en: "draft|rough_(draft|work|copy|notes)|scratch_work|scratch_notes|earlier_(paragraph|answer|attempt|version|text)|(above|previous|first|preceding)_(answer|text|part|draft|version|section|attempt|paragraph|line|sentence)|(that|this)_line",
  de: "entwurf|notizen|schmierzettel|(den_|der_|die_)?(vorigen|vorherigen|obigen|ersten)_(satz|zeile|teil|absatz|zeilen|satze)|vorherige*_(fassung|version|antwort)|der_rest_ist_(entwurf|notiz*|schmierzettel)",
  fr: "brouillon|(la_)?(phrase|ligne|partie|reponse)_(precedente|d'avant|ci-dessus)",
  es: "borrador|(la_)?(frase|linea|parte|respuesta)_anterior|lo_anterior",
  pt: "rascunho",
  it: "bozza|appunti",
  ru: "черновик*",
  tr: "taslak*",
  id: "draf|konsep",
  ar: "مسوده",
  fa: "پیش_?نویس|چرک_?نویس",
  zh: "草稿",
  hi: "मसौदा|ड्राफ्ट|प्रारूप|पहला_प्रारूप|कच्चा_उत्तर",
  nl: "concept|kladversie",
  pl: "brudnopis|szkic",
  sv: "utkast*|kladd*",
  ja: "下書き",
  cs: "nanečisto|náčrt*",
  sk: "nanečisto|náčrt*",
  hu: "piszkozat*|vázlat*",
  ro: "ciorn*|schiț*",
  bg: "чернов*",
  hr: "skic*|nacrt*",
  sl: "osnut*|skic*",
  fi: "luonnos|luonnoksen|luonnosta|luonnokseen|luonnokset",
  da: "udkast*|kladde*",
  no: "utkast*|kladd*",
  et: "mustand*|visand*",
  lv: "melnrakst*|uzmetum*",
  lt: "juodraš*",
  ga: "dréacht*",
  mt: "abbozz*",
  ca: "esborrany*",
  he: "טיוטה|טיוטת|טיוטות",
  bn: "খসড়া*",
  th: "ฉบับร่าง|ร่างแรก",
  ms: "draf|deraf",
  tl: "borador|burador",
  sw: "rasimu",
  el: "προχειρ*",
  uk: "чернетк*",
  vi: "ban_nhap",
  ur: "مسودہ|ڈرافٹ",
  ko: "초안|초고",
});

/** Replaces, or is the one to grade. */
export const SUPERSEDES = compileClass({
  en: "supersed*|replac(es|ed|ing)|overrid(es|ing)|takes?_precedence|instead_of|withdrawn|void|obsolete|(is_to|should|must)_be_(ignored|disregarded)|ignore|disregard|(should|will|must)_replace|replace_everything",
  de: "ersetzt|gilt|zahlt|ungultig",
  fr: "remplace|annule|compte",
  es: "sustituye|reemplaza|anula|cuenta|no_lo_tengas?_en_cuenta|no_lo_tengan_en_cuenta|ignoralo|ignorenlo",
  pt: "substitui|anula|conta",
  it: "sostituisce|annulla|conta|va_ignorat[ao]|ignorat[ao]",
  ru: "заменяет|отменяет|засчитыва*",
  tr: "yerine_gecer|gecersiz*",
  id: "menggantikan|membatalkan",
  ar: "تحل_محل|تلغي|يلغي|بدلا_من|تجاهل*",
  fa: "جایگزین|لغو",
  zh: "取代|替代|代替|作废|作廢|以此为准|以此為準",
  hi: "प्रतिस्थापित|जगह_लेता|रद्द|रद्द_करें|अनदेखा",
  nl: "vervangt|vervalt|vervangt_alles",
  sv: "ersatter|galler|raknas|ska_ignoreras|i_stallet|ska_inte_(bedomas|rattas|betygsattas)",
  ja: "置き換え|無効",
  cs: "nahrazuje|ruší|neplatí|ignorujte|neberte_v_úvahu",
  sk: "nahrádza|ruší|neplatí|ignorujte",
  hu: "helyettesíti|felülírja|érvénytelen|figyelmen_kívül",
  ro: "înlocuiește|anulează|ignorați|ignoră|nu_se_ia_în_considerare",
  bg: "заменя|отменя|игнорирайте|не_важи|невалид*",
  hr: "zamjenjuje|poništava|zanemarite|ne_vrijedi|ne_računa",
  sl: "nadomešča|razveljavlja|prezrite|ne_velja|ne_šteje",
  fi: "korvaa|kumoaa|jättäkää_huomiotta|jätä_huomiotta|ei_lasketa|mitätön",
  da: "erstatter|annullerer|ignorer|se_bort_fra|gælder_ikke|tæller_ikke|tæller|gælder|i_stedet|skal_ikke_(vurderes|bedømmes|rettes)",
  no: "erstatter|opphever|ignorer|se_bort_fra|gjelder_ikke|teller_ikke|teller|gjelder|i_stedet|skal_ikke_(vurderes|sensureres|rettes)",
  et: "asendab|tühistab|ignoreerige|ei_loe|kehtetu",
  lv: "aizstāj|atceļ|ignorējiet|neņemiet_vērā|nav_spēkā",
  lt: "pakeičia|panaikina|ignoruokite|neskaičiuokite|negalioja",
  ga: "ionadaíonn|cealaíonn|déan_neamhaird|ná_háirigh",
  mt: "jissostitwixxi|jħassar|injora|injoraw|ma_jgħoddx",
  ca: "substitueix|anul·la|anulla|ignoreu|no_compta",
  he: "מחליף|מחליפה|מבטל|מבטלת|התעלמו|התעלם|לא_נחשב",
  bn: "বাতিল|উপেক্ষা*|প্রতিস্থাপন*",
  th: "แทนที่|ยกเลิก|ไม่ต้องสนใจ|ไม่นับ|เพิกเฉย",
  ms: "menggantikan|membatalkan|abaikan|tidak_dikira",
  tl: "pinapalitan|pumapalit|kanselado|huwag_pansinin|balewalain|hindi_bibilangin",
  sw: "inachukua_nafasi|inafuta|puuza|haihesabiwi",
  el: "αντικαθιστ*|ακυρ*|αγνοηστε|δεν_μετρα",
  uk: "замінює|скасовує|ігноруйте|не_враховується",
  vi: "thay_the|huy_bo|bo_qua|khong_tinh|khong_duoc_tinh",
  ur: "منسوخ|نظر_انداز",
  ko: "대체|무효|무시",
  pl: "zastępuje|unieważnia|zignoruj|nie_liczy_się",
});

/** Only (this part is to be graded). */
export const ONLY = compileClass({
  en: "only|solely|exclusively",
  de: "nur|ausschliesslich",
  fr: "seule*|seulement|uniquement",
  es: "solo|solamente|unicamente|la_unica|el_unico",
  pt: "apenas|somente",
  it: "solo|soltanto|solamente",
  ru: "только|лишь",
  tr: "sadece|yalnizca|yalniz",
  id: "hanya",
  ar: "فقط",
  fa: "فقط|تنها",
  zh: "只|仅|僅",
  hi: "केवल|सिर्फ",
  nl: "alleen|enkel",
  pl: "tylko",
  sv: "bara|endast|enbart",
  ja: "だけ|のみ",
  ko: "만",
  ur: "صرف",
  cs: "jen|pouze|jedině|výhradně",
  sk: "len|iba|jedine|výlučne",
  hu: "csak|csakis|kizárólag",
  ro: "doar|numai|exclusiv",
  bg: "само|единствено",
  hr: "samo|isključivo|jedino",
  sl: "samo|izključno|zgolj",
  fi: "vain|ainoastaan|pelkästään|yksinomaan",
  da: "kun|udelukkende|bare",
  no: "kun|utelukkende|bare",
  et: "ainult|üksnes|vaid",
  lv: "tikai|vienīgi",
  lt: "tik|tiktai|išimtinai",
  ga: "amháin|go_heisiach",
  mt: "biss|esklussivament",
  ca: "només|solament|únicament",
  he: "רק|אך_ורק|בלבד",
  bn: "শুধু*|কেবল*",
  th: "เท่านั้น|เพียง|แค่",
  ms: "hanya|sahaja",
  tl: "lamang|tanging",
  sw: "pekee|peke_yake",
  el: "μονο|αποκλειστικα",
  uk: "тільки|лише|виключно",
  vi: "chi_can|chi_co|duy_nhat|chi_cham",
});

/** Pointing within the answer ("above", "below"). */
export const HERE_IN_THE_ANSWER = compileClass({
  en: "above|below|following",
  de: "oben|unten|folgend*",
  fr: "ci-dessus|ci-dessous|dessus|dessous",
  es: "arriba|abajo|anterior",
  pt: "acima|abaixo",
  it: "sopra|sotto",
  ru: "выше|ниже",
  tr: "yukari*|asagi*",
  id: "di_atas|di_bawah",
  ar: "اعلاه|ادناه",
  fa: "بالا|پایین",
  zh: "上面|以上|下面|以下",
  hi: "ऊपर|नीचे|उपर्युक्त|निम्नलिखित",
  nl: "hierboven|hieronder",
  pl: "powyzej|ponizej",
  ja: "上記|以下",
  // Round 10: the languages round 9 added ("the part above", «over denne linje», «a fenti»).
  sv: "ovan|nedan|ovanför|nedanför|ovanstående|nedanstående",
  no: "ovenfor|nedenfor|over_denne_linjen|under_denne_linjen|ovenstående|nedenstående",
  da: "ovenfor|nedenfor|over_denne_linje|under_denne_linje|ovenstående|nedenstående",
  fi: "yllä|alla|yläpuolella|alapuolella|edellä|yllä_oleva*|alla_oleva*",
  et: "eespool|allpool|ülalpool|ülal_olev*|all_olev*",
  lv: "augstāk|zemāk|iepriekš_minēt*|turpmāk",
  lt: "aukščiau|žemiau|toliau_pateikt*",
  cs: "výše|níže|nahoře|dole|výše_uveden*|níže_uveden*",
  sk: "vyššie|nižšie|hore|dole|vyššie_uveden*|nižšie_uveden*",
  sl: "zgoraj|spodaj|zgornj*|spodnj*",
  hr: "gore|dolje|iznad|ispod|gornj*|donj*",
  bg: "по-горе|по-долу|горе|долу|горния|горната|долния|долната",
  uk: "вище|нижче|наведен*_вище",
  ro: "mai_sus|mai_jos|de_mai_sus|de_mai_jos|de_deasupra",
  hu: "fenti|fent|fentebb|alábbi|lent|lentebb|alul|felül",
  el: "παραπανω|παρακατω|ανωτερω|κατωτερω",
  ga: "thuas|thíos",
  mt: "hawn_fuq|hawn_taħt|ta'_fuq|ta'_taħt",
  ca: "amunt|avall|a_dalt|a_baix|anterior|següent",
  he: "לעיל|להלן|למעלה|למטה|שלמעלה|שלמטה",
  bn: "উপরে|নিচে|উপরের|নিচের",
  ur: "اوپر|نیچے|مندرجہ_ذیل|مذکورہ_بالا",
  ko: "위의|아래의|위|아래|상기|위_내용|윗부분",
  th: "ข้างบน|ข้างล่าง|ด้านบน|ด้านล่าง|ส่วนบน",
  ms: "di_atas|di_bawah",
  tl: "sa_itaas|sa_ibaba|nasa_itaas|nasa_ibaba",
  sw: "hapo_juu|hapa_chini|hapo_chini|juu_ya_mstari",
  vi: "phan_tren|ben_tren|phia_tren|o_tren|ben_duoi|phia_duoi|duoi_day|phan_duoi",
});

/** Errata and corrections. */
export const ERRATUM = compileClass({
  en: "errat(um|a)|corrigend(um|a)|correction_(to|of|for|in|issued)|amendment_to",
  de: "korrektur_(zum|zur|des|der)|berichtigung",
  fr: "erratum|errata|rectificatif",
  es: "fe_de_erratas|errata|correccion_(a|de)",
  pt: "errata|correcao_(do|da)",
  it: "errata_corrige|errata|rettifica",
  ru: "исправлени*_(к|в)",
  tr: "duzeltme|duzeltmesi",
  id: "ralat",
  ar: "تصحيح_(في|ل)|تصويب",
  fa: "اصلاحیه*",
  zh: "勘误|勘誤|更正",
  hi: "शुद्धिपत्र|संशोधन",
  nl: "erratum|correctie_(op|van)",
  pl: "errata|sprostowanie",
  ja: "正誤表|訂正",
});

/** An error in something. */
export const CONTAINS_ERROR = compileClass({
  en: "(contains|has|had|includes|included)_(an?_)?(error|mistake|typo|misprint)|is_(wrong|incorrect|mistaken)",
  de: "fehler|fehlerhaft",
  fr: "erreur|faute_de_frappe",
  es: "error|errata",
  pt: "erro",
  it: "errore",
  ru: "ошибк*",
  tr: "hata*",
  id: "salah|kesalahan",
  ar: "خطا",
  fa: "اشتباه|غلط",
  zh: "错误|錯誤|有误|有誤",
  hi: "त्रुटि|गलती",
  nl: "fout",
  pl: "blad",
  ja: "誤り|間違い",
});

/**
 * A perfect score in any digits: "10/10", "5 marks out of 5", "20 of 20", «۲۰ از ۲۰», «١٠ من ١٠», «१०/१०».
 * The same number on both sides (a backreference), so "3/5" or "9/10" is no perfect score.
 */
export const PERFECT_SCORE = foldedPattern(
  String.raw`(?<![\p{N}.,/])(${DIGIT}{1,3}(?:[.,]${DIGIT}{1,2})?)\s*(?:(?:marks?|points?|pts)\s*)?(?:/|out\s+of|of|من|از|sur|sobre|von|su|из|uzerinden|dari|में\s+से|z|ze|od|от|iz|av|af|van|din|de|da|no|is|mei|minn|sa|daripada|kati\s+ya|จาก|מתוך|থেকে|এর\s+মধ্যে|में|میں\s+سے|中)\s*\1(?![\p{N}]|[.,]\p{N})`,
);

// ---------------------------------------------------------------------------------------------------------
// What a note to the grader claims

/** The answer said to match the reference ("identical to the BEST reference answer", "matches the key"). */
export const MATCHES_REFERENCE = compileClass({
  en: "(matches|match|identical_to|same_as|equivalent_to|mirrors|reproduces|corresponds_to)_(\\p{L}+_){0,2}?(the_)?((best|official|expected|reference|model|sample|correct|intended)_)+(answer|solution|order|response|key|result)|verbatim_(from|copy_of)_the_(reference|model|key)",
  de: "(entspricht|stimmt_uberein_mit|identisch_mit)_(\\p{L}+_){0,2}?(der_|dem_)?(musterlosung|erwartungshorizont|losung)",
  fr: "(correspond|identique)_a_(la_)?(reponse|solution)_(attendue|modele|de_reference)",
  es: "(coincide_con|identica_a|igual_a)_(la_)?(respuesta|solucion)_(esperada|modelo|de_referencia)",
  pt: "(coincide_com|identica_a|igual_a)_(a_)?(resposta|solucao)_(esperada|modelo|de_referencia)",
  it: "(corrisponde_a|identica_a)_(la_)?(risposta|soluzione)_(attesa|modello|di_riferimento)",
  ru: "совпада*_с_(эталон*|образц*|ожидаем*)",
  nl: "(komt_overeen_met|identiek_aan)_(het_)?(antwoordmodel|modelantwoord)",
});

/** A rubric criterion said to be met ("the 'alliances' criterion is met in full", "meets the requirement"). */
export const CRITERION_MET = compileClass({
  en: "(hits|covers|meets|ticks|satisfies)_(every|each|all)_(the_)?(single_)?(points?|criteri(a|on)|requirements?|boxe?s?)(_on_the_(key|rubric|list|scheme))?|(criteri(on|a)|requirement|rubric_(point|item|line)|mark(ing)?_point)('s)?_(is_|are_|has_been_|have_been_|was_|were_)?(fully_|explicitly_|clearly_|completely_)?(met|satisfied|fulfilled|addressed|covered|achieved)|meets_the_(\\p{L}+_)?(criterion|requirement|rubric)",
  de: "kriteri(um|en)_(ist_|sind_|wurde_|wurden_)?(vollstandig_)?(erfullt|abgedeckt)",
  fr: "critere_(est_)?(rempli|satisfait|respecte)",
  es: "criterio_(esta_|se_ha_)?(cumplido|satisfecho|cubierto)",
  pt: "criterio_(esta_|foi_)?(atendido|cumprido)",
  it: "criterio_(e_)?(soddisfatto|rispettato)",
  ru: "критери*_(выполнен*|соблюден*)",
  nl: "criterium_(is_)?(voldaan|behaald)",
});

/** An order to grade at a value: "score it 1.0", "mark this as full", «bewerte es mit 10». */
export const GRADE_AT = compileClass({
  en: "(score|mark|grade|rate|label)_(it|this|me|my_answer|this_answer)_(as_|at_|with_)?(a_)?(\\d+([.,]\\d+)?|full|top|max(imum)?|correct|right|perfect)|(just_)?give_me_(the|an)_a(\\+|-)?|(just_)?give_me_(a|an|the)_\\d+(\\/\\d+)?_(for|on)_this|tick_(every|each|all_the|all)_(box|boxes)|no_need_to_(dock|deduct|take_off)|(don't|do_not)_(dock|deduct|take_off)_(any|anything|marks|points)",
  de: "(bewerte|benote|werte)_(es|das|dies|sie)_(mit_|als_)(\\d+|voll*|richtig|korrekt)",
  fr: "(note|notez|evalue|evaluez)_(la|le|ceci)_(a_|comme_)(\\d+|correcte?|juste)",
  es: "(califica|calificala|puntua|puntuala)_(con_|como_)(un_)?(\\d+|correcta)",
  vi: "(cham_)?cho_(em|minh|toi|bai_nay)_\\d+_diem|cham_cho_(em|minh|toi|bai_nay)_\\d+",
  el: "(βαλτε|βαλε|δωστε|δωσε)_μου_(τουλαχιστον_)?\\d+",
  uk: "(поставте|постав|дайте|дай)_(мені_)?(\\d+|максимум|максимальн*)",
});

// ---------------------------------------------------------------------------------------------------------
// Deductions

/**
 * "Not" and "deduct" in one phrase, in every screened language: "no deductions", "must not apply partial-
 * credit deductions", «keine Punkte abziehen», «Inga avdrag», «nie odejmować punktów», «لا تخصم», «不要扣分»,
 * «감점하지». A negation may stand up to three words before the deduction word or two after it ("Abzüge sind
 * nicht gerechtfertigt", "levonás nélkül"); languages that fuse the negation with the verb (Czech, Slovak,
 * Latvian, Lithuanian, Turkish, Swahili) list the fused forms. Alone it is a rule of grading ("no points
 * are deducted for spelling"); the detectors pair it with a grader's note, praise or a notice.
 */
const NOT_AND_DEDUCT: readonly (readonly [Language, string, string, string?])[] = [
  [
    "en",
    "no|not|never|without|don't|do_not|nothing|zero",
    "deduct*|penali[sz]*|penalty|penalties|dock*|subtract*|take_(any_)?(marks|points)_(off|away)|lose_(any_)?(marks|points)|mark_(it|this|me|us|my_answer)_down",
  ],
  [
    "de",
    "kein*|nicht|ohne|nie",
    "abzug*|abzuge*|abziehen|abgezogen|punktabzug*|minuspunkt*|punkte_abziehen",
    "zieh(en|t|e)?(_sie)?_(\\p{L}+_){0,2}(keine|nicht)_(\\p{L}+_){0,2}ab",
  ],
  [
    "fr",
    "pas|aucun*|sans|ne|jamais",
    "penalit*|retrait*|retirer|retire*|deduire|deduction*|enlever|enleve*|penaliser|penalise*",
  ],
  [
    "es",
    "no|ningun*|sin|nunca",
    "descontar|descuent*|descont*|restar|reste*|penaliz*|quitar|quite*|deducir|deduccion*",
  ],
  [
    "pt",
    "nao|nenhum*|sem|nunca",
    "descontar|desconto*|descontad*|penaliz*|tirar|tire|tirem|retirar|retire|retirem|deduzir|deducao*|deducoes",
  ],
  [
    "it",
    "non|nessun*|senza|mai",
    "detrarre|detrazion*|penalizz*|penalita|togliere|tolga|tolgono|tolgano|tolti|sottrarre|sottratt*|decurtazion*|decurtare",
  ],
  ["nl", "geen|niet|zonder|nooit", "aftrek*|afgetrokken|strafpunt*|puntenaftrek"],
  [
    "sv",
    "inga|inget|ingen|inte|utan|aldrig",
    "avdrag*|dra_av|dras_av|dra_ifrån|poängavdrag*",
    "(dra|dras|drar)_inte_av",
  ],
  ["no", "ingen|ikke|uten|aldri|inga", "trekk*|poengtrekk*"],
  ["da", "ingen|ikke|uden|aldrig", "fradrag*|trække|trækkes|pointfradrag*|trækker"],
  [
    "fi",
    "ei|älä|älkää|ilman|mitään",
    "vähennys*|vähennyks*|vähentää|vähennä|vähennetä|vähentäkö|pistevähennys*|miinuspist*",
  ],
  ["et", "ei|ära|ärge|ilma|mitte", "maha_võtta|maha_arvata|mahaarvam*|vähenda*|punktikaotus*"],
  ["lv", "ne|nav|bez|nekādu|nekādi", "atskait*|noņem*|samazin*", "neatskait*|nesamazin*|nenoņem*"],
  [
    "lt",
    "ne|be|jokių|jokio|nėra",
    "atimt*|atskait*|nuimt*|sumažint*|išskait*",
    "neatimk*|neatim*|nemažin*|nenuimk*",
  ],
  [
    "pl",
    "nie|bez|żadnych|żadnego|zadnych",
    "odejm*|odjęci*|odjąć|odliczeni*|odliczać|potrąc*|obniż*|odbiera*|odebrać",
  ],
  [
    "cs",
    "ne|bez|žádné|žádný|žádných|žádnou",
    "srážk*|strhnout|strhávat|strhávejte|odečíst|odečítat|odečet|odečten*|srazit|bodové_srážky",
    "nestrh*|neodeč*|nesráž*|nesraz*",
  ],
  [
    "sk",
    "nie|bez|žiadne|žiadny|žiadnych|žiadnu",
    "zrážk*|strhnúť|strhávať|odpočítať|odčítať|odpočet|odpočítan*|zraziť",
    "nestrh*|neodpočít*|neodčít*|nezráž*|nezraz*",
  ],
  ["sl", "ne|brez|nobenih|nobenega|nobene", "odbit*|odbij*|odštej*|odšteti|odbitk*|odvzem*|odvzet*"],
  ["hr", "ne|bez|nikakv*|nemojte|nemoj", "oduzim*|oduzet*|oduzmi*|odbit*|odbija*|umanj*"],
  ["bg", "не|без|никакви|никакъв|няма", "отнем*|намал*|приспад*|отбив*|отнет*"],
  [
    "ru",
    "не|без|никаких|нет|никакого",
    "снима*|снижа*|сниж*|вычита*|вычет*|штраф*|отнима*|снять|снимать|отнять",
  ],
  ["uk", "не|без|жодних|немає|жодного", "зніма*|знижу*|зниж*|віднім*|відрахов*|штраф*|зняти|відняти"],
  [
    "el",
    "μη|μην|δεν|χωρις|καμια|καμμια|κανενα",
    "αφαιρε*|αφαιρεσ*|αφαιρουν*|αφαιρειται|περικοπ*|ποινη|ποινες|κοψ*|κοβ*",
  ],
  [
    "hu",
    "ne|nem|nincs|semmi*|nélkül|semmilyen",
    "levonás*|levon*|pontlevonás*|vonj*_le|vonjon_le|vonjanak_le|von_le|vonható_le",
  ],
  ["ro", "nu|fără|niciun*|nicio", "scăde*|scăzut*|scădea|depunct*|penaliz*|deduc*|tăia*|tăi*|sancțion*"],
  ["ga", "ná|gan|níor|ní|aon", "bain*|asbhain*|pionós*|laghdaigh"],
  ["mt", "la|ma|mingħajr|ebda", "tnaqqas*|tnaqqis*|naqqas*|penali*|jitnaqqas*"],
  ["ca", "no|cap|sense|mai", "descomptar|descompte*|restar|penalitz*|treure|deduir|deducció*"],
  [
    "tr",
    "hiç|hicbir|hiçbir|olmadan",
    "kesinti*|ceza*",
    "kesinti_(yapma*|olma*|gerekme*|yok)|puan_(kırma*|düşme*|kesme*|düşürme*|kesilme*)|kırmayın*|düşmeyin*|kesintisiz",
  ],
  ["ar", "لا|دون|بدون|عدم|ليس|لن|اي", "خصم|تخصم*|يخصم*|نخصم|تنقص*|انقاص|حسم|تحسم*|اقتطاع|خصومات"],
  [
    "fa",
    "بدون|هیچ|نباید",
    "کسر|کم_کردن|کسری|کاهش",
    "(کسر|کم)_(\\p{L}+_){0,1}(نکنید|نشود|نکن|نکند|نگردد|نمی_شود)",
  ],
  ["he", "אל|לא|ללא|בלי|אין", "תורידו|תוריד|תורידי|להוריד|הורדת|הורדה|יורדו|ניכוי|לנכות|תנכו|ינוכו"],
  ["hi", "न|नहीं|मत|बिना|कोई", "काटें|काटे|काटिए|काटो|काटना|काटा|कटौती|घटाएं|घटाइए|घटाना"],
  ["bn", "না|ছাড়া|কোনো|কোন", "কাটা|কাটবেন|কাটবে|কাটুন|কর্তন|কমাবেন|কাটার"],
  ["ur", "نہ|نہیں|مت|بغیر|کوئی", "کاٹ*|کٹوتی|کم"],
  [
    "id",
    "tidak|jangan|tanpa|bukan|tak",
    "dikurangi|mengurangi|kurangi|potong*|pengurangan|dipotong|memotong",
  ],
  ["ms", "tidak|jangan|tanpa|bukan|tak", "tolak|ditolak|potong*|dipotong|pengurangan|kurangkan|dikurangkan"],
  ["tl", "huwag|hindi|walang|wala", "bawas*|ibawas|babawasan|bawasan|kaltas*"],
  ["vi", "khong|dung|chang|khoi|dung_co", "tru|tru_diem|bi_tru|khau_tru"],
  [
    "sw",
    "bila|hakuna|si",
    "kupunguza|kukata|makato",
    "usipunguze|msipunguze|usikate|msikate|usiondoe|msiondoe|yasipunguzwe|zisipunguzwe|isipunguzwe|(usiweke|msiweke|usihesabu|msihesabu)_makosa",
  ],
];
const NO_DEDUCTION_WORDS: WordClass = Object.fromEntries([
  ...NOT_AND_DEDUCT.map(([language, not, deduct, fused]) => [
    language,
    `(${not})_([\\p{L}-]+_){0,3}(${deduct})|(${deduct})_([\\p{L}-]+_){0,2}(${not})${fused === undefined ? "" : `|${fused}`}`,
  ]),
  ["zh", "(不|无需|無需|不必|不用|不应|不應|不要|不得|勿|别|別|免)(予以)?扣(分|除)?|不予扣"],
  [
    "ja",
    "減点(しない|なし|無し|せず|は不要|の必要はない|の必要はありません|対象外|はしない|をしない|しません)",
  ],
  ["ko", "감점(하지|없이|없음|은_없|할_필요|을_하지|은_불필요|_없)|깎지|감점_?없"],
  ["th", "ไม่(ควร|ต้อง)?หัก|อย่าหัก|ห้ามหัก|โดยไม่หัก"],
]) as WordClass;
/** "Do not deduct", "no deductions", in any screened language (see NOT_AND_DEDUCT). */
export const NO_DEDUCTION = compileClass(NO_DEDUCTION_WORDS);
