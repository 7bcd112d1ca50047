/**
 * Cost amplification as a product: the grader asked to go through the answer item by item (each word,
 * each sentence, "sentence by sentence", «pro Satz», «para cada frase», «对每一句») and write a count of
 * alternatives, versions or explanations for every one — ten per sentence is ten times the answer, and
 * a "then again" doubles it. output-flooding.ts reads huge totals; this reads a multiplier, whose total
 * only the answer's length bounds.
 *
 * Three things in one sentence (or it and the next): a per-item phrase, a count of five or more (digits or
 * a number word), and a thing to produce; and a direction to the reader (feedback, "please", an
 * imperative at the sentence start). "For each sentence the author writes two alternatives" has a count
 * too small and no reader; "the program writes ten alternatives for each sentence" has no reader.
 */
import { compileClass } from "./lexicon.js";
import { findingAt, has, matchesIn, matchIn, withNext, type ScreenText } from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

/** Item by item through the answer. */
const PER_ITEM = compileClass({
  en: "(for|of)_(each|every)_(single_)?(one|word|sentence|line|paragraph|clause|point|term|step|item)|(sentence|word|line|paragraph|point|step)_by_(sentence|word|line|paragraph|point|step)|(each|every)_(word|sentence|line|paragraph)",
  de: "(fur|zu)_(jede[nmrs]?)_(einzelne[nmrs]?_)?(wort|satz|zeile|absatz|punkt|schritt|begriff)|(pro|je)_(wort|satz|zeile|absatz)|jede[nmrs]?_(einzelne[nmrs]?_)?(wort|satz|zeile|absatz|begriff)|satz_fur_satz|wort_fur_wort|zeile_fur_zeile",
  fr: "(pour|a)_chaque_(mot|phrase|ligne|paragraphe|point|terme|etape)|chaque_(mot|phrase|ligne|paragraphe)|phrase_par_phrase|mot_par_mot|ligne_par_ligne|pour_chacune|pour_chacun",
  es: "(para|por|en)_cada_(palabra|frase|oracion|linea|parrafo|punto|termino|paso)|cada_(palabra|frase|oracion|linea|parrafo)|frase_por_frase|palabra_por_palabra|linea_por_linea|para_cada_una|para_cada_uno",
  it: "(per|a)_(ogni|ciascuna|ciascun|ciascuno)_(parola|frase|riga|paragrafo|punto|termine|passaggio)|ogni_(parola|frase|riga|paragrafo)|frase_per_frase|parola_per_parola|riga_per_riga",
  pt: "(para|em)_cada_(palavra|frase|linha|paragrafo|ponto|termo|passo)|cada_(palavra|frase|linha|paragrafo)|frase_por_frase|palavra_por_palavra|linha_por_linha",
  nl: "(voor|bij)_(elk|elke|ieder|iedere)_(woord|zin|regel|alinea|punt|stap)|(elk|elke|ieder|iedere)_(woord|zin|regel|alinea)|zin_voor_zin|woord_voor_woord",
  ru: "(для|к|на)_(каждого|каждой|каждому|каждое|каждую)_(слова|предложения|строки|абзаца|пункта|шага|слову|предложению)|кажд(ое|ую|ый|ой)_(слово|предложение|строку|строка|абзац)|по_каждому_(слову|предложению)|предложение_за_предложением|слово_за_словом",
  tr: "(her_)(kelime|cumle|satir|paragraf|madde|adim)_(icin)?|cumle_cumle|kelime_kelime",
  pl: "(dla|do)_(kazdego|kazdej)_(slowa|zdania|linii|akapitu|punktu|kroku)|(kazde|kazda)_(slowo|zdanie|linie|linia)|zdanie_po_zdaniu|slowo_po_slowie",
  ar: "(لكل|ل?كل)_(كلمه|جمله|سطر|فقره|نقطه|خطوه)|جمله_جمله|كلمه_كلمه",
  fa: "(برای|به_ازای)_هر_(کلمه|جمله|خط|بند|نکته|مرحله)|جمله_به_جمله|کلمه_به_کلمه",
  zh: "每(一)?(个|個)?(句|词|詞|字|行|段|点|點|步)|逐(句|词|詞|字|行|段)",
  ja: "各(文|単語|行|段落)|一文ずつ|一語ずつ|それぞれの(文|単語)",
});

/** Counts of five or more, as digits or number words. */
const COUNT = compileClass({
  en: "\\d{2,}|[5-9]|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|a_dozen|dozens",
  de: "\\d{2,}|[5-9]|funf|sechs|sieben|acht|neun|zehn|zwolf|zwanzig|dreissig|dreißig|vierzig|funfzig|hundert|tausend",
  fr: "\\d{2,}|[5-9]|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|quarante|cinquante|cent|mille",
  es: "\\d{2,}|[5-9]|cinco|seis|siete|ocho|nueve|diez|doce|quince|veinte|treinta|cuarenta|cincuenta|cien|mil",
  it: "\\d{2,}|[5-9]|cinque|sei|sette|otto|nove|dieci|dodici|quindici|venti|trenta|quaranta|cinquanta|cento|mille",
  pt: "\\d{2,}|[5-9]|cinco|seis|sete|oito|nove|dez|doze|quinze|vinte|trinta|quarenta|cinquenta|cem|mil",
  nl: "\\d{2,}|[5-9]|vijf|zes|zeven|acht|negen|tien|twaalf|vijftien|twintig|dertig|veertig|vijftig|honderd|duizend",
  ru: "\\d{2,}|[5-9]|пять|шесть|семь|восемь|девять|десять|двенадцать|пятнадцать|двадцать|тридцать|сорок|пятьдесят|сто|тысяч*",
  tr: "\\d{2,}|[5-9]|bes|alti|yedi|sekiz|dokuz|on|on_iki|yirmi|otuz|kirk|elli|yuz|bin",
  pl: "\\d{2,}|[5-9]|piec|szesc|siedem|osiem|dziewiec|dziesiec|dwanascie|dwadziescia|trzydziesci|czterdziesci|piecdziesiat|sto|tysiac",
  ar: "[٥-٩]|[٠-٩]{2,}|\\d{2,}|خمس*|ست|سته|سبع*|ثمان*|تسع*|عشر*|عشرين|ثلاثين|اربعين|خمسين|مائه|مئه|الف",
  fa: "[۵-۹]|[۰-۹]{2,}|\\d{2,}|پنج|شش|هفت|هشت|نه|ده|دوازده|بیست|سی|چهل|پنجاه|صد|هزار",
  zh: "[五六七八九十百千]+|\\d{2,}|[5-9]",
  ja: "[五六七八九十百千]+|\\d{2,}|[5-9]",
});

/** What is to be produced for each item. */
const PRODUCE = compileClass({
  en: "alternatives?|alternative_\\p{L}+|versions?|variants?|variations?|synonyms?|paraphrases?|rewordings?|rewrites?|reformulations?|explanations?|examples?|translations?|ways|sentences|paragraphs|comments?|questions?",
  de: "alternative*|versionen|varianten|synonyme|umformulierungen|formulierungen|erklarungen|beispiele|ubersetzungen|satze|absatze|arten|weisen",
  fr: "alternatives|versions|variantes|synonymes|reformulations|explications|exemples|traductions|phrases|facons|manieres",
  es: "alternativas|versiones|variantes|sinonimos|parafrasis|reformulaciones|explicaciones|ejemplos|traducciones|frases|maneras|formas",
  it: "alternative|versioni|varianti|sinonimi|parafrasi|riformulazioni|spiegazioni|esempi|traduzioni|frasi|modi",
  pt: "alternativas|versoes|variantes|sinonimos|parafrases|reformulacoes|explicacoes|exemplos|traducoes|frases|maneiras|formas",
  nl: "alternatieven|versies|varianten|synoniemen|herformuleringen|uitleg|voorbeelden|vertalingen|zinnen|manieren",
  ru: "вариант*|верси*|синоним*|перефразир*|переформулир*|объяснени*|пример*|перевод*|предложени*|способ*",
  tr: "alternatif*|versiyon*|varyasyon*|esanlam*|aciklama*|ornek*|ceviri*|cumle*",
  pl: "alternatyw*|wersj*|wariant*|synonim*|parafraz*|wyjasnie*|przyklad*|tlumacze*|zdan*|sposob*",
  ar: "بدائل|بديل*|صيغ*|نسخ|مرادفات|شروح|امثله|ترجمات|جمل",
  fa: "جایگزین|نسخه*|مترادف*|بازنویسی|توضیح*|مثال*|ترجمه*|جمله*",
  zh: "改写|改寫|版本|同义词|同義詞|解释|解釋|例子|例句|翻译|翻譯|说法|說法|写法|寫法|替代",
  ja: "言い換え|バージョン|類義語|説明|例文|翻訳|別の表現",
});

/** The request is the reader's to carry out: feedback, "please", or an order. */
const FOR_THE_READER = compileClass({
  en: "feedback|your_(reply|response|comments?|review)|please|kindly|i_want|i'd_like|go|write|give|list|provide|produce|generate|do_it|repeat",
  de: "feedback|ruckmeldung|bitte|schreib*|gib|nenne|liste|erstelle|wiederhole",
  fr: "retour|commentaire|s'il_(te|vous)_plait|redige*|ecris|ecrivez|donne*|propose*|liste*",
  es: "retroalimentacion|comentario|por_favor|escribe|escriba|da(me)?|genera|redacta|propon*",
  it: "feedback|commento|per_favore|scrivi|dammi|genera|elenca|proponi",
  pt: "feedback|comentario|por_favor|escreva|de|gere|liste|proponha",
  nl: "feedback|alsjeblieft|schrijf|geef|maak",
  ru: "отзыв*|комментари*|пожалуйста|напиши*|дай(те)?|приведи*|сгенерируй*|составь*",
  tr: "geri_bildirim*|yorum*|lutfen|yaz*|ver*|olustur*",
  pl: "opini*|komentarz*|prosze|napisz|podaj|wygeneruj",
  ar: "ملاحظاتك|تعليقك|من_فضلك|اكتب|اعط*|قدم",
  fa: "بازخورد*|لطفا|بنویس*|بده|ارائه",
  zh: "评语|評語|反馈|反饋|请|請|写出|寫出|给出|給出|列出",
  ja: "フィードバック|コメント|ください|書いて",
});

/** How far before the thing to produce its count may stand ("ten alternative", «二十种不同的改写»). */
const COUNT_REACH = 40;

/**
 * A count of things to write for every item of the answer; at most one finding. Failure modes: a
 * multiplier without a count ("rewrite each sentence in every style you know") is left to
 * output-flooding.ts; a teacher's exercise quoted in the answer ("for each word, write five synonyms") is
 * flagged when it is addressed to the reader.
 */
export function findFeedbackMultipliers(text: ScreenText): LocatedFinding[] {
  const whole: [number, number] = [0, text.lower.length];
  if (!has(text, whole, PER_ITEM) || !has(text, whole, PRODUCE)) return [];
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    const perItem = matchIn(text, sentence, PER_ITEM);
    if (!perItem) continue;
    const window = withNext(text, index);
    // The count and the product stand together ("ten alternative explanations", «по тридцать вариантов»).
    const counted = matchesIn(text, window, PRODUCE, 6).some(({ start }) =>
      has(text, [Math.max(window[0], start - COUNT_REACH), start], COUNT),
    );
    if (counted && has(text, window, FOR_THE_READER)) {
      return [
        findingAt(
          text,
          "output_flooding",
          "The answer asks for many rewrites or explanations of every part of it, multiplying the output.",
          perItem.start,
        ),
      ];
    }
  }
  return [];
}
