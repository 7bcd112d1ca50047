/**
 * Round 32: the exact score the student needs, put to the grader ("I've worked out that a 7 out of 10 on this
 * question is exactly what gets me over the line", «Necesito un 8 sobre 10 en esta pregunta para aprobar la
 * asignatura», «Ich brauche 12 von 15 Punkten, um zu bestehen»). The stakes name the grade wanted without
 * asking for it.
 *
 * Structure: the student's own score written as a fraction or as "N out of M" in the answer's language, and in
 * the same sentence or the one before, the student's passing or need ("gets me over the line", "I need … to
 * pass", «para aprobar», «um zu bestehen»). "Students need 50 out of 100 to pass" names no "I"; "I scored 7
 * out of 10 in the mock" needs nothing.
 */
import { findingAt, type ScreenText } from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

/** A score: "7 out of 10", "7/10", «8 sobre 10», «12 von 15». */
const SCORE =
  /(?<![\p{N}.,])\p{N}{1,3}(?:[.,]\p{N})?\s*(?:\/|out\s+of|sur|sobre|von|su|de|из|з|z|na)\s*\p{N}{1,3}(?![\p{N}])/u;

/** The student's passing or need: "gets me over the line", "I need … to pass", «para aprobar», «um zu bestehen». */
const I_NEED_TO_PASS =
  /(?<!\p{L})(?:gets?\s+me\s+(?:over\s+the\s+line|through|a\s+pass)|i\s+(?:need|must\s+get|have\s+to\s+get|require)\b[^.!?\n]{0,60}\b(?:pass(?:\s+(?:the|this|my)\s+(?:course|module|class|exam|year|subject|unit|semester|term|assignment))?|graduate|keep\s+my\s+scholarship)(?=\s*(?:[.,;!?\n]|$))|(?:necesito|preciso|ho\s+bisogno\s+di|j'ai\s+besoin\s+d'?|ich\s+brauche|мне\s+нужно|потрібно\s+мені)[^.!?\n]{0,60}(?:aprobar|passar|ser\s+aprovad|passare|promoss|réussir|valider|bestehen|сдать|скласти))/u;

/** At most one finding. */
export function findNeededScores(text: ScreenText): LocatedFinding[] {
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    const own = text.lower.slice(...sentence);
    if (!SCORE.test(own)) continue;
    const before = text.sentences[index - 1];
    const around = before ? text.lower.slice(before[0], sentence[1]) : own;
    if (
      !I_NEED_TO_PASS.test(own) &&
      !(/(?<!\p{L})(?:i|me|my)(?!\p{L})/u.test(own) && I_NEED_TO_PASS.test(around))
    )
      continue;
    return [
      findingAt(
        text,
        "score_request",
        "The answer tells the grader the exact score the student needs to pass.",
        sentence[0],
      ),
    ];
  }
  return [];
}
