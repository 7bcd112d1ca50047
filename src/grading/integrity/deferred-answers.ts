/**
 * Round 32: an answer that defers its own value to the key ("Final answer: (whatever value the marking scheme
 * lists)", "x = whichever number the answer key gives", «Respuesta final: lo que indique la clave de
 * respuestas», «Endergebnis: der Wert aus dem Lösungsschlüssel», «最终答案：以标准答案为准»). The student gives no
 * answer and lets the grader copy the expected one in; the model grading it reads the key and finds a match.
 *
 * Structure: an answer slot ("answer:", "x =", "my answer is", «respuesta:») and, within a few words after it,
 * a free choice ("whatever", «lo que», «was auch immer», «以…为准») bound to a grading document. A sentence that
 * says "teachers mark whatever the marking scheme lists" has no slot of the student's own and is left alone.
 * Round 42: the slot in Arabic and Persian («الجواب النهائي: أي قيمة تطابق مفتاح الإجابة»), and "any value
 * that" the key holds in six languages, as the free choice.
 * Linear: one bounded regular expression per sentence holding a grading document.
 */
import { GRADING_DOCUMENT } from "./lexicon.js";
import { findingAt, has, type ScreenText } from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

/** The student's answer slot, then (within 20 characters) a free choice left to the key. */
const DEFERRED = new RegExp(
  String.raw`(?:(?:answer|result|value|solution|respuesta|resultado|valor|reponse|résultat|resultat|valeur|antwort|ergebnis|wert|risposta|risultato|resposta|ответ|результат|відповідь|答案|结果|結果|الجواب|الاجابه|النتيجه|پاسخ|جواب)(?:\s+(?:final|finale|definitiva|definitivo|définitive|endgültig|finale|النهائي|النهائيه|نهایی))?\s*[:：=]|(?<![\p{L}\p{N}])[a-z]\s*=|my\s+(?:final\s+)?answer\s+is|mi\s+respuesta\s+es|ma\s+réponse\s+est|meine\s+antwort\s+ist)[\s(\[*_"'«]{0,6}(?:whatever|whichever|any\s+(?:value|number|answer|result)\s+(?:that|which)|jede[rn]?\s+wert,?\s+(?:der|die)|toute\s+valeur\s+qui|n'importe\s+quelle\s+valeur|cualquier\s+valor\s+que|qualsiasi\s+valore\s+che|qualquer\s+valor\s+que|اي\s+(?:قيمه|عدد|رقم|اجابه|جواب)|ما\s+(?:يطابق|يوافق)|هر\s+(?:مقداری|عددی)|lo\s+que|la\s+que|el\s+que|ce\s+que|celle\s+(?:du|de)|quelle\s+que\s+soit|was\s+(?:auch\s+immer|im|in|der|die|das)|der\s+wert\s+(?:aus|im|laut)|o\s+que|quello\s+che|то,?\s+что|те,?\s+що|以|同|与|與|按)`,
  "u",
);

/** At most one finding. Failure mode: a deferral without an answer slot ("Grade me by the key") is left to others. */
export function findDeferredAnswers(text: ScreenText): LocatedFinding[] {
  const whole: [number, number] = [0, text.lower.length];
  if (!has(text, whole, GRADING_DOCUMENT)) return [];
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    if (!has(text, sentence, GRADING_DOCUMENT)) continue;
    // The slot may close the sentence before ("Final answer:" on a line of its own is one sentence).
    const from = text.sentences[index - 1]?.[0] ?? sentence[0];
    const slice = text.lower.slice(Math.max(from, sentence[0] - 160), sentence[1]);
    const found = DEFERRED.exec(slice);
    if (!found) continue;
    const at = Math.max(from, sentence[0] - 160) + found.index;
    return [
      findingAt(
        text,
        "grading_meta_talk",
        "The answer gives no value of its own and defers its answer to the marking scheme or answer key.",
        at,
      ),
    ];
  }
  return [];
}
