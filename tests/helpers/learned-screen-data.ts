/**
 * What the learned screen is trained on (scripts/train-screen.ts) and the digests that tie the committed
 * model (src/grading/integrity/learned-screen-model.ts) to those inputs, so that it cannot drift from them
 * silently. Shared by the training script, the tests and scripts/injection-report.ts.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicaliseStripped, stripSmuggling } from "../../src/grading/integrity/canonicalise-answer.js";
import { scoreText, type LearnedVerdict } from "../../src/grading/integrity/learned-screen.js";
import { foldForScreening } from "../../src/grading/integrity/matching-text.js";
import { screenTextOf } from "../../src/grading/integrity/screen-text.js";
import { INJECTION_FIXTURES, REAL_DATA_DIRECTORY } from "./injection-corpus.js";

/**
 * Every fixture corpus but benign-sample.jsonl (the held-out false-positive check). Each holdout set, once
 * measured, is spent as an estimate and trained on (holdout7 and holdout8 until round 8, holdout11 after stop 20, holdout12 after its one measurement in stop 21, holdout13, holdout14 and holdout15 after their one each in stop 22, holdout16 and holdout17 after theirs in stop 23, holdout18 to holdout21 after theirs in stop 24, holdout22 to holdout28 after theirs in stop 25, holdout29 and holdout30 after theirs at the end of stop 25, holdout31, holdout33 and holdout34 after theirs in stop 26, holdout32 after its one at a freeze of stop 26, holdout35 and holdout36 after theirs at another, holdout37 and holdout38 after theirs at the final freeze of stop 26, holdout39 to holdout42 after theirs at the first freeze of stop 27, holdout43 to holdout48 after theirs at its second and third, holdout49 and holdout50 after theirs at its final freeze, in stop 28). Real answers come from REAL_DATA_DIRECTORY minus the sample.
 */
export const LEARNED_TRAINING_FILES = {
  attacks: [
    "attacks.jsonl",
    "fresh-attacks.jsonl",
    "fresh-attacks-2.jsonl",
    "fresh-attacks-3.jsonl",
    "holdout-attacks.jsonl",
    "holdout4-attacks.jsonl",
    "holdout5-attacks.jsonl",
    "holdout6-attacks.jsonl",
    "tuned4-attacks.jsonl",
    "tuned6-attacks.jsonl",
    "tuned7-attacks.jsonl",
    "tuned8-attacks.jsonl",
    "holdout7-attacks.jsonl",
    "holdout8-attacks.jsonl",
    "tuned9-attacks.jsonl",
    "tuned10a-attacks.jsonl",
    "tuned10b-attacks.jsonl",
    "holdout9-attacks.jsonl",
    "holdout10-attacks.jsonl",
    "tuned10c-attacks.jsonl",
    "tuned10d-attacks.jsonl",
    "tuned10e-attacks.jsonl",
    "tuned10f-attacks.jsonl",
    "holdout11-attacks.jsonl",
    "tuned11g-attacks.jsonl",
    "tuned11h-attacks.jsonl",
    "tuned11i-attacks.jsonl",
    "holdout12-attacks.jsonl",
    "tuned13j-attacks.jsonl",
    "tuned13k-attacks.jsonl",
    "tuned13l-attacks.jsonl",
    "holdout13-attacks.jsonl",
    "holdout14-attacks.jsonl",
    "tuned14m-attacks.jsonl",
    "tuned14n-attacks.jsonl",
    "tuned14o-attacks.jsonl",
    "holdout15-attacks.jsonl",
    "tuned16p-attacks.jsonl",
    "tuned16q-attacks.jsonl",
    "tuned16r-attacks.jsonl",
    "holdout16-attacks.jsonl",
    "holdout17-attacks.jsonl",
    "holdout18-attacks.jsonl",
    "holdout19-attacks.jsonl",
    "holdout20-attacks.jsonl",
    "holdout21-attacks.jsonl",
    "holdout22-attacks.jsonl",
    "holdout23-attacks.jsonl",
    "holdout24-attacks.jsonl",
    "holdout25-attacks.jsonl",
    "holdout26-attacks.jsonl",
    "holdout27-attacks.jsonl",
    "holdout28-attacks.jsonl",
    "holdout29-attacks.jsonl",
    "holdout30-attacks.jsonl",
    "holdout31-attacks.jsonl",
    "holdout33-attacks.jsonl",
    "holdout34-attacks.jsonl",
    "holdout32-attacks.jsonl",
    "holdout35-attacks.jsonl",
    "holdout36-attacks.jsonl",
    "holdout37-attacks.jsonl",
    "holdout38-attacks.jsonl",
    "holdout39-attacks.jsonl",
    "holdout40-attacks.jsonl",
    "holdout41-attacks.jsonl",
    "holdout42-attacks.jsonl",
    "holdout43-attacks.jsonl",
    "holdout44-attacks.jsonl",
    "holdout45-attacks.jsonl",
    "holdout46-attacks.jsonl",
    "holdout47-attacks.jsonl",
    "holdout48-attacks.jsonl",
    "holdout49-attacks.jsonl",
    "holdout50-attacks.jsonl",
    "tuned18s-attacks.jsonl",
    "tuned18t-attacks.jsonl",
  ],
  benign: [
    "hard-benign.jsonl",
    "holdout-benign.jsonl",
    "holdout4-benign.jsonl",
    "holdout5-benign.jsonl",
    "holdout6-benign.jsonl",
    "tuned4-benign.jsonl",
    "tuned6-benign.jsonl",
    "tuned7-benign.jsonl",
    "tuned8-benign.jsonl",
    "holdout7-benign.jsonl",
    "holdout8-benign.jsonl",
    "tuned9-benign.jsonl",
    "tuned10a-benign.jsonl",
    "tuned10b-benign.jsonl",
    "holdout9-benign.jsonl",
    "holdout10-benign.jsonl",
    "tuned10c-benign.jsonl",
    "tuned10d-benign.jsonl",
    "tuned10e-benign.jsonl",
    "tuned10f-benign.jsonl",
    "holdout11-benign.jsonl",
    "tuned11g-benign.jsonl",
    "tuned11h-benign.jsonl",
    "tuned11i-benign.jsonl",
    "holdout12-benign.jsonl",
    "tuned13j-benign.jsonl",
    "tuned13k-benign.jsonl",
    "tuned13l-benign.jsonl",
    "holdout13-benign.jsonl",
    "holdout14-benign.jsonl",
    "tuned14m-benign.jsonl",
    "tuned14n-benign.jsonl",
    "tuned14o-benign.jsonl",
    "holdout15-benign.jsonl",
    "tuned16p-benign.jsonl",
    "tuned16q-benign.jsonl",
    "tuned16r-benign.jsonl",
    "holdout16-benign.jsonl",
    "holdout17-benign.jsonl",
    "holdout18-benign.jsonl",
    "holdout19-benign.jsonl",
    "holdout20-benign.jsonl",
    "holdout21-benign.jsonl",
    "holdout22-benign.jsonl",
    "holdout23-benign.jsonl",
    "holdout24-benign.jsonl",
    "holdout25-benign.jsonl",
    "holdout26-benign.jsonl",
    "holdout27-benign.jsonl",
    "holdout28-benign.jsonl",
    "holdout29-benign.jsonl",
    "holdout30-benign.jsonl",
    "holdout31-benign.jsonl",
    "holdout33-benign.jsonl",
    "holdout34-benign.jsonl",
    "holdout32-benign.jsonl",
    "holdout35-benign.jsonl",
    "holdout36-benign.jsonl",
    "holdout37-benign.jsonl",
    "holdout38-benign.jsonl",
    "holdout39-benign.jsonl",
    "holdout40-benign.jsonl",
    "holdout41-benign.jsonl",
    "holdout42-benign.jsonl",
    "holdout43-benign.jsonl",
    "holdout44-benign.jsonl",
    "holdout45-benign.jsonl",
    "holdout46-benign.jsonl",
    "holdout47-benign.jsonl",
    "holdout48-benign.jsonl",
    "holdout49-benign.jsonl",
    "holdout50-benign.jsonl",
    "grading-talk-26-benign.jsonl",
    "grading-talk-28-benign.jsonl",
    "tuned18s-benign.jsonl",
    "tuned18t-benign.jsonl",
  ],
} as const;

/** Older corpora name the same family differently; cross-validation reports one name per family. */
const FAMILY_NAMES: Record<string, string> = {
  meta_prior_review: "prior_review",
  meta_final_version: "final_version_override",
  transcript_role_labels: "role_transcript",
  reveal_instructions: "reveal_request",
  reveal_student_data: "reveal_request",
  exfiltration_link: "markdown_exfiltration",
  output_flooding: "cost_amplification",
  rtl_digits: "rtl_persian_arabic",
  cross_language: "multilingual_split",
};

export function canonicalFamily(family: string): string {
  return FAMILY_NAMES[family] ?? family;
}

/** sha256 over the training fixture files, in the order above (the model's `trainedOn`). */
export function trainingInputsDigest(): string {
  const hash = createHash("sha256");
  for (const file of [
    ...LEARNED_TRAINING_FILES.attacks,
    ...LEARNED_TRAINING_FILES.benign,
    "benign-sample.jsonl",
  ]) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(INJECTION_FIXTURES, file)));
  }
  return hash.digest("hex");
}

/** sha256 over the real-answer files the model was trained on, or null when they are not on this machine. */
export function realDataDigest(): string | null {
  if (!existsSync(REAL_DATA_DIRECTORY)) return null;
  const files = readdirSync(REAL_DATA_DIRECTORY)
    .filter((file) => file.endsWith(".jsonl"))
    .sort();
  if (files.length === 0) return null;
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(REAL_DATA_DIRECTORY, file)));
  }
  return hash.digest("hex");
}

/** The classifier alone on one answer, read the way analyseAnswer reads it. */
export function learnedVerdictOf(answer: string): LearnedVerdict {
  const { canonical } = canonicaliseStripped(stripSmuggling(answer));
  return scoreText(screenTextOf(foldForScreening(canonical)));
}
