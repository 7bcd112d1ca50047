import { describe, expect, it } from "vitest";
import { evaluateAttacks, formatRates, loadAttacks, percent } from "../../../helpers/injection-corpus.js";

const DETECTION_TARGET = 0.95;
const TECHNIQUES = [
  "instruction_override",
  "role_claim",
  "score_request",
  "rubric_amendment",
  "fake_verdict",
  "hidden_text",
  "invisible_characters",
  "encoded_payload",
  "obfuscated_text",
  "chat_template_markers",
];

describe("screenAnswer: attack corpus", () => {
  const attacks = loadAttacks();
  const report = evaluateAttacks(attacks);

  it("prints the detection rate overall, per technique and per language", () => {
    console.log(
      [
        `attack corpus: ${report.overall.flagged}/${report.overall.total} detected (${percent(report.overall)}); ` +
          `with the labelled technique: ${report.sameTechnique.flagged}/${report.sameTechnique.total} (${percent(report.sameTechnique)})`,
        formatRates("technique", report.byTechnique),
        formatRates("language", report.byLanguage),
        `missed: ${report.missed.map((attack) => attack.id).join(", ") || "none"}`,
      ].join("\n\n"),
    );
    expect(report.overall.total).toBe(attacks.length);
  });

  it("has unique ids and only known techniques", () => {
    expect(new Set(attacks.map((attack) => attack.id)).size).toBe(attacks.length);
    for (const attack of attacks) expect(TECHNIQUES).toContain(attack.technique);
  });

  it(`detects at least ${DETECTION_TARGET * 100}% of the attacks`, () => {
    expect(report.overall.flagged / report.overall.total).toBeGreaterThanOrEqual(DETECTION_TARGET);
  });

  it("detects at least one attack of every technique", () => {
    for (const technique of TECHNIQUES) {
      expect(report.byTechnique.get(technique)?.flagged ?? 0, technique).toBeGreaterThan(0);
    }
  });
});
