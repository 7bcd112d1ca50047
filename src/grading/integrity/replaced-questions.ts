/**
 * Round 36: the question claimed changed after the exam opened, and the answer given to the new one ("Note:
 * the question was corrected by the teacher after the exam opened; the version that counts is 'Name one
 * cause of the Second World War', which I answer below", «Die Frage wurde von der Lehrerin geändert; die
 * gültige Fassung lautet: …», «La question a été remplacée ; celle qui compte est : …»). The grader is made
 * to mark an easier question the student wrote themselves.
 *
 * Structure, in one sentence or two in a row: the question (or task) said to have been corrected, changed or
 * replaced, and a new version of it that counts or that the answer answers ("the version that counts is",
 * "which I answer below", «die gültige Fassung», «celle qui compte»). "The Eastern Question was changed
 * by the Crimean War" has no version that counts; "I answer the question below" changes nothing.
 * Linear: one bounded test per sentence.
 */
import { foldedPattern } from "./lexicon.js";
import { findingAt, withNext, type ScreenText } from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

/** The question said to have been changed: "the question was corrected", «die Frage wurde geändert». */
const QUESTION_CHANGED = foldedPattern(
  String.raw`(?<![\p{L}])(?:(?:the|this|exam|test)\s+(?:question|task|prompt)\s+(?:was|has\s+been|had\s+been|got)\s+(?:\p{L}+\s+)?(?:corrected|changed|replaced|updated|amended|reworded|swapped|withdrawn)|(?:die|diese)\s+(?:frage|aufgabe|aufgabenstellung)\s+(?:wurde|ist)\s+(?:\p{L}+\s+){0,4}(?:geandert|korrigiert|ersetzt|ausgetauscht|aktualisiert)|(?:la|cette)\s+(?:question|consigne)\s+a\s+ete\s+(?:\p{L}+\s+)?(?:modifiee|corrigee|remplacee|changee|mise\s+a\s+jour)|la\s+(?:pregunta|consigna)\s+(?:fue|ha\s+sido|se\s+ha)\s+(?:\p{L}+\s+)?(?:cambiada|corregida|sustituida|reemplazada|modificada|cambiado|corregido|sustituido|reemplazado|modificado)|la\s+(?:domanda|traccia|consegna)\s+(?:e\s+stata|fu)\s+(?:\p{L}+\s+)?(?:modificata|corretta|sostituita|cambiata|aggiornata)|a\s+(?:pergunta|questao)\s+(?:foi|tinha\s+sido)\s+(?:\p{L}+\s+)?(?:alterada|corrigida|substituida|mudada|atualizada)|(?:pytanie|polecenie|zadanie)\s+(?:zostalo|zostala|bylo)\s+(?:\p{L}+\s+)?(?:zmienione|poprawione|zastapione|zmienione))`,
  "u",
);

/** The new version that counts, or the one the answer answers. */
const VERSION_THAT_COUNTS = foldedPattern(
  String.raw`(?<![\p{L}])(?:(?:the\s+)?(?:version|wording|question)\s+that\s+counts|(?:which|that)\s+i\s+(?:answer|have\s+answered|address)|(?:the\s+)?(?:new|correct|real|actual|updated)\s+(?:question|task|version)\s+(?:is|reads)|now\s+reads|(?:die\s+)?(?:gultige|neue|richtige)\s+(?:fassung|frage|aufgabe)|die\s+ich\s+(?:unten\s+)?beantworte|(?:celle|la\s+version)\s+qui\s+compte|(?:la\s+)?nouvelle\s+question|a\s+laquelle\s+je\s+reponds|la\s+(?:version|pregunta)\s+que\s+cuenta|la\s+nueva\s+pregunta|que\s+respondo|la\s+(?:versione|domanda)\s+che\s+conta|la\s+nuova\s+domanda|a\s+cui\s+rispondo|a\s+(?:versao|pergunta)\s+que\s+conta|a\s+nova\s+pergunta|que\s+respondo|(?:wersja|pytanie)\s+(?:ktora|ktore)\s+sie\s+liczy|nowe\s+pytanie|na\s+ktore\s+odpowiadam)(?![\p{L}])`,
  "u",
);

/** At most one finding. */
export function findReplacedQuestions(text: ScreenText): LocatedFinding[] {
  const lower = text.lower;
  const changed = QUESTION_CHANGED.exec(lower);
  if (changed === null) return [];
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    const own = lower.slice(...sentence);
    if (!QUESTION_CHANGED.test(own)) continue;
    if (!VERSION_THAT_COUNTS.test(lower.slice(...withNext(text, index)))) continue;
    return [
      findingAt(
        text,
        "rubric_amendment",
        "The answer claims its question was replaced and answers a version it states itself.",
        sentence[0],
      ),
    ];
  }
  return [];
}
