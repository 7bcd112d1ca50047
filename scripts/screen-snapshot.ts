/**
 * Writes every finding of the injection screen for a large, fixed set of texts, so that a change meant to
 * make the screen faster can be shown to change nothing it finds.
 *
 *   npx tsx scripts/screen-snapshot.ts --out /tmp/screen-before.jsonl
 *   npx tsx scripts/screen-snapshot.ts --out /tmp/screen-after.jsonl --compare /tmp/screen-before.jsonl
 *
 * Texts: every answer in tests/fixtures/injection/*.jsonl, every real answer in the data folder
 * (/work/shared/data or GRADER_REAL_DATA_DIR) when present, any extra JSONL files given with --with, and
 * variants built from them with a seeded generator (upper case, attacks inside real answers, cut at random
 * points, the adversarial long inputs at several lengths), which reach the branches the corpora alone may
 * not. One line per text: its id, a hash of the text the model sees and of the removal report, and the
 * findings (technique, reason, excerpt) in order. With --compare, prints every text whose line differs and
 * exits 1 if any does. Keep snapshots outside the repository: the real answers are not ours to commit.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyseAnswer } from "../src/grading/integrity/index.js";
import { INJECTION_FIXTURES, readJsonLines, REAL_DATA_DIRECTORY } from "../tests/helpers/injection-corpus.js";
import { adversarialAnswers } from "../tests/helpers/long-answers.js";

const usage = "usage: tsx scripts/screen-snapshot.ts --out FILE [--compare FILE] [--with FILE.jsonl]…";

interface Text {
  id: string;
  answer: string;
}

function textsOf(file: string, prefix: string): Text[] {
  return readJsonLines<{ id?: string; answer_id?: string; split?: string; dataset?: string; answer: string }>(
    file,
  ).map((record, index) => ({
    id: `${prefix}/${record.dataset ?? ""}/${record.split ?? ""}/${record.id ?? record.answer_id ?? index}#${index}`,
    answer: record.answer,
  }));
}

/** A small seeded generator (mulberry32), so that the variants are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function variants(fixtures: readonly Text[], real: readonly Text[]): Text[] {
  const random = seeded(20_240_601);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const ordinary = real.length > 0 ? real : fixtures;
  const out: Text[] = [];
  for (const [index, text] of fixtures.entries()) {
    out.push({ id: `variant/upper/${index}`, answer: text.answer.toUpperCase() });
    const host = pick(ordinary).answer;
    const cut = Math.floor(random() * (host.length + 1));
    out.push({
      id: `variant/inside/${index}`,
      answer: `${host.slice(0, cut)} ${text.answer} ${host.slice(cut)}`,
    });
    const from = Math.floor(random() * text.answer.length);
    const to = from + Math.floor(random() * (text.answer.length - from + 1));
    out.push({ id: `variant/cut/${index}`, answer: text.answer.slice(from, to) });
    out.push({
      id: `variant/joined/${index}`,
      answer: `${text.answer}\n${pick(fixtures).answer}\n${pick(ordinary).answer}`,
    });
  }
  for (const length of [50, 150, 500, 1_000, 2_000, 5_000]) {
    for (const [name, answer] of Object.entries(adversarialAnswers(length))) {
      out.push({ id: `adversarial/${length}/${name}`, answer });
    }
  }
  return out;
}

function lineOf(text: Text): string {
  const analysis = analyseAnswer(text.answer);
  const hash = createHash("sha256")
    .update(analysis.text)
    .update("\u0000")
    .update(JSON.stringify(analysis.removed))
    .digest("hex")
    .slice(0, 16);
  const findings = analysis.findings.map(({ technique, reason, excerpt }) => [technique, reason, excerpt]);
  return JSON.stringify({ id: text.id, text: hash, findings });
}

function main(args: readonly string[]): number {
  let out: string | undefined;
  let compare: string | undefined;
  const extra: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const value = args[index + 1];
    if (args[index] === "--out" && value) out = value;
    else if (args[index] === "--compare" && value) compare = value;
    else if (args[index] === "--with" && value) extra.push(value);
    else {
      console.error(usage);
      return 2;
    }
    index++;
  }
  if (!out) {
    console.error(usage);
    return 2;
  }

  const fixtures = readdirSync(INJECTION_FIXTURES)
    .filter((file) => file.endsWith(".jsonl"))
    .sort()
    .flatMap((file) => textsOf(join(INJECTION_FIXTURES, file), `fixtures/${file}`));
  const extras = extra.flatMap((file) => textsOf(file, `extra/${file}`));
  const real = existsSync(REAL_DATA_DIRECTORY)
    ? readdirSync(REAL_DATA_DIRECTORY)
        .filter((file) => file.endsWith(".jsonl"))
        .sort()
        .flatMap((file) => textsOf(join(REAL_DATA_DIRECTORY, file), `real/${file}`))
    : [];
  const texts = [...fixtures, ...extras, ...real, ...variants([...fixtures, ...extras], real)];

  const started = performance.now();
  const lines = texts.map(lineOf);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  writeFileSync(out, `${lines.join("\n")}\n`);
  const flagged = lines.filter((line) => !line.endsWith('"findings":[]}')).length;
  console.log(`${texts.length} texts, ${flagged} with findings, screened in ${seconds} s → ${out}`);

  if (!compare) return 0;
  const before = readFileSync(compare, "utf8").split("\n").filter(Boolean);
  let differences = 0;
  if (before.length !== lines.length) {
    console.log(`different number of texts: ${before.length} before, ${lines.length} now`);
    return 1;
  }
  for (let index = 0; index < lines.length; index++) {
    if (before[index] === lines[index]) continue;
    if (++differences <= 20) console.log(`- ${before[index]}\n+ ${lines[index]}`);
  }
  console.log(differences === 0 ? "identical" : `${differences} texts differ`);
  return differences === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
