/**
 * Requests that make the grader write far more than a grade needs — thousands of words of feedback, a
 * word repeated hundreds of times, "never stop writing" — which cost money per token, slow every other
 * grade, and can push the real verdict out of the reply.
 *
 * Structure: a quantity far beyond a feedback's length (a number and a unit in any screened language)
 * or a demand for maximal length, aimed at the grader's output ("your feedback", "in your explanation",
 * "repeat the word …"), in one sentence. "Repeat the measurement 10 times" is a method, not a request for
 * output: its object is not something the grader writes.
 */
import { compileClass, foldedPattern } from "./lexicon.js";
import { findingAt, has, rangeText, type ScreenText } from "./screen-text.js";
import { type TextRange } from "./phrase-screen.js";
import { type LocatedFinding } from "./screen-types.js";

/** What the grader writes. */
const GRADER_OUTPUT = compileClass({
  en: "your_(feedback|explanation|response|reply|comments?|evaluation|rationale|output|justification|review)|in_(your|the)_(feedback|explanation|response|reply|output)|the_(feedback|explanation|response|reply|comments?)_you_(give|write|provide|produce)|(give|write|send|provide|list|tell)_(me|us)",
  de: "(dein|deine|deinem|deiner|ihr|ihre|ihrem|ihrer)_(begrundung|erklarung|kommentar|bewertung|antwort)|feedback|ruckmeldung",
  fr: "(ton|ta|votre|tes|vos)_(explication|reponse|justification|appreciation)|commentaires?|retour|feedback",
  es: "(tu|su|tus|sus)_(explicacion|respuesta|justificacion|devolucion)|retroalimentacion|comentarios?|feedback",
  pt: "(seu|sua|seus|suas)_(explicacao|resposta|justificativa)|feedback|comentarios?|devolutiva",
  it: "(il_tuo|la_tua|i_tuoi)_(spiegazione|risposta|giudizio)|feedback|commento|commenti",
  ru: "(отзыв|комментари|объяснени|обосновани|фидбек)*",
  tr: "(geri_bildirim|aciklama|yorum)*",
  id: "umpan_balik*|penjelasan*|komentar*|tanggapan*",
  ar: "(التعليق|الملاحظات|ملاحظاتك|الشرح|الرد|ردك|تعليقا|تعليقك)",
  fa: "(بازخورد|توضیح|توضیحات)*",
  zh: "评语|評語|反馈|反饋|解释|解釋|回复|回覆|点评|點評",
  hi: "प्रतिक्रिया|फीडबैक|व्याख्या",
});

/** Demands for maximal length. */
const MAXIMAL_LENGTH = compileClass({
  en: "as_(long|detailed|thorough)_as_(you_can|possible)|in_as_much_detail_as_(you_can|possible)|(the_)?longest_(feedback|response|explanation|reply|answer|text)_(you_can|possible)|until_you_(run_out|reach|hit)|(max|maximum)_tokens|all_(your|the)_tokens|as_long_as_possible|extremely_(long|detailed|lengthy)|(in_)?(exhaustive|excruciating|maximum)_detail|as_detailed_as_possible|maximum_length|longest_possible|at_great_length|(never|don't|do_not)_stop_(writing|generating|repeating|responding)|without_stopping|keep_(writing|going|generating|repeating)_(forever|indefinitely|endlessly|until)|(repeat|continue|write)_(it_|this_)?(forever|indefinitely|endlessly|infinitely)",
  de: "so_lang_wie_moglich|extrem_lang*|hor_nicht_auf|endlos|unendlich",
  fr: "aussi_long_que_possible|le_plus_long_possible|ne_t'arrete_jamais|sans_t'arreter|sans_fin|a_l'infini",
  es: "lo_mas_larg[ao]_posible|extremadamente_larg[ao]|no_te_detengas|sin_parar|infinitamente",
  pt: "o_mais_long[ao]_possivel|extremamente_long[ao]|nao_pare|sem_parar|infinitamente",
  it: "il_piu_lung[ao]_possibile|lunghissim[ao]|non_fermarti|senza_fermarti|all'infinito",
  ru: "как_можно_длинн*|очень_длинн*|не_останавливайся|без_остановки|бесконечно",
  tr: "olabildigince_uzun|cok_uzun|durma|durmadan|sonsuza",
  id: "sepanjang_mungkin|sangat_panjang|jangan_berhenti|tanpa_henti",
  ar: "اطول_ما_يمكن|طويل_جدا|لا_تتوقف|بلا_توقف",
  fa: "تا_جای_ممکن_طولانی|خیلی_طولانی|متوقف_نشو|بی_?وقفه",
  zh: "越长越好|越長越好|尽可能长|盡可能長|不要停|不停|无限|無限",
  hi: "जितना_हो_सके_लंबा|बहुत_लंबा|मत_रुको|रुके_बिना",
});

/** Orders to write or repeat, in forms that are orders wherever they stand. */
const WRITE_ORDER = compileClass({
  en: "write|repeat|list|generate|produce|output|print|give|provide|include|make|explain|elaborate|expand|continue",
  de: "schreib(e)?|schreiben_sie|wiederhol(e)?|wiederholen_sie|gib|liste|erklar(e)?",
  fr: "ecris|ecrivez|repete[zs]?|liste[zs]?|donne[zs]?|explique[zs]?|redige[zs]?",
  es: "escribe|escriba|repite|repita|enumera|lista|da(me)?|explica|redacta",
  pt: "escreva|repita|liste|de-me|explique|redija",
  it: "scrivi|ripeti|elenca|dammi|spiega|redigi",
  ru: "напиши(те)?|повтори(те)?|перечисли(те)?|дай(те)?|объясни(те)?",
  tr: "yaz|yazin|tekrarla*|listele*|ver|acikla*",
  id: "tulis(kan)?|ulangi|sebutkan|berikan|jelaskan",
  ar: "اكتب|كرر|اذكر|اعط*|اشرح",
  fa: "بنویس*|تکرار_?کن*|بده|توضیح_?بده",
  zh: "写|寫|重复|重複|列出|给出|給出|解释|解釋",
  hi: "लिखो|लिखिए|दोहराओ|दोहराइए|बताओ",
});

/** Orders to repeat. */
const REPEAT_ORDER = compileClass({
  en: "repeat",
  de: "wiederhol(e)?|wiederholen_sie",
  fr: "repete[zs]?",
  es: "repite|repita",
  pt: "repita",
  it: "ripeti",
  ru: "повтори(те)?",
  tr: "tekrarla*",
  id: "ulangi",
  ar: "كرر",
  fa: "تکرار_?کن*",
  zh: "重复|重複",
  hi: "दोहराओ|दोहराइए",
});

/** What a repetition order repeats when it is output, not a method ("the word 'excellent'"). */
const REPEATED_OUTPUT = compileClass({
  en: "word|phrase|sentence|letter|line|text|feedback|comments?|quote|emoji|['\"«]",
  de: "wort|satz|zeile|feedback|kommentar",
  fr: "mot|phrase|ligne|commentaire",
  es: "palabra|frase|linea|comentario",
  pt: "palavra|frase|linha|comentario",
  it: "parola|frase|riga|commento",
  ru: "слово|фразу|строку|отзыв|комментарий",
  tr: "kelime*|cumle*|yorum*",
  id: "kata|kalimat|baris",
  ar: "كلمه|عباره|جمله",
  fa: "کلمه|جمله|عبارت",
  zh: "词|詞|字|句|评语|評語",
  hi: "शब्द|वाक्य",
});

const AT_LEAST = compileClass({
  en: "at_least|minimum|no_(less|fewer)_than|not_(less|fewer)_than|must_be|should_be|needs?_to_be|has_to_be",
  de: "mindestens|muss|soll",
  fr: "au_moins|minimum|doit",
  es: "al_menos|como_minimo|debe",
  pt: "pelo_menos|no_minimo|deve",
  it: "almeno|deve",
  ru: "не_менее|минимум|хотя_бы|должен|должна",
  tr: "en_az|olmali*",
  id: "minimal|setidaknya|sedikitnya|harus",
  ar: "على_الاقل|لا_يقل_عن|يجب",
  fa: "حداقل|دست_?کم|باید",
  zh: "至少|不少于|不少於|必须|必須",
  hi: "कम_से_कम|चाहिए",
});

interface Unit {
  words: RegExp;
  /** Far beyond any feedback a grade needs. */
  threshold: number;
}

const TIMES: Unit = {
  words: foldedPattern("^(times|mal|fois|veces|vezes|volte|раз|kez|kere|defa|kali|مره|مرات|بار|遍|次|बार)"),
  threshold: 10,
};

const UNITS: readonly Unit[] = [
  {
    words: foldedPattern(
      "^(words?|worter\\p{L}*|mots?|palabras?|palavras?|parole|слов\\p{L}*|kelime\\p{L}*|kata|كلمه|كلمات|کلمه|واژه|字|词|詞|शब्द\\p{L}*|characters|tokens|zeichen|caracteres|caratteri|символ\\p{L}*|karakter)",
    ),
    threshold: 300,
  },
  {
    words: foldedPattern(
      "^(pages?|seiten|paginas|pagine|страниц\\p{L}*|sayfa\\p{L}*|halaman|صفح\\p{L}*|صفحه|页|頁|पेज|पृष्ठ)",
    ),
    threshold: 3,
  },
  {
    words: foldedPattern(
      "^(paragraphs?|absatze|paragraphes|parrafos|paragrafos|paragrafi|абзац\\p{L}*|paragraf|فقر\\p{L}*|پاراگراف|段|पैराग्राफ|sentences|lines|satze|zeilen|phrases|lignes|oraciones|frases|lineas|linhas|frasi|righe|предложени\\p{L}*|строк\\p{L}*|cumle\\p{L}*|satir\\p{L}*|kalimat|baris|جمل\\p{L}*|سطر|اسطر|جمله|خط|句|行|वाक्य|पंक्ति)",
    ),
    threshold: 10,
  },
  TIMES,
  {
    words: foldedPattern(
      "^(examples|items|reasons|suggestions|tips|ideas|questions|bullet_points|beispiele|exemples|ejemplos|exemplos|esempi|пример\\p{L}*|ornek\\p{L}*|contoh|امثل\\p{L}*|مثال|个例子|個例子|例子|उदाहरण)".replace(
        /_/gu,
        "\\s+",
      ),
    ),
    threshold: 20,
  },
];

/** Number words that scale a count (the digit forms are parsed below). */
const NUMBER_WORDS: readonly (readonly [RegExp, number])[] = [
  [
    foldedPattern(
      "^(a_|one_)?(thousands?|tausend|mille|mil|mila|тысяч\\p{L}*|bin|ribu|الف|آلاف|هزار|千|一千|हज़ार|हजार)".replace(
        /_/gu,
        "\\s+",
      ),
    ),
    1000,
  ],
  [
    foldedPattern(
      "^(a_|one_)?(hundreds?|hundert|cent|cien(tos)?|cento|сот\\p{L}*|yuz|ratus|مئه|مائه|صد|百|一百|सौ)".replace(
        /_/gu,
        "\\s+",
      ),
    ),
    100,
  ],
  [
    foldedPattern(
      "^(millions?|million|millones|milhoes|milioni|миллион\\p{L}*|milyon|juta|مليون|میلیون|万|百万|लाख)",
    ),
    10000,
  ],
];
/** A count: digits (any script's, with thousands separators) or a number word; Chinese numerals need no boundary. */
const COUNT = foldedPattern(
  String.raw`(?<![\p{L}\p{N}])(?:[0-9\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]{1,3}(?:[,.\u066c\u00a0 ][0-9\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]{3})+|[0-9\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]{1,7}|(?:a\s+|one\s+)?(?:thousands?|hundreds?|millions?)|tausend|hundert|mille|mil|mila|cento|cien|тысяч\p{L}*|bin|ribu|الف|هزار|صد|हज़ार|हजार|सौ)|一千|千|一百|百|万`,
  "gu",
);

function digitValue(character: string): number {
  const code = character.charCodeAt(0);
  for (const zero of [0x30, 0x660, 0x6f0, 0x966]) if (code >= zero && code <= zero + 9) return code - zero;
  return -1;
}

function countValue(count: string): number {
  const digits = Array.from(count)
    .map(digitValue)
    .filter((digit) => digit >= 0);
  if (digits.length > 0 && digits.length === count.replace(/[,.\u066c\u00a0 ]/gu, "").length) {
    return digits.reduce((value, digit) => value * 10 + digit, 0);
  }
  for (const [pattern, value] of NUMBER_WORDS) if (pattern.test(count)) return value;
  return 0;
}

/** The units (indexes into UNITS) that the range asks for beyond their thresholds. */
function excessiveUnits(text: ScreenText, range: TextRange): Set<Unit> {
  const excessive = new Set<Unit>();
  const sentence = rangeText(text, range);
  for (const match of sentence.matchAll(COUNT)) {
    const value = countValue(match[0]);
    if (value < 3) continue;
    // The unit follows the count, perhaps after one word ("5,000 words", "500 more times", "一千遍").
    const direct = sentence
      .slice(match.index + match[0].length, match.index + match[0].length + 40)
      .trimStart();
    const afterOneWord = direct.replace(/^[\p{L}\p{M}]+[\s\p{P}]*/u, "");
    for (const unit of UNITS) {
      if (value >= unit.threshold && (unit.words.test(direct) || unit.words.test(afterOneWord))) {
        excessive.add(unit);
      }
    }
  }
  return excessive;
}

/**
 * Requests for very long, repeated or endless output, at most one finding. Failure modes: a request that
 * names no number and no "as long as possible" ("explain every word in detail") is missed; an answer that
 * quotes such a request (an essay on denial-of-wallet attacks that shows one) is flagged.
 */
export function findOutputFlooding(text: ScreenText): LocatedFinding[] {
  for (const sentence of text.sentences) {
    const output = has(text, sentence, GRADER_OUTPUT);
    const order = has(text, sentence, WRITE_ORDER);
    if (!output && !order) continue;
    const excessive = excessiveUnits(text, sentence);
    const flooding =
      (excessive.size > 0 && output && (order || has(text, sentence, AT_LEAST))) ||
      (excessive.has(TIMES) && has(text, sentence, REPEAT_ORDER) && has(text, sentence, REPEATED_OUTPUT)) ||
      (has(text, sentence, MAXIMAL_LENGTH) && (output || order));
    if (flooding) {
      return [
        findingAt(
          text,
          "output_flooding",
          "The answer asks the grader for very long or repeated output, which costs time and money.",
          sentence[0],
        ),
      ];
    }
  }
  return [];
}
