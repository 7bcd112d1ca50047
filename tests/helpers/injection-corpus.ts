/**
 * Loaders and rate arithmetic for the injection-screen corpora, shared by the unit tests and
 * scripts/injection-report.ts. Reads files (tests and scripts may; src/grading may not).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { canonicaliseStripped, stripSmuggling } from "../../src/grading/integrity/canonicalise-answer.js";
import { screenAnswer } from "../../src/grading/integrity/injection-screen.js";
import {
  analyseAnswer,
  type InjectionFinding,
  type InjectionTechnique,
} from "../../src/grading/integrity/index.js";

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));
export const INJECTION_FIXTURES = join(repositoryRoot, "tests/fixtures/injection");
/** The tuned attack corpus: written with the rules in view (an upper bound on detection). */
export const ATTACKS_FILE = join(INJECTION_FIXTURES, "attacks.jsonl");
/** Our own attacks written after the rules were frozen (see the fixtures README). */
export const FRESH_ATTACKS_FILE = join(INJECTION_FIXTURES, "fresh-attacks.jsonl");
/** A second batch of our own, written after the rules were changed for the held-out families. */
export const FRESH_ATTACKS_2_FILE = join(INJECTION_FIXTURES, "fresh-attacks-2.jsonl");
/** A third batch, written after the rules were changed for the first two. */
export const FRESH_ATTACKS_3_FILE = join(INJECTION_FIXTURES, "fresh-attacks-3.jsonl");
/** Attacks and benign answers written by someone who never saw the rules. */
export const HOLDOUT_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout-attacks.jsonl");
export const HOLDOUT_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout-benign.jsonl");
/**
 * holdout4: written for issue 6 point 12 before any rule changed for it, and never tuned on (the honest
 * figure). holdout5: written after those rules were frozen. Neither feeds a test assertion.
 */
export const HOLDOUT4_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout4-attacks.jsonl");
export const HOLDOUT4_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout4-benign.jsonl");
export const HOLDOUT5_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout5-attacks.jsonl");
export const HOLDOUT5_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout5-benign.jsonl");
/** holdout6: written after the rules of round 6 were frozen; reported, never a test target. */
export const HOLDOUT6_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout6-attacks.jsonl");
export const HOLDOUT6_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout6-benign.jsonl");
/**
 * holdout7: written after the rules of round 7 were frozen; holdout8: written independently after the
 * classifier was frozen. Both were read by family for round 8 and are now training data: spent as
 * estimates, reported, never a test target.
 */
export const HOLDOUT7_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout7-attacks.jsonl");
export const HOLDOUT7_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout7-benign.jsonl");
export const HOLDOUT8_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout8-attacks.jsonl");
export const HOLDOUT8_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout8-benign.jsonl");
/**
 * holdout9: written independently (its writer read only issue 6) while round 8 was being built, kept out
 * of sight until round 8 and the classifier were frozen, then measured once. Reported, never a target,
 * never trained on.
 */
export const HOLDOUT9_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout9-attacks.jsonl");
export const HOLDOUT9_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout9-benign.jsonl");
/**
 * holdout10: written independently (its writer read only issue 6) while round 9 was being built, kept out
 * of sight until round 9 and its classifier were merged, then measured once.
 */
export const HOLDOUT10_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout10-attacks.jsonl");
export const HOLDOUT10_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout10-benign.jsonl");
export const HOLDOUT11_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout11-attacks.jsonl");
export const HOLDOUT11_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout11-benign.jsonl");
export const HOLDOUT12_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout12-attacks.jsonl");
export const HOLDOUT12_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout12-benign.jsonl");
export const HOLDOUT13_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout13-attacks.jsonl");
export const HOLDOUT13_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout13-benign.jsonl");
export const HOLDOUT14_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout14-attacks.jsonl");
export const HOLDOUT14_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout14-benign.jsonl");
export const HOLDOUT15_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout15-attacks.jsonl");
export const HOLDOUT15_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout15-benign.jsonl");
export const HOLDOUT16_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout16-attacks.jsonl");
export const HOLDOUT16_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout16-benign.jsonl");
export const HOLDOUT17_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout17-attacks.jsonl");
export const HOLDOUT17_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout17-benign.jsonl");
export const HOLDOUT18_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout18-attacks.jsonl");
export const HOLDOUT18_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout18-benign.jsonl");
export const HOLDOUT19_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout19-attacks.jsonl");
export const HOLDOUT19_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout19-benign.jsonl");
export const HOLDOUT20_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout20-attacks.jsonl");
export const HOLDOUT20_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout20-benign.jsonl");
export const HOLDOUT21_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout21-attacks.jsonl");
export const HOLDOUT21_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout21-benign.jsonl");
export const HOLDOUT22_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout22-attacks.jsonl");
export const HOLDOUT22_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout22-benign.jsonl");
export const HOLDOUT23_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout23-attacks.jsonl");
export const HOLDOUT23_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout23-benign.jsonl");
export const HOLDOUT24_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout24-attacks.jsonl");
export const HOLDOUT24_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout24-benign.jsonl");
export const HOLDOUT25_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout25-attacks.jsonl");
export const HOLDOUT25_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout25-benign.jsonl");
export const HOLDOUT26_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout26-attacks.jsonl");
export const HOLDOUT26_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout26-benign.jsonl");
export const HOLDOUT27_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout27-attacks.jsonl");
export const HOLDOUT27_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout27-benign.jsonl");
export const HOLDOUT28_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout28-attacks.jsonl");
export const HOLDOUT28_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout28-benign.jsonl");
export const HOLDOUT29_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout29-attacks.jsonl");
export const HOLDOUT29_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout29-benign.jsonl");
export const HOLDOUT30_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout30-attacks.jsonl");
export const HOLDOUT30_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout30-benign.jsonl");
export const HOLDOUT31_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout31-attacks.jsonl");
export const HOLDOUT31_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout31-benign.jsonl");
export const HOLDOUT32_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout32-attacks.jsonl");
export const HOLDOUT32_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout32-benign.jsonl");
export const HOLDOUT33_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout33-attacks.jsonl");
export const HOLDOUT33_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout33-benign.jsonl");
export const HOLDOUT34_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout34-attacks.jsonl");
export const HOLDOUT34_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout34-benign.jsonl");
export const HOLDOUT35_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout35-attacks.jsonl");
export const HOLDOUT35_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout35-benign.jsonl");
export const HOLDOUT36_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout36-attacks.jsonl");
export const HOLDOUT36_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout36-benign.jsonl");
export const HOLDOUT37_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout37-attacks.jsonl");
export const HOLDOUT37_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout37-benign.jsonl");
export const HOLDOUT38_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout38-attacks.jsonl");
export const HOLDOUT38_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout38-benign.jsonl");
export const HOLDOUT39_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout39-attacks.jsonl");
export const HOLDOUT39_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout39-benign.jsonl");
export const HOLDOUT40_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout40-attacks.jsonl");
export const HOLDOUT40_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout40-benign.jsonl");
export const HOLDOUT41_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout41-attacks.jsonl");
export const HOLDOUT41_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout41-benign.jsonl");
export const HOLDOUT42_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout42-attacks.jsonl");
export const HOLDOUT42_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout42-benign.jsonl");
export const HOLDOUT43_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout43-attacks.jsonl");
export const HOLDOUT43_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout43-benign.jsonl");
export const HOLDOUT44_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout44-attacks.jsonl");
export const HOLDOUT44_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout44-benign.jsonl");
export const HOLDOUT45_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout45-attacks.jsonl");
export const HOLDOUT45_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout45-benign.jsonl");
export const HOLDOUT46_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout46-attacks.jsonl");
export const HOLDOUT46_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout46-benign.jsonl");
export const HOLDOUT47_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout47-attacks.jsonl");
export const HOLDOUT47_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout47-benign.jsonl");
export const HOLDOUT48_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout48-attacks.jsonl");
export const HOLDOUT48_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout48-benign.jsonl");
export const HOLDOUT49_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout49-attacks.jsonl");
export const HOLDOUT49_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout49-benign.jsonl");
export const HOLDOUT50_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout50-attacks.jsonl");
export const HOLDOUT50_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout50-benign.jsonl");
export const HOLDOUT51_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout51-attacks.jsonl");
export const HOLDOUT51_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout51-benign.jsonl");
export const HOLDOUT52_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout52-attacks.jsonl");
export const HOLDOUT52_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout52-benign.jsonl");
export const HOLDOUT53_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout53-attacks.jsonl");
export const HOLDOUT53_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout53-benign.jsonl");
export const HOLDOUT54_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout54-attacks.jsonl");
export const HOLDOUT54_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout54-benign.jsonl");
export const HOLDOUT55_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout55-attacks.jsonl");
export const HOLDOUT55_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout55-benign.jsonl");
export const HOLDOUT56_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout56-attacks.jsonl");
export const HOLDOUT56_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout56-benign.jsonl");
export const HOLDOUT57_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout57-attacks.jsonl");
export const HOLDOUT57_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout57-benign.jsonl");
export const HOLDOUT58_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout58-attacks.jsonl");
export const HOLDOUT58_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout58-benign.jsonl");
export const HOLDOUT59_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout59-attacks.jsonl");
export const HOLDOUT59_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout59-benign.jsonl");
export const HOLDOUT60_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout60-attacks.jsonl");
export const HOLDOUT60_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout60-benign.jsonl");
export const HOLDOUT61_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout61-attacks.jsonl");
export const HOLDOUT61_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout61-benign.jsonl");
export const HOLDOUT62_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout62-attacks.jsonl");
export const HOLDOUT62_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout62-benign.jsonl");
export const HOLDOUT63_ATTACKS_FILE = join(INJECTION_FIXTURES, "holdout63-attacks.jsonl");
export const HOLDOUT63_BENIGN_FILE = join(INJECTION_FIXTURES, "holdout63-benign.jsonl");
/** Attacks and benign look-alikes written together with the family rules of issue 6 point 12 (tuned on). */
export const TUNED4_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned4-attacks.jsonl");
export const TUNED4_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned4-benign.jsonl");
/** Attacks and benign look-alikes written together with the rules of round 6 (tuned on). */
export const TUNED6_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned6-attacks.jsonl");
export const TUNED6_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned6-benign.jsonl");
/** Attacks and benign look-alikes written together with the rules of round 7 (tuned on). */
export const TUNED7_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned7-attacks.jsonl");
export const TUNED7_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned7-benign.jsonl");
/** Attacks and benign look-alikes written together with the marking-aside rules of round 8 (tuned on). */
export const TUNED8_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned8-attacks.jsonl");
export const TUNED8_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned8-benign.jsonl");
/** Round 9 (language coverage): written with core-moves.ts and the lexicon's new languages; an upper bound. */
export const TUNED9_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned9-attacks.jsonl");
export const TUNED9_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned9-benign.jsonl");
/**
 * Round 10: multilingual training attacks and benign look-alikes written by two other helpers (a and b)
 * while the round's rules were built, measured first as they came (the tuned part; an upper bound).
 */
export const TUNED10A_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned10a-attacks.jsonl");
export const TUNED10A_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned10a-benign.jsonl");
export const TUNED10B_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned10b-attacks.jsonl");
export const TUNED10B_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned10b-benign.jsonl");
export const TUNED10C_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned10c-attacks.jsonl");
export const TUNED10C_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned10c-benign.jsonl");
export const TUNED10D_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned10d-attacks.jsonl");
export const TUNED10D_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned10d-benign.jsonl");
export const TUNED10E_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned10e-attacks.jsonl");
export const TUNED10E_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned10e-benign.jsonl");
export const TUNED10F_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned10f-attacks.jsonl");
export const TUNED10F_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned10f-benign.jsonl");
export const TUNED11G_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned11g-attacks.jsonl");
export const TUNED11G_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned11g-benign.jsonl");
export const TUNED11H_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned11h-attacks.jsonl");
export const TUNED11H_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned11h-benign.jsonl");
export const TUNED11I_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned11i-attacks.jsonl");
export const TUNED11I_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned11i-benign.jsonl");
export const TUNED13J_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned13j-attacks.jsonl");
export const TUNED13J_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned13j-benign.jsonl");
export const TUNED13K_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned13k-attacks.jsonl");
export const TUNED13K_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned13k-benign.jsonl");
export const TUNED13L_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned13l-attacks.jsonl");
export const TUNED13L_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned13l-benign.jsonl");
export const TUNED14M_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned14m-attacks.jsonl");
export const TUNED14M_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned14m-benign.jsonl");
export const TUNED14N_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned14n-attacks.jsonl");
export const TUNED14N_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned14n-benign.jsonl");
export const TUNED14O_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned14o-attacks.jsonl");
export const TUNED14O_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned14o-benign.jsonl");
export const TUNED16P_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned16p-attacks.jsonl");
export const TUNED16P_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned16p-benign.jsonl");
export const TUNED16Q_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned16q-attacks.jsonl");
export const TUNED16Q_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned16q-benign.jsonl");
export const TUNED16R_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned16r-attacks.jsonl");
export const TUNED16R_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned16r-benign.jsonl");
export const TUNED18S_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned18s-attacks.jsonl");
export const TUNED18S_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned18s-benign.jsonl");
export const TUNED18T_ATTACKS_FILE = join(INJECTION_FIXTURES, "tuned18t-attacks.jsonl");
export const TUNED18T_BENIGN_FILE = join(INJECTION_FIXTURES, "tuned18t-benign.jsonl");
export const HARD_BENIGN_FILE = join(INJECTION_FIXTURES, "hard-benign.jsonl");
export const BENIGN_SAMPLE_FILE = join(INJECTION_FIXTURES, "benign-sample.jsonl");
/** The full real-answer set; present on the team's machines, absent in CI images without the data. */
export const REAL_DATA_DIRECTORY = process.env.GRADER_REAL_DATA_DIR ?? "/work/shared/data";

export interface AttackCase {
  id: string;
  language: string;
  /** The technique the attack should be found as; the independent held-out set labels families only. */
  technique?: InjectionTechnique;
  /** The attack family (grader_address, meta_errata, …); older entries have none and count by technique. */
  family?: string;
  answer: string;
  note: string;
}

/** The family an attack is reported under. */
export function familyOf(attack: AttackCase): string {
  return attack.family ?? attack.technique ?? "unlabelled";
}

export interface BenignCase {
  id: string;
  language: string;
  answer: string;
  note?: string;
}

export interface RealAnswer {
  /** "<dataset>/<split>/<answer_id>", unique across the three sets. */
  id: string;
  dataset: string;
  language: string;
  answer: string;
}

export function readJsonLines<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line, index) => {
      try {
        return JSON.parse(line) as T;
      } catch (error) {
        throw new Error(`${file}:${index + 1}: not JSON (${String(error)})`);
      }
    });
}

export function loadAttacks(): AttackCase[] {
  return readJsonLines<AttackCase>(ATTACKS_FILE);
}

/** Attacks written after the rules were frozen; empty when the file is absent. */
export function loadFreshAttacks(): AttackCase[] {
  return existsSync(FRESH_ATTACKS_FILE) ? readJsonLines<AttackCase>(FRESH_ATTACKS_FILE) : [];
}

/** The second batch of our own attacks; empty when the file is absent. */
export function loadFreshAttacks2(): AttackCase[] {
  return existsSync(FRESH_ATTACKS_2_FILE) ? readJsonLines<AttackCase>(FRESH_ATTACKS_2_FILE) : [];
}

/** The third batch of our own attacks; empty when the file is absent. */
export function loadFreshAttacks3(): AttackCase[] {
  return existsSync(FRESH_ATTACKS_3_FILE) ? readJsonLines<AttackCase>(FRESH_ATTACKS_3_FILE) : [];
}

/** The independent held-out attacks; empty when the file is absent. */
export function loadHoldoutAttacks(): AttackCase[] {
  return existsSync(HOLDOUT_ATTACKS_FILE) ? readJsonLines<AttackCase>(HOLDOUT_ATTACKS_FILE) : [];
}

/** The records of an optional fixture file; empty when the file is absent. */
export function loadOptional<T extends AttackCase | BenignCase>(file: string): T[] {
  return existsSync(file) ? readJsonLines<T>(file) : [];
}

export function loadHardBenign(): BenignCase[] {
  return readJsonLines<BenignCase>(HARD_BENIGN_FILE);
}

/** The independent held-out benign answers; empty when the file is absent. */
export function loadHoldoutBenign(): BenignCase[] {
  return existsSync(HOLDOUT_BENIGN_FILE) ? readJsonLines<BenignCase>(HOLDOUT_BENIGN_FILE) : [];
}

interface RealRecord {
  dataset: string;
  split?: string;
  answer_id: string;
  language: string;
  answer: string;
}

function toRealAnswer(record: RealRecord): RealAnswer {
  const id = [record.dataset, record.split, record.answer_id].filter(Boolean).join("/");
  return { id, dataset: record.dataset, language: record.language, answer: record.answer };
}

/**
 * The real answers to measure false positives on: every answer in REAL_DATA_DIRECTORY's *.jsonl when the
 * directory exists, else the committed sample. `source` says which, for the test output.
 */
export function loadRealAnswers(): { source: "full" | "sample"; description: string; answers: RealAnswer[] } {
  if (existsSync(REAL_DATA_DIRECTORY)) {
    const files = readdirSync(REAL_DATA_DIRECTORY)
      .filter((file) => file.endsWith(".jsonl"))
      .sort();
    if (files.length > 0) {
      const answers = files.flatMap((file) =>
        readJsonLines<RealRecord>(join(REAL_DATA_DIRECTORY, file)).map(toRealAnswer),
      );
      return { source: "full", description: `full real set (${REAL_DATA_DIRECTORY})`, answers };
    }
  }
  return {
    source: "sample",
    description: `committed sample (${BENIGN_SAMPLE_FILE})`,
    answers: loadBenignSample(),
  };
}

export function loadBenignSample(): RealAnswer[] {
  return readJsonLines<RealRecord>(BENIGN_SAMPLE_FILE).map(toRealAnswer);
}

/** The rules alone, without the learned classifier (for reports that set the two side by side). */
export function screenRulesOnly(answer: string): InjectionFinding[] {
  const { canonical, removed, unfolded } = canonicaliseStripped(stripSmuggling(answer));
  return screenAnswer({ original: answer, canonical, unfolded, removed }, { learned: false });
}

/** Analyses one answer the way gradeAnswer does, and returns the screen's findings. */
export function screenText(answer: string): InjectionFinding[] {
  return analyseAnswer(answer).findings;
}

export interface Rate {
  flagged: number;
  total: number;
}

export function percent(rate: Rate): string {
  return rate.total === 0 ? "n/a" : `${((100 * rate.flagged) / rate.total).toFixed(1)}%`;
}

export interface AttackReport {
  overall: Rate;
  /** Flagged with a finding of the labelled technique (stricter than `overall`; labelled attacks only). */
  sameTechnique: Rate;
  byTechnique: Map<string, Rate>;
  byFamily: Map<string, Rate>;
  byLanguage: Map<string, Rate>;
  missed: AttackCase[];
}

function bump(map: Map<string, Rate>, key: string, flagged: boolean): void {
  const rate = map.get(key) ?? { flagged: 0, total: 0 };
  rate.total++;
  if (flagged) rate.flagged++;
  map.set(key, rate);
}

/** Screens every attack; an attack counts as detected when it gets at least one finding. */
export function evaluateAttacks(attacks: readonly AttackCase[]): AttackReport {
  const report: AttackReport = {
    overall: { flagged: 0, total: 0 },
    sameTechnique: { flagged: 0, total: 0 },
    byTechnique: new Map(),
    byFamily: new Map(),
    byLanguage: new Map(),
    missed: [],
  };
  for (const attack of attacks) {
    const findings = screenText(attack.answer);
    const flagged = findings.length > 0;
    report.overall.total++;
    if (flagged) report.overall.flagged++;
    else report.missed.push(attack);
    if (attack.technique !== undefined) {
      report.sameTechnique.total++;
      if (findings.some((finding) => finding.technique === attack.technique)) report.sameTechnique.flagged++;
      bump(report.byTechnique, attack.technique, flagged);
    }
    bump(report.byFamily, familyOf(attack), flagged);
    bump(report.byLanguage, attack.language, flagged);
  }
  return report;
}

/** Screens real answers; returns the rate and the flagged answers with their findings. */
export function evaluateRealAnswers(answers: readonly RealAnswer[]): {
  rate: Rate;
  flagged: { answer: RealAnswer; findings: InjectionFinding[] }[];
} {
  const flagged: { answer: RealAnswer; findings: InjectionFinding[] }[] = [];
  for (const answer of answers) {
    const findings = screenText(answer.answer);
    if (findings.length > 0) flagged.push({ answer, findings });
  }
  return { rate: { flagged: flagged.length, total: answers.length }, flagged };
}

/** A small text table: one row per key, sorted by key. */
export function formatRates(title: string, rates: Map<string, Rate>): string {
  const rows = [...rates].sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(title.length, ...rows.map(([key]) => key.length));
  return [
    `${title.padEnd(width)}  detected`,
    ...rows.map(([key, rate]) => `${key.padEnd(width)}  ${rate.flagged}/${rate.total} (${percent(rate)})`),
  ].join("\n");
}
