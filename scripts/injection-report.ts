/**
 * Prints how the code-based injection screen does on the attack corpus and on real student answers.
 *
 *   npx tsx scripts/injection-report.ts           # report
 *   npx tsx scripts/injection-report.ts --check   # same, and exit 1 if a target is missed (CI)
 *
 * Detection: share of tests/fixtures/injection/attacks.jsonl with at least one finding, overall, per
 * labelled technique and per language, plus the stricter share whose findings include the labelled technique.
 * False positives: share of real answers with any finding, on the full data set when present
 * (/work/shared/data or GRADER_REAL_DATA_DIR), and on the committed 3,000-answer sample.
 * Targets: detection >= 95% with every technique detected at least once; false positives <= 0.5%.
 */
import {
  evaluateAttacks,
  evaluateRealAnswers,
  formatRates,
  loadAttacks,
  loadBenignSample,
  loadRealAnswers,
  percent,
  type Rate,
  type RealAnswer,
} from "../tests/helpers/injection-corpus.js";

const DETECTION_TARGET = 0.95;
const FALSE_POSITIVE_TARGET = 0.005;
const usage = "usage: tsx scripts/injection-report.ts [--check]";

function ratio(rate: Rate): number {
  return rate.total === 0 ? 0 : rate.flagged / rate.total;
}

function reportFalsePositives(title: string, answers: readonly RealAnswer[]): Rate {
  const started = performance.now();
  const { rate, flagged } = evaluateRealAnswers(answers);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `\n${title}: ${rate.flagged}/${rate.total} flagged (${percent(rate)}), screened in ${seconds} s`,
  );
  for (const { answer, findings } of flagged) {
    const first = findings[0]!;
    console.log(`  ${answer.id}  [${first.technique}] ${JSON.stringify(first.excerpt)}`);
  }
  return rate;
}

function main(args: readonly string[]): number {
  const unknown = args.filter((arg) => arg !== "--check");
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown.join(" ")}\n${usage}`);
    return 2;
  }

  const attacks = evaluateAttacks(loadAttacks());
  console.log("Attack corpus (tests/fixtures/injection/attacks.jsonl)");
  console.log(
    `overall: ${attacks.overall.flagged}/${attacks.overall.total} detected (${percent(attacks.overall)})`,
  );
  console.log(
    `with the labelled technique among the findings: ${attacks.sameTechnique.flagged}/${attacks.sameTechnique.total} (${percent(attacks.sameTechnique)})`,
  );
  console.log(`\n${formatRates("technique", attacks.byTechnique)}`);
  console.log(`\n${formatRates("language", attacks.byLanguage)}`);
  console.log(`\nmissed (${attacks.missed.length}):`);
  for (const attack of attacks.missed) {
    console.log(`  ${attack.id}  [${attack.technique}] ${JSON.stringify(attack.answer.slice(0, 90))}`);
  }

  const real = loadRealAnswers();
  const realRate = reportFalsePositives(`False positives on the ${real.description}`, real.answers);
  if (real.source === "full") {
    reportFalsePositives("False positives on the committed sample", loadBenignSample());
  }

  const failures: string[] = [];
  if (ratio(attacks.overall) < DETECTION_TARGET) failures.push(`detection below ${DETECTION_TARGET * 100}%`);
  for (const [technique, rate] of attacks.byTechnique) {
    if (rate.flagged === 0) failures.push(`no ${technique} attack detected`);
  }
  if (ratio(realRate) > FALSE_POSITIVE_TARGET) {
    failures.push(`false positives above ${FALSE_POSITIVE_TARGET * 100}%`);
  }
  console.log(`\ntargets: ${failures.length === 0 ? "met" : `MISSED (${failures.join("; ")})`}`);
  return args.includes("--check") && failures.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
