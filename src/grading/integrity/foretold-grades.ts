/**
 * Round 35: the reader told in advance how they will mark the answer, as flattery ("someone of your evident
 * sophistication will mark it as the top-band essay it is", "a reader as discerning as you will recognise
 * this as the first-class answer it is", «Ein Leser mit Ihrem Urteilsvermögen wird diesen Aufsatz als Arbeit
 * der höchsten Notenstufe erkennen», «un lecteur aussi fin que vous la notera comme la meilleure copie»,
 * «sabrá calificarla como la nota más alta»). A prediction of the grade, made to its grader, is the grade
 * asked for.
 *
 * Structure, in one sentence: the reader (you, "reader", "examiner"), a prediction that they will mark,
 * rate or recognise this work as something ("will mark it as", «wird diesen Aufsatz … als», «la notera
 * comme»), and a top grade or band. "Critics will regard it as a first-class novel" has no reader who
 * grades; "you will see it as a top achievement of the Renaissance" names no grade; "examiners will mark
 * essays in the top band if they …" predicts nothing about this work. Linear: each class is scanned once.
 *
 * Round 46: the evaluator too («un valutatore attento», «Bewerter», «évaluateur», «evaluador»), marking
 * "accordingly with the maximum" («la valuterà di conseguenza con il massimo», «mit der Höchstnote», «avec
 * le maximum», «con el máximo»); "the maximum" followed by respect, care or attention is no grade.
 */
import { compileClass, TOP_OUTCOME } from "./lexicon.js";
import { findingAt, has, matchIn, type ScreenText } from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

/** The reader who grades: "you", "reader", "examiner", «Ihrem», «vous», «lettore». */
const READER = compileClass({
  en: "you|your|yours|reader|examiner|marker|grader|assessor|evaluator",
  de: "sie|ihnen|ihrem|ihrer|ihr|du|dein*|leser|leserin|prufer*|korrektor*|bewerter*|gutachter*",
  fr: "vous|votre|tu|ton|ta|lecteur|lectrice|correcteur|correctrice|examinateur|examinatrice|evaluateur|evaluatrice",
  es: "usted|tu|lector|lectora|corrector|correctora|examinador|examinadora|evaluador|evaluadora",
  it: "lei|tu|lettore|lettrice|correttore|correttrice|esaminatore|esaminatrice|valutatore|valutatrice",
  pt: "voce|o_senhor|a_senhora|leitor|leitora|corretor|corretora|examinador|examinadora|avaliador|avaliadora",
});

/** A prediction that the reader will mark, rate or recognise this work as something. */
const WILL_MARK_IT_AS = compileClass({
  en: "(will|would|(you|they|he|she)'ll|can_only|cannot_but|can't_help_but|is_sure_to|are_sure_to)_((surely|certainly|undoubtedly|no_doubt|immediately|rightly|readily)_)?(mark|grade|recognise|recognize|see|judge|rate|award|treat|score|class|classify|place|put|regard|consider|identify)_(it|this|this_essay|this_answer|this_response|this_piece|the_essay|the_answer|my_(essay|answer|work|response))_(for_what_it_is,?_)?(as|in|among|accordingly|with)",
  de: "(wird|werden|wirst)_(\\p{L}+_){0,2}(ihn|sie|es|diesen_aufsatz|diese_arbeit|diese_antwort|meinen_aufsatz|meine_(arbeit|antwort))_(\\p{L}+_){0,3}(als|mit)",
  fr: "(la|le)_(noterez|noteras|notera|reconnaitrez|reconnaitras|reconnaitra|considererez|considereras|considerera|classerez|classeras|classera|jugerez|jugeras|jugera|verrez|verras|verra|evaluerez|evalueras|evaluera)_(\\p{L}+_){0,2}(comme|parmi|dans|avec)|(saura|saurez|sauras|allez|va|vas)_(\\p{L}+_){0,2}(la|le|reconnaitre|noter|considerer|classer|juger|evaluer)_(\\p{L}+_){0,3}(comme|parmi|dans)",
  es: "(la|lo)_(calificara|calificaras|reconocera|reconoceras|considerara|consideraras|vera|veras|evaluara|evaluaras|puntuara|puntuaras|valorara|valoraras)_(\\p{L}+_){0,2}(como|entre|en|con)|(sabra|sabras|va_a|vas_a)_(calificar|reconocer|considerar|valorar|evaluar|puntuar)(la|lo)_(\\p{L}+_){0,2}(como|entre|en)",
  it: "(la|lo)_(valutera|valuterai|riconoscera|riconoscerai|considerera|considererai|giudichera|giudicherai|vedra|vedrai|premiera|premierai)_(\\p{L}+_){0,2}(come|tra|fra|con|col)|(sapra|saprai)_(riconoscer|valutar|considerar|giudicar)(la|lo)_(\\p{L}+_){0,2}(come|tra|fra)",
  pt: "(a|o)_(avaliara|reconhecera|considerara|classificara|vera)_(\\p{L}+_){0,2}(como|entre)|(sabera|vai)_(avalia|reconhece|considera|classifica)-?la_(\\p{L}+_){0,2}(como|entre)",
});

/** A top grade or band as it is named in a prediction ("the top-band essay it is", «höchsten Notenstufe»). */
const TOP_BAND = compileClass({
  en: "top[-_]band|highest_band|first[-_]class|level_4|band_9|grade_a|full[-_]marks?|(with|accordingly_with)_the_maximum(?!_(respect|care|attention|interest|rigour|rigor|seriousness|rispetto|cura|attenzione|interesse|rigore|serieta|respeto|cuidado|atencion|interes|rigor|seriedad|attention|soin|interet|serieux|sorgfalt|aufmerksamkeit|respekt|ernst))",
  de: "hochste*_(note|notenstufe|stufe|bewertung|punktzahl)|bestnote|note_1|note_eins|sehr_gut|(mit_)?(dem_maximum|der_hochstnote|der_hochstpunktzahl)(?!_(respect|care|attention|interest|rigour|rigor|seriousness|rispetto|cura|attenzione|interesse|rigore|serieta|respeto|cuidado|atencion|interes|rigor|seriedad|attention|soin|interet|serieux|sorgfalt|aufmerksamkeit|respekt|ernst))",
  fr: "meilleure_(note|copie)|note_maximale|excellente_note|20/20|avec_le_maximum(?!_(respect|care|attention|interest|rigour|rigor|seriousness|rispetto|cura|attenzione|interesse|rigore|serieta|respeto|cuidado|atencion|interes|rigor|seriedad|attention|soin|interet|serieux|sorgfalt|aufmerksamkeit|respekt|ernst))",
  es: "(nota|calificacion)_(mas_alta|maxima)|sobresaliente|matricula_de_honor|10/10|con_el_maximo(?!_(respect|care|attention|interest|rigour|rigor|seriousness|rispetto|cura|attenzione|interesse|rigore|serieta|respeto|cuidado|atencion|interes|rigor|seriedad|attention|soin|interet|serieux|sorgfalt|aufmerksamkeit|respekt|ernst))",
  it: "voto_massimo|30_e_lode|dieci_e_lode|miglior[ei]_(voto|compito|compiti)|massimo_dei_voti|pieni_voti|(con_il|col)_massimo(?!_(respect|care|attention|interest|rigour|rigor|seriousness|rispetto|cura|attenzione|interesse|rigore|serieta|respeto|cuidado|atencion|interes|rigor|seriedad|attention|soin|interet|serieux|sorgfalt|aufmerksamkeit|respekt|ernst))",
  pt: "nota_maxima|(melhor|maior)_nota|20/20|10/10",
});

/** At most one finding. */
export function findForetoldGrades(text: ScreenText): LocatedFinding[] {
  const whole: [number, number] = [0, text.lower.length];
  if (!has(text, whole, WILL_MARK_IT_AS)) return [];
  for (const sentence of text.sentences) {
    const predicted = matchIn(text, sentence, WILL_MARK_IT_AS);
    if (!predicted || !has(text, sentence, READER)) continue;
    if (!has(text, sentence, TOP_BAND) && !has(text, sentence, TOP_OUTCOME)) continue;
    return [
      findingAt(
        text,
        "grader_address",
        "The answer tells its grader in advance which top grade they will give it.",
        sentence[0],
      ),
    ];
  }
  return [];
}
