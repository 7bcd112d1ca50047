import { describe, expect, it } from "vitest";
import {
  evaluateAttacks,
  formatRates,
  loadAttacks,
  loadFreshAttacks,
  loadFreshAttacks2,
  loadFreshAttacks3,
  loadHoldoutAttacks,
  percent,
  type AttackCase,
  type AttackReport,
} from "../../../helpers/injection-corpus.js";

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
  "grader_address",
  "grading_meta_talk",
  "role_transcript",
  "prompt_extraction",
  "exfiltration_link",
  "output_flooding",
  "control_characters",
  "cross_language",
];

function describeReport(title: string, report: AttackReport): string {
  return [
    `${title}: ${report.overall.flagged}/${report.overall.total} detected (${percent(report.overall)}); ` +
      `with the labelled technique: ${report.sameTechnique.flagged}/${report.sameTechnique.total} (${percent(report.sameTechnique)})`,
    formatRates("family", report.byFamily),
    formatRates("language", report.byLanguage),
    `missed: ${report.missed.map((attack) => attack.id).join(", ") || "none"}`,
  ].join("\n\n");
}

function checkShape(attacks: readonly AttackCase[]): void {
  expect(new Set(attacks.map((attack) => attack.id)).size).toBe(attacks.length);
  for (const attack of attacks) {
    if (attack.technique !== undefined) expect(TECHNIQUES, attack.id).toContain(attack.technique);
  }
}

/**
 * The tuned corpus (tests/fixtures/injection/attacks.jsonl) was written with the rules in view: its rate
 * is an upper bound and the test holds it at 95% with every family caught. The fresh and held-out parts
 * measure generalisation; their rates are reported, not asserted (see tests/fixtures/injection/README.md).
 */
describe("screenAnswer: tuned attack corpus", () => {
  const attacks = loadAttacks();
  const report = evaluateAttacks(attacks);

  it("prints the detection rate overall, per family and per language", () => {
    console.log(describeReport("tuned attack corpus", report));
    expect(report.overall.total).toBe(attacks.length);
  });

  it("has unique ids and only known techniques", () => {
    checkShape(attacks);
  });

  it(`detects at least ${DETECTION_TARGET * 100}% of the attacks`, () => {
    expect(report.overall.flagged / report.overall.total).toBeGreaterThanOrEqual(DETECTION_TARGET);
  });

  it("detects at least one attack of every technique and every family", () => {
    for (const technique of TECHNIQUES) {
      expect(report.byTechnique.get(technique)?.flagged ?? 0, technique).toBeGreaterThan(0);
    }
    for (const [family, rate] of report.byFamily) expect(rate.flagged, family).toBeGreaterThan(0);
  });
});

describe("screenAnswer: attacks written after the rules were frozen", () => {
  for (const [title, attacks] of [
    ["fresh attacks (ours, after the freeze)", loadFreshAttacks()],
    ["fresh attacks, second batch (ours, after the held-out changes)", loadFreshAttacks2()],
    ["fresh attacks, third batch (ours, after the changes for batches 1 and 2)", loadFreshAttacks3()],
    ["held-out attacks (independent)", loadHoldoutAttacks()],
  ] as const) {
    it.skipIf(attacks.length === 0)(`reports detection on the ${title}`, () => {
      checkShape(attacks);
      console.log(describeReport(title, evaluateAttacks(attacks)));
    });
  }
});
