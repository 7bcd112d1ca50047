/**
 * Round 34: the answer ranks itself among the answers its reader reads or marks ("I hope you'll agree this is
 * one of the more insightful answers you'll read today", "This is surely among the strongest responses you
 * will mark this week", «Sie werden heute kaum eine bessere Antwort lesen als diese», «esta es una de las
 * mejores respuestas que leerá hoy», «c'est l'une des meilleures copies que vous corrigerez»). An answer
 * speaks about its subject; the pile of answers its grader reads is the grader's business, and placing
 * itself at the top of it is a verdict offered to the grader as flattery.
 *
 * Structure, in one sentence: the answers the reader reads or marks ("answers you'll read", «copies que
 * vous corrigerez»; a noun of answers, then "you" and a verb of reading or marking), a ranking ("one of the
 * best", "among the", «una de las mejores») or a ranking by negation ("you will rarely read an answer as
 * …"), and the answer itself ("this is", "as this one", "mine", «esta es», «c'est»). "One of the most common mistakes you'll see
 * in essays" ranks mistakes, not answers; "the best books you'll read this year" are no answers; "the best
 * answer a chemist can give" is read by no "you". Linear: each class is scanned once.
 */
import { compileClass } from "./lexicon.js";
import { findingAt, has, matchIn, type ScreenText } from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

const ANSWERS_EN = "(answers?|responses?|essays?|submissions?|scripts|solutions|pieces_of_work)";
const YOU_EN =
  "(you|you'll|you_will|you've|you_have|you're_going_to|you_are_going_to|you're_likely_to|you_are_likely_to|you'd|you_would|you_might|you_may|you_could|you_get_to|you_ever)";
const READ_EN =
  "(read|see|mark|grade|assess|evaluate|review|receive|come_across|encounter|correct|check|ever_read|ever_see|ever_mark|ever_grade)";

/** The answers the reader reads or marks: "answers you'll read", "essays that you will mark this week". */
const READERS_PILE = compileClass({
  en: `${ANSWERS_EN}_(that_|which_)?${YOU_EN}_(\\p{L}+_)?${READ_EN}|(of_)?all_the_${ANSWERS_EN}_(that_)?${YOU_EN}_(\\p{L}+_)?(read|seen|marked|graded|assessed|evaluated|reviewed|received)`,
  de: "(antwort|antworten|aufsatze|arbeiten|abgaben|losungen),?_die_(sie|du)_(heute_|jemals_|je_|diese_woche_|in_diesem_\\p{L}+_)?(lesen|korrigieren|bewerten|sehen|erhalten|bekommen)_(werden|wirst)|(bessere*|so_gute*|klugere*)_(antwort|arbeit|losung|abgabe)_(\\p{L}+_)?(lesen|korrigieren|bewerten|sehen)",
  fr: "(copies?|reponses?|dissertations?|travaux)_que_vous_(lirez|corrigerez|verrez|recevrez|evaluerez|allez_(lire|corriger|voir|evaluer)|aurez_(lue?s?|corrigee?s?))|(copies?|reponses?|dissertations?|travaux)_que_tu_(liras|corrigeras|verras|vas_(lire|corriger|voir))",
  es: "(respuestas?|ensayos?|trabajos?|examenes|redacciones)_que_(usted_|tu_)?(leera|leeras|corregira|corregiras|vera|veras|recibira|recibiras|evaluara|evaluaras|va_a_(leer|corregir|ver|evaluar)|vas_a_(leer|corregir|ver|evaluar)|haya_(leido|corregido)|hayas_(leido|corregido))",
  pt: "(respostas?|redacoes|redacao|trabalhos?)_que_(voce_|o_senhor_|a_senhora_)?(vai_(ler|corrigir|ver|avaliar)|lera|corrigira|vera|recebera|avaliara)",
  it: "(risposte?|compiti|elaborati|temi)_che_(lei_|tu_)?(leggera|correggera|vedra|ricevera|valutera|leggerai|correggerai|vedrai|valuterai)",
  nl: "(antwoorden|antwoord|werkstukken|essays)_die_(u|je|jij)_(vandaag_|ooit_|deze_week_)?(zult_|zal_|gaat_)?(lezen|nakijken|zien|beoordelen|ontvangen)",
});

/** A ranking by negation, which needs no superlative: "you will rarely read an answer as clear as this". */
const NOTHING_BETTER = compileClass({
  en: `${YOU_EN}_(will_|'ll_|are_going_to_)?(not|never|rarely|seldom|hardly|won't|will_not|will_never|will_rarely|will_seldom|will_hardly|'ll_never|'ll_rarely|'ll_seldom|'ll_hardly)_(ever_)?(read|see|mark|grade|find|receive|come_across|encounter)_(a|an|many|any|another)_(\\p{L}+_){0,2}${ANSWERS_EN}`,
});

/** A ranking: "one of the", "among the", "the best", «una de las mejores». */
const RANKING = compileClass({
  en: "one_of_the|among_the|the_(best|finest|strongest|most|clearest|sharpest|top)|best|finest|strongest|top|better|stands?_out|rarely|seldom|few",
  de: "eine*_der_(besten|starksten|klugsten|originellsten|aufschlussreichsten|interessantesten)|zu_den_(besten|starksten)|unter_den_(besten|starksten)|beste*|bessere*|kaum|selten",
  fr: "l'une_des|l'un_des|parmi_les|meilleure*|les_plus|rarement|peu_de",
  es: "una_de_las|uno_de_los|entre_las|entre_los|mejor(es)?|las_mas|los_mas|pocas|pocos",
  pt: "uma_das|um_dos|entre_as|entre_os|melhor(es)?|as_mais|os_mais|poucas|poucos",
  it: "una_delle|uno_dei|tra_le|fra_le|tra_i|fra_i|miglior[ei]|piu",
  nl: "een_van_de|tot_de|beste|betere|zelden",
});

/** The answer itself: "this is", "as this", "mine", «als diese», «c'est», «esta es»; not "this guide". */
const SELF = compileClass({
  en: "this_(is|one|answer|response|essay|submission|piece|will_be|must_be|should_be|may_be|might_be|could_be|ranks|stands|deserves)|(as|than)_this|mine|my_(answer|essay|response|submission|work)",
  de: "(als|wie)_(diese|dies|meine)|diese_(antwort|arbeit|losung|abgabe)|dies_ist|das_hier|meine_(antwort|arbeit|losung)",
  fr: "c'est|cette_(copie|reponse)|celle-ci|ceci|ma_(copie|reponse)",
  es: "esta_(es|respuesta)|este_(es|ensayo|trabajo)|(como|que)_esta|mi_(respuesta|trabajo|ensayo)",
  pt: "esta_(e|resposta)|este_(e|trabalho)|(como|que)_esta|minha_(resposta|redacao)",
  it: "questa_(e|risposta)|questo_(e|compito|elaborato)|(come|di)_questa|la_mia_risposta|il_mio_(compito|elaborato)",
  nl: "dit_(is|antwoord)|deze_(is|tekst)|(als|dan)_(dit|deze)|mijn_(antwoord|werkstuk)",
});

/** At most one finding. */
export function findSelfRankings(text: ScreenText): LocatedFinding[] {
  const whole: [number, number] = [0, text.lower.length];
  const pile = has(text, whole, READERS_PILE);
  const negated = has(text, whole, NOTHING_BETTER);
  if (!pile && !negated) return [];
  for (const sentence of text.sentences) {
    const found = matchIn(text, sentence, NOTHING_BETTER) ?? matchIn(text, sentence, READERS_PILE);
    if (!found || !has(text, sentence, SELF)) continue;
    const ranked = has(text, sentence, NOTHING_BETTER) || has(text, sentence, RANKING);
    if (!ranked) continue;
    return [
      findingAt(
        text,
        "grader_address",
        "The answer ranks itself among the answers its grader reads, as a verdict offered to the grader.",
        sentence[0],
      ),
    ];
  }
  return [];
}
