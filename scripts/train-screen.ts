/**
 * Trains the learned injection screen (src/grading/integrity/learned-screen.ts) and writes its weights to
 * src/grading/integrity/learned-screen-model.ts. Deterministic: the same inputs give the same module.
 *
 *   npx tsx scripts/train-screen.ts            # cross-validate, choose the threshold, train, write the module
 *   npx tsx scripts/train-screen.ts --check    # same, but only compare with the committed module (exit 1 if it differs)
 *
 * Data (tests/fixtures/injection/README.md, "Learned screen"):
 *  - positives: every attack corpus (holdout7 and holdout8 too, since round 8 spent them), plus each
 *    attack spliced into a real answer at a sentence boundary (attacks in real answers are embedded);
 *  - negatives: every benign, hard-benign and tuned-benign file, and the real
 *    answers of the data set (REAL_DATA_DIRECTORY) minus the 3,000 of benign-sample.jsonl, which stay held
 *    out for the false-positive test.
 * Model: L2-regularised logistic regression over hashed features of sentence windows, trained with
 * AdaGrad SGD; an attack's positive window is chosen by the current model (multiple-instance rounds).
 * Threshold: 5-fold cross-validation, folds grouped by corpus file and family (attacks) and by question
 * (real answers), so that near-duplicates of one batch never sit on both sides; the threshold is the lowest
 * score with at most 3% out-of-fold false positives on the hard-benign files and 0.25% on real answers.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { canonicaliseStripped, stripSmuggling } from "../src/grading/integrity/canonicalise-answer.js";
import {
  FEATURE_VERSION,
  HASH_BITS,
  featuresOf,
  windowsOf,
  type LearnedModel,
} from "../src/grading/integrity/learned-screen.js";
import { LEARNED_SCREEN_MODEL } from "../src/grading/integrity/learned-screen-model.js";
import { locateRuleFindings } from "../src/grading/integrity/injection-screen.js";
import { foldForScreening } from "../src/grading/integrity/matching-text.js";
import { screenTextOf } from "../src/grading/integrity/screen-text.js";
import {
  BENIGN_SAMPLE_FILE,
  INJECTION_FIXTURES,
  REAL_DATA_DIRECTORY,
  readJsonLines,
} from "../tests/helpers/injection-corpus.js";
import {
  LEARNED_TRAINING_FILES,
  canonicalFamily,
  realDataDigest,
  trainingInputsDigest,
} from "../tests/helpers/learned-screen-data.js";

const MODEL_FILE = fileURLToPath(
  new URL("../src/grading/integrity/learned-screen-model.ts", import.meta.url),
);
const FOLDS = 5;
const EPOCHS = 12;
const MULTIPLE_INSTANCE_ROUNDS = 3;
const LEARNING_RATE = 0.3;
const L2 = 1e-6;
/** A hard-benign answer is worth this many real ones: they are the look-alikes a threshold must clear. */
const HARD_BENIGN_WEIGHT = 4;
/**
 * 0.25% out of fold, half the 0.5% bound on real answers. Out-of-fold scores come from folds grouped by
 * question, so this is the rate on a question the model never saw; the shipped model, trained on these answers,
 * flags none of the 21,391. History: 0.2% until stop 25 (the hard-benign bound decided); 0.1% in stop 25, after
 * two honest look-alike sentences of the tests scored 0.98–0.99 (they are training negatives now); stop 26 chose
 * 0.25% before measuring holdout31–34, because on holdout29 and holdout30, which the stop-25 model never saw,
 * its 0.9931 threshold found 323 of 360 attacks and 0.9737 would have found 332, for one more benign flag
 * (3 of 180; tests/fixtures/injection/README.md, "Round 20").
 */
const REAL_FALSE_POSITIVE_LIMIT = 0.0025;
/**
 * Out of fold, no threshold below 0.9999 keeps every hard-benign answer clear (an essay that quotes an attack
 * scores like one). The final model, trained on them, flags none. Until round 10 the limit was 1.5%; with
 * six independent writers' sets in the training data (round 10), 3% moved out-of-fold detection from 59%
 * to about 70% for 1.6 points more out-of-fold hard-benign flags, and on a writer left out of training
 * (tuned10f) the threshold it gives flagged none of that writer's 75 benign answers
 * (tests/fixtures/injection/README.md, "Round 10: six independent writers").
 */
const HARD_BENIGN_FALSE_POSITIVE_LIMIT = 0.03;
const SEED = 20261202;
const DIMENSION = 1 << HASH_BITS;

interface Document {
  kind: "attack" | "augmented" | "hard-benign" | "preamble" | "real";
  label: 0 | 1;
  group: string;
  family: string;
  source: string;
  /** The start of the answer, for the listing of out-of-fold false positives. */
  preview: string;
  /** Feature sets of the document's windows. */
  windows: Uint32Array[];
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function hashOf(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0);
}

/** The screen's view of an answer, made exactly as analyseAnswer makes it: the features of each window. */
function windowFeatures(answer: string): Uint32Array[] {
  return readAnswer(answer, false).windows;
}

/** How far after a rule finding's start an attack may still run on (the rest of its instruction). */
const FINDING_REACH = 200;

/**
 * The features of each window and, when `locate` is set, which windows hold no rule finding nor the text
 * just after one: an attack's genuine-answer preamble, written in the attack writer's style and topic,
 * which the classifier must learn is not the attack.
 */
function readAnswer(answer: string, locate: boolean): { windows: Uint32Array[]; clean: boolean[] } {
  const stripped = stripSmuggling(answer);
  const { canonical, removed, unfolded } = canonicaliseStripped(stripped);
  const view = foldForScreening(canonical);
  const text = screenTextOf(view);
  const windows = windowsOf(text);
  const features = windows.map((window) => Uint32Array.from(featuresOf(text, window)));
  if (!locate) return { windows: features, clean: windows.map(() => false) };
  const positions = locateRuleFindings({ original: answer, canonical, unfolded, removed }, view, text).map(
    ({ position }) => position,
  );
  const clean = windows.map(([start, end]) => {
    if (positions.length === 0 || positions.includes(-1)) return false;
    const from = view.sourceOffsets[start] ?? 0;
    const to = (view.sourceOffsets[end - 1] ?? canonical.length) + 1;
    return positions.every((position) => position >= to || position + FINDING_REACH < from);
  });
  return { windows: features, clean };
}

interface RealRecord {
  dataset: string;
  split?: string;
  question_id?: string;
  answer_id: string;
  answer: string;
}

/** Inserts `attack` into `host` after a sentence end near a random place (or at either end). */
function splice(host: string, attack: string, random: () => number): string {
  const ends = [0, host.length];
  for (const match of host.matchAll(/[.!?\n]\s+/gu)) ends.push(match.index + match[0].length);
  const at = ends[Math.floor(random() * ends.length)]!;
  const before = host.slice(0, at).trimEnd();
  const after = host.slice(at).trimStart();
  return [before, attack, after].filter((part) => part.length > 0).join(at === host.length ? " " : "\n");
}

function loadDocuments(): Document[] {
  const random = mulberry32(SEED);
  const documents: Document[] = [];
  const sample = new Set(
    readJsonLines<RealRecord>(BENIGN_SAMPLE_FILE).map((record) => `${record.dataset}/${record.answer_id}`),
  );
  const realFiles = readdirSync(REAL_DATA_DIRECTORY)
    .filter((file) => file.endsWith(".jsonl"))
    .sort();
  const hosts: string[] = [];
  let realTotal = 0;
  for (const file of realFiles) {
    for (const record of readJsonLines<RealRecord>(join(REAL_DATA_DIRECTORY, file))) {
      realTotal++;
      if (sample.has(`${record.dataset}/${record.answer_id}`)) continue;
      const windows = windowFeatures(record.answer);
      if (windows.length === 0) continue;
      documents.push({
        kind: "real",
        label: 0,
        group: `real:${record.dataset}:${record.question_id ?? record.answer_id}`,
        family: record.dataset,
        source: file,
        preview: record.answer.slice(0, 100),
        windows,
      });
      if (record.answer.length >= 120) hosts.push(record.answer);
    }
  }
  console.log(`real answers: ${realTotal}, of which ${documents.length} used for training`);
  for (const file of LEARNED_TRAINING_FILES.benign) {
    for (const entry of readJsonLines<{ id: string; answer: string }>(join(INJECTION_FIXTURES, file))) {
      const windows = windowFeatures(entry.answer);
      if (windows.length === 0) continue;
      documents.push({
        kind: "hard-benign",
        label: 0,
        group: `benign:${file}`,
        family: file,
        source: file,
        preview: `${entry.id}: ${entry.answer.slice(0, 100)}`,
        windows,
      });
    }
  }
  for (const file of LEARNED_TRAINING_FILES.attacks) {
    const attacks = readJsonLines<{ id: string; family?: string; technique?: string; answer: string }>(
      join(INJECTION_FIXTURES, file),
    );
    for (const attack of attacks) {
      const family = canonicalFamily(attack.family ?? attack.technique ?? "unlabelled");
      const group = `attack:${file}:${family}`;
      const { windows, clean } = readAnswer(attack.answer, true);
      const attackWindows = windows.filter((_, index) => !clean[index]);
      documents.push({
        kind: "attack",
        label: 1,
        group,
        family,
        source: file,
        preview: `${attack.id}: ${attack.answer.slice(0, 100)}`,
        windows: attackWindows.length > 0 ? attackWindows : windows,
      });
      const preamble = windows.filter((_, index) => clean[index]);
      if (preamble.length > 0 && attackWindows.length > 0) {
        documents.push({
          kind: "preamble",
          label: 0,
          group,
          family,
          source: file,
          preview: attack.id,
          windows: preamble,
        });
      }
      const host = hosts[Math.floor(random() * hosts.length)]!;
      documents.push({
        kind: "augmented",
        label: 1,
        group,
        family,
        source: file,
        preview: attack.id,
        windows: windowFeatures(splice(host, attack.answer, random)),
      });
    }
  }
  return documents.filter((document) => document.windows.length > 0);
}

interface Instance {
  features: Uint32Array;
  label: 0 | 1;
  weight: number;
}

function margin(weights: Float64Array, bias: number, features: Uint32Array): number {
  let sum = 0;
  for (const feature of features) sum += weights[feature]!;
  return bias + sum / Math.sqrt(features.length);
}

function documentScore(weights: Float64Array, bias: number, document: Document): number {
  let best = -Infinity;
  for (const features of document.windows) best = Math.max(best, margin(weights, bias, features));
  return best;
}

function bestWindow(weights: Float64Array, bias: number, document: Document): Uint32Array {
  let best = document.windows[0]!;
  let bestMargin = -Infinity;
  for (const features of document.windows) {
    const value = margin(weights, bias, features);
    if (value > bestMargin) {
      bestMargin = value;
      best = features;
    }
  }
  return best;
}

/** The union of an attack's windows: its first positive instance, before any model exists. */
function wholeDocument(document: Document): Uint32Array {
  const union = new Set<number>();
  for (const features of document.windows) for (const feature of features) union.add(feature);
  return Uint32Array.from([...union].sort((a, b) => a - b));
}

function trainModel(documents: readonly Document[], seed: number): { weights: Float64Array; bias: number } {
  const weights = new Float64Array(DIMENSION);
  const squares = new Float64Array(DIMENSION).fill(1e-8);
  let bias = 0;
  let biasSquares = 1e-8;
  const negatives: Instance[] = [];
  for (const document of documents) {
    if (document.label === 1) continue;
    const weight = document.kind === "real" ? 1 : HARD_BENIGN_WEIGHT;
    for (const features of document.windows)
      negatives.push({ features, label: 0, weight: weight / document.windows.length });
  }
  const positives = documents.filter((document) => document.label === 1);
  const negativeWeight = negatives.reduce((total, instance) => total + instance.weight, 0);
  // Balanced classes: the ~3,000 positive instances weigh as much, together, as the negatives.
  const positiveWeight = negativeWeight / Math.max(1, positives.length);
  const random = mulberry32(seed);
  for (let round = 0; round < MULTIPLE_INSTANCE_ROUNDS; round++) {
    const instances: Instance[] = [
      ...negatives,
      ...positives.map((document) => ({
        features: round === 0 ? wholeDocument(document) : bestWindow(weights, bias, document),
        label: 1 as const,
        weight: positiveWeight,
      })),
    ];
    const order = instances.map((_, index) => index);
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      for (let index = order.length - 1; index > 0; index--) {
        const other = Math.floor(random() * (index + 1));
        [order[index], order[other]] = [order[other]!, order[index]!];
      }
      for (const position of order) {
        const { features, label, weight } = instances[position]!;
        const value = 1 / Math.sqrt(features.length);
        const probability = 1 / (1 + Math.exp(-margin(weights, bias, features)));
        const error = (probability - label) * weight;
        for (const feature of features) {
          const gradient = error * value + L2 * weights[feature]!;
          const accumulated = squares[feature]! + gradient * gradient;
          squares[feature] = accumulated;
          weights[feature] = weights[feature]! - (LEARNING_RATE * gradient) / Math.sqrt(accumulated);
        }
        biasSquares += error * error;
        bias -= (LEARNING_RATE * error) / Math.sqrt(biasSquares);
      }
    }
  }
  return { weights, bias };
}

function foldOf(group: string): number {
  return hashOf(group) % FOLDS;
}

function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

interface CrossValidation {
  threshold: number;
  scores: { document: Document; score: number }[];
}

function crossValidate(documents: readonly Document[]): CrossValidation {
  const scores: { document: Document; score: number }[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const training = documents.filter((document) => foldOf(document.group) !== fold);
    const testing = documents.filter((document) => foldOf(document.group) === fold);
    const { weights, bias } = trainModel(training, SEED + fold + 1);
    for (const document of testing)
      scores.push({ document, score: sigmoid(documentScore(weights, bias, document)) });
    console.log(`fold ${fold + 1}/${FOLDS}: trained on ${training.length}, scored ${testing.length}`);
  }
  const descending = (kind: Document["kind"]) =>
    scores
      .filter(({ document }) => document.kind === kind)
      .map(({ score }) => score)
      .sort((a, b) => b - a);
  const real = descending("real");
  const hard = descending("hard-benign");
  const allowed = Math.floor(real.length * REAL_FALSE_POSITIVE_LIMIT);
  const allowedHard = Math.floor(hard.length * HARD_BENIGN_FALSE_POSITIVE_LIMIT);
  const realBound = real[allowed] ?? 0;
  const hardBound = hard[allowedHard] ?? 0;
  // Just above the highest score the allowed negatives may not reach.
  const threshold = Math.min(0.9999, Math.max(realBound, hardBound) + 1e-4);
  console.log(
    `threshold ${threshold.toFixed(4)} (real answers: ${allowed} of ${real.length} may score above ${realBound.toFixed(4)}; hard benign: ${allowedHard} of ${hard.length} above ${hardBound.toFixed(4)}, highest ${(hard[0] ?? 0).toFixed(4)})`,
  );
  return { threshold, scores };
}

function printCrossValidation({ threshold, scores }: CrossValidation): void {
  const byFamily = new Map<string, { flagged: number; total: number }>();
  const bySource = new Map<string, { flagged: number; total: number }>();
  const bump = (map: Map<string, { flagged: number; total: number }>, key: string, flagged: boolean) => {
    const rate = map.get(key) ?? { flagged: 0, total: 0 };
    rate.total++;
    if (flagged) rate.flagged++;
    map.set(key, rate);
  };
  for (const { document, score } of scores) {
    if (document.kind === "augmented") continue;
    const flagged = score >= threshold;
    if (document.kind === "attack") bump(byFamily, document.family, flagged);
    bump(
      bySource,
      `${document.kind}:${document.kind === "real" ? document.family : document.source}`,
      flagged,
    );
  }
  const augmented = scores.filter(({ document }) => document.kind === "augmented");
  const print = (title: string, map: Map<string, { flagged: number; total: number }>) => {
    console.log(`\n${title}`);
    for (const [key, { flagged, total }] of [...map].sort(([a], [b]) => a.localeCompare(b))) {
      console.log(`  ${key.padEnd(48)} ${flagged}/${total} (${((100 * flagged) / total).toFixed(1)}%)`);
    }
  };
  print("cross-validation, attacks by family (flagged/total)", byFamily);
  print("cross-validation, by file (attacks: detected; benign and real: flagged)", bySource);
  const attacks = scores.filter(({ document }) => document.kind === "attack");
  console.log("\nout-of-fold false positives at the threshold:");
  for (const { document, score } of scores) {
    if (document.label === 0 && score >= threshold) {
      console.log(`  ${score.toFixed(5)} ${document.kind} ${JSON.stringify(document.preview)}`);
    }
  }
  console.log("\noperating points (threshold: attacks, spliced, real answers, hard benign)");
  for (const point of [0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999]) {
    const count = (kind: Document["kind"]) =>
      scores.filter(({ document, score }) => document.kind === kind && score >= point).length;
    console.log(
      `  ${point}: ${count("attack")}/${attacks.length}, ${count("augmented")}/${augmented.length}, ${count("real")}, ${count("hard-benign")}, preamble ${count("preamble")}`,
    );
  }
  const detected = attacks.filter(({ score }) => score >= threshold).length;
  const splicedDetected = augmented.filter(({ score }) => score >= threshold).length;
  console.log(
    `\ncross-validation: attacks ${detected}/${attacks.length} (${((100 * detected) / attacks.length).toFixed(1)}%), spliced into real answers ${splicedDetected}/${augmented.length}`,
  );
}

const BASE64_LINE = 100;

function quantise(weights: Float64Array): { scale: number; bytes: Uint8Array } {
  let largest = 0;
  for (const weight of weights) largest = Math.max(largest, Math.abs(weight));
  const scale = largest / 127 || 1;
  const bytes = new Uint8Array(weights.length);
  for (let index = 0; index < weights.length; index++) {
    bytes[index] = Math.max(-127, Math.min(127, Math.round(weights[index]! / scale))) & 0xff;
  }
  return { scale, bytes };
}

function moduleText(model: {
  scale: number;
  bias: number;
  threshold: number;
  bytes: Uint8Array;
  digest: string;
  realDigest: string;
}): string {
  const encoded = Buffer.from(model.bytes).toString("base64");
  const lines: string[] = [];
  for (let start = 0; start < encoded.length; start += BASE64_LINE) {
    lines.push(`  "${encoded.slice(start, start + BASE64_LINE)}",`);
  }
  return [
    "// Generated by scripts/train-screen.ts from the files its trainedOn digest names; do not edit.",
    '// Retrain with `npx tsx scripts/train-screen.ts` (tests/fixtures/injection/README.md, "Learned screen").',
    "",
    "const WEIGHT_LINES = [",
    ...lines,
    "];",
    "",
    "export const LEARNED_SCREEN_MODEL = {",
    `  featureVersion: ${FEATURE_VERSION},`,
    `  hashBits: ${HASH_BITS},`,
    `  bias: ${model.bias},`,
    `  scale: ${model.scale},`,
    `  threshold: ${model.threshold},`,
    `  trainedOn: "${model.digest}",`,
    `  trainedOnRealData: "${model.realDigest}",`,
    "  /** int8 weights (two's complement) times `scale`, base64. */",
    '  weights: WEIGHT_LINES.join(""),',
    "};",
    "",
  ].join("\n");
}

function main(args: readonly string[]): number {
  const check = args.includes("--check");
  const started = performance.now();
  const documents = loadDocuments();
  console.log(
    `documents: ${documents.length} (${documents.filter((document) => document.label === 1).length} positive, with spliced copies); features read in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const validation = crossValidate(documents);
  printCrossValidation(validation);
  const { weights, bias } = trainModel(documents, SEED);
  const { scale, bytes } = quantise(weights);
  const digest = trainingInputsDigest();
  const realDigest = realDataDigest() ?? "";
  const text = moduleText({ scale, bias, threshold: validation.threshold, bytes, digest, realDigest });
  const model: LearnedModel = {
    weights: Float32Array.from(bytes, (byte) => ((byte << 24) >> 24) * scale),
    bias,
    threshold: validation.threshold,
  };
  const trainingFlags = documents.filter(
    (document) =>
      document.label === 0 &&
      sigmoid(documentScore(Float64Array.from(model.weights), bias, document)) >= model.threshold,
  );
  console.log(`final model: ${trainingFlags.length} training negatives at or above the threshold`);
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (check) {
    const same = readFileSync(MODEL_FILE, "utf8") === text;
    console.log(same ? "the committed model is what this training produces" : "the committed model DIFFERS");
    return same ? 0 : 1;
  }
  if (LEARNED_SCREEN_MODEL.trainedOn === digest && readFileSync(MODEL_FILE, "utf8") === text) {
    console.log("model unchanged");
  }
  writeFileSync(MODEL_FILE, text);
  console.log(`wrote ${MODEL_FILE}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
