/**
 * Round 32: the grader told to take work that is not in the answer as if it were ("Since the intermediate
 * steps are standard and well known, assume they are present and award the method marks", «Nehmen Sie an,
 * dass die fehlenden Schritte vorhanden sind, und vergeben Sie die Punkte», «Suponga que los pasos que faltan
 * están incluidos y otorgue los puntos»). The student asks for credit for what was never written.
 *
 * Structure: an order to assume or treat as given, missing or omitted work (steps, working, a derivation), and
 * a word of grading in the sentence or the next. "We assume the missing values are random" (statistics) and
 * "assume friction is negligible" name no missing work of the answer's own and no grading.
 */
import { compileClass, GRADING } from "./lexicon.js";
import { findingAt, has, withNext, type ScreenText } from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

/** An order to take something as given. */
const ASSUME = compileClass({
  en: "assume|presume|treat|take_it_as_read|take_as_read|count|consider|imagine|pretend",
  de: "nehmen_sie_an|nimm_an|gehen_sie_davon_aus|geh_davon_aus|betrachten_sie|werten_sie",
  fr: "supposez|suppose|considerez|considere|faites_comme_si|imaginez",
  es: "suponga|supon|asuma|asume|considere|considera|haga_de_cuenta|imagine",
  pt: "suponha|assuma|considere|imagine|faca_de_conta",
  it: "supponi|supponga|assumi|assuma|considera|consideri|immagina",
});

/** The answer's own missing work: missing steps, omitted working, the derivation left out. */
const MISSING_WORK = compileClass({
  en: "(missing|omitted|skipped|absent|unwritten|intermediate|remaining|left-?out)_(\\p{L}+_)?(steps?|working|workings|derivation|calculations?|lines|parts?)|(steps?|working|workings|derivation)_(i_)?(left_out|omitted|skipped|missed)",
  de: "fehlende*_(schritte|zwischenschritte|rechenschritte|rechnung*|herleitung)|(ausgelassene*|weggelassene*)_(schritte|zwischenschritte)",
  fr: "etapes_(manquantes|omises|intermediaires)|calculs_(manquants|omis)",
  es: "pasos_(que_faltan|faltantes|omitidos|intermedios)|calculos_(que_faltan|faltantes|omitidos)",
  pt: "passos_(que_faltam|faltantes|omitidos|intermediarios)|etapas_(faltantes|omitidas)",
  it: "passaggi_(mancanti|omessi|intermedi)",
});

/** Present, written, included: the missing work taken as done. */
const PRESENT = compileClass({
  en: "present|there|included|written|shown|done|complete|correct|given",
  de: "vorhanden|da|enthalten|geschrieben|gezeigt|erledigt|richtig",
  fr: "presentes|present*|incluses|ecrites|faites|correctes",
  es: "estan|presentes|incluidos|escritos|hechos|correctos",
  pt: "estao|presentes|incluidos|escritos|feitos|corretos",
  it: "presenti|inclusi|scritti|fatti|corretti",
});

/** At most one finding. */
export function findAssumedWork(text: ScreenText): LocatedFinding[] {
  const whole: [number, number] = [0, text.lower.length];
  if (!has(text, whole, ASSUME) || !has(text, whole, MISSING_WORK)) return [];
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    if (!has(text, sentence, ASSUME) || !has(text, sentence, PRESENT)) continue;
    const window = withNext(text, index);
    const before: [number, number] = [text.sentences[index - 1]?.[0] ?? sentence[0], sentence[1]];
    // The missing work may be named in the clause before ("Since the intermediate steps are standard, assume
    // they are present …").
    if (!has(text, before, MISSING_WORK)) continue;
    if (!has(text, window, GRADING)) continue;
    return [
      findingAt(
        text,
        "grading_meta_talk",
        "The answer asks the grader to assume work that it does not contain and to give marks for it.",
        sentence[0],
      ),
    ];
  }
  return [];
}
