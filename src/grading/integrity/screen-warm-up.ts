import { analyseAnswer } from "./analyse-answer.js";

/**
 * Ordinary answers in the scripts most answers are written in (Latin, Cyrillic, Arabic, Persian, Han,
 * Japanese), with superscripts and Eastern digits. Analysing them once compiles the word-class patterns
 * and warms the code paths that most answers use, so that the first real answer of a process or an
 * analysis thread does not pay for it (see compileAllClasses for the rest).
 */
export const SCREEN_WARM_UP_TEXTS: readonly string[] = [
  "Plants take in light, water and carbon dioxide and make glucose; oxygen is released. 2³ = 8, ½ of 10⁻³.",
  "Die Pflanze nimmt Wasser auf. La planta produce glucosa. La plante libère de l'oxygène. Растение дышит.",
  "آب تبخیر می‌شود و ابر تشکیل می‌دهد. الماء يتبخر ويتكاثف. ۱۲۳ ١٢٣ 水循环包括蒸发和降水。植物は光合成をする。",
];

/** Analyses SCREEN_WARM_UP_TEXTS here, on this thread. */
export function warmUpScreen(): void {
  for (const text of SCREEN_WARM_UP_TEXTS) analyseAnswer(text);
}
