/**
 * Writes tests/fixtures/injection/benign-sample.jsonl: a deterministic sample of real student answers for
 * the injection screen's false-positive test, used when the full data set is not on the machine.
 *
 *   npx tsx scripts/build-injection-sample.ts [data-directory]   # default /work/shared/data
 *
 * From each *.jsonl file in the data directory it takes the 1,000 answers whose sha256("<dataset>/<answer_id>")
 * sorts first (answer ids that occur more than once in a file are skipped, so ids stay unique), and keeps
 * only the fields dataset, answer_id, language, answer. The same data always gives the same file.
 * Licences of the sources: see tests/fixtures/injection/README.md.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BENIGN_SAMPLE_FILE } from "../tests/helpers/injection-corpus.js";

const PER_FILE = 1000;

interface SourceRecord {
  dataset: string;
  answer_id: string;
  language: string;
  answer: string;
}

function sampleKey(record: SourceRecord): string {
  return createHash("sha256").update(`${record.dataset}/${record.answer_id}`).digest("hex");
}

function sampleFile(file: string): SourceRecord[] {
  const records = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as SourceRecord);
  const occurrences = new Map<string, number>();
  for (const record of records) {
    const id = `${record.dataset}/${record.answer_id}`;
    occurrences.set(id, (occurrences.get(id) ?? 0) + 1);
  }
  return records
    .filter((record) => occurrences.get(`${record.dataset}/${record.answer_id}`) === 1)
    .map((record) => ({ record, key: sampleKey(record) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, PER_FILE)
    .map(({ record }) => ({
      dataset: record.dataset,
      answer_id: record.answer_id,
      language: record.language,
      answer: record.answer,
    }));
}

function main(args: readonly string[]): number {
  const directory = args[0] ?? "/work/shared/data";
  const files = readdirSync(directory)
    .filter((file) => file.endsWith(".jsonl"))
    .sort();
  if (files.length === 0) {
    console.error(`no *.jsonl files in ${directory}`);
    return 1;
  }
  const sample = files.flatMap((file) => sampleFile(join(directory, file)));
  writeFileSync(BENIGN_SAMPLE_FILE, sample.map((record) => JSON.stringify(record)).join("\n") + "\n");
  console.log(`wrote ${sample.length} answers from ${files.length} files to ${BENIGN_SAMPLE_FILE}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
