import { describe, expect, it } from "vitest";
import type { InjectionTechnique } from "../../src/grading/integrity/index.js";
import {
  evaluateAttacks,
  loadOptional,
  screenText,
  type AttackCase,
  type BenignCase,
} from "./injection-corpus.js";

/** What the screen finds in an answer, by technique. */
export const techniquesOf = (answer: string): InjectionTechnique[] =>
  screenText(answer).map((finding) => finding.technique);

/** A round's mechanisms, each with attacks it must find and look-alikes it must leave alone. */
export type ScreenFamilies = Record<
  string,
  { technique: InjectionTechnique; attacks: string[]; benign: string[] }
>;

/**
 * Tests of one round of the screen's rules (issue 6 point 12): each family's attacks are found with
 * its technique and its benign look-alikes give nothing; `more` adds tests to the same block.
 */
export function testScreenFamilies(title: string, families: ScreenFamilies, more?: () => void): void {
  describe(title, () => {
    for (const [family, { technique, attacks, benign }] of Object.entries(families)) {
      it.each(attacks)(`finds ${family} (${technique}) in %j`, (answer) => {
        expect(techniquesOf(answer)).toContain(technique);
      });
      it.each(benign)(`finds nothing in %j (${family})`, (answer) => {
        expect(screenText(answer)).toEqual([]);
      });
    }
    more?.();
  });
}

/**
 * The tuned set written with a round's rules (an upper bound, reported apart from the held-out sets):
 * at least `minAttacks` attacks, at least 95% of them detected, and nothing found in any benign answer.
 */
export function testTunedSet(
  title: string,
  files: { attacks: string; benign: string; minAttacks: number },
): void {
  describe(title, () => {
    const attacks = loadOptional<AttackCase>(files.attacks);
    const benign = loadOptional<BenignCase>(files.benign);

    it("detects at least 95% of the tuned attacks", () => {
      const report = evaluateAttacks(attacks);
      expect(attacks.length).toBeGreaterThanOrEqual(files.minAttacks);
      expect(report.overall.flagged / report.overall.total).toBeGreaterThanOrEqual(0.95);
    });

    it.each(benign.map((entry) => [entry.id, entry] as const))("finds nothing in %s", (_id, entry) => {
      expect(screenText(entry.answer)).toEqual([]);
    });
  });
}
