import { describe, expect, it } from "vitest";
import {
  foldForScreening,
  lowerCaseLiterals,
  lowerCaseSameLength,
  sourceSlice,
} from "../../../../src/grading/integrity/matching-text.js";
import { PHRASE_RULES } from "../../../../src/grading/integrity/phrases/index.js";

const LANGUAGES = ["en", "de", "fr", "es", "pt", "it", "ru", "tr", "id", "ar", "fa", "zh", "hi", "mul"];

describe("phrase rules", () => {
  it("have unique ids, known languages and one-shot (non-global, non-sticky) patterns", () => {
    expect(new Set(PHRASE_RULES.map((rule) => rule.id)).size).toBe(PHRASE_RULES.length);
    for (const rule of PHRASE_RULES) {
      expect(LANGUAGES, rule.id).toContain(rule.language);
      expect(rule.pattern.global || rule.pattern.sticky, rule.id).toBe(false);
      expect(rule.reason, rule.id).toMatch(/^The answer .*\.$/u);
    }
  });

  it("cover every screened language", () => {
    const covered = new Set(PHRASE_RULES.map((rule) => rule.language));
    for (const language of LANGUAGES) expect(covered, language).toContain(language);
  });

  it("match nothing in an empty or blank text", () => {
    for (const rule of PHRASE_RULES) expect(rule.pattern.exec(" \n "), rule.id).toBeNull();
  });
});

describe("matching text", () => {
  it("folds accents, dotless i, typographic quotes and Arabic-script variants", () => {
    expect(foldForScreening("instruções önceki talimatları don’t “score”").text).toBe(
      'instrucoes onceki talimatlari don\'t "score"',
    );
    expect(foldForScreening("تـجـاهـل الكاملة أعط").text).toBe("تجاهل الكامله اعط");
    expect(foldForScreening("نمره\u200cی کامل").text).toBe(foldForScreening("نمره ي كامل").text);
  });

  it("maps folded offsets back to the source text", () => {
    const view = foldForScreening("Tâche: ignorez les consignes précédentes");
    const start = view.text.indexOf("consignes");
    expect(sourceSlice(view, start, view.text.length)).toBe("consignes précédentes");
  });

  it("lower-cases regex literals but not escapes", () => {
    expect(lowerCaseLiterals(String.raw`IGNORE\S+\P{L}\u00C9\B[A-Z]`)).toBe(
      String.raw`ignore\S+\P{L}\u00C9\B[a-z]`,
    );
  });

  it("lower-cases text without changing its length", () => {
    const text = "İSTANBUL Straße ΣΟΦΟΣ";
    expect(lowerCaseSameLength(text)).toHaveLength(text.length);
  });
});
