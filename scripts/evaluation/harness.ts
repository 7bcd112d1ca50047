import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pino } from "pino";
import { parse as parseYaml } from "yaml";
import { loadConfig } from "../../src/config/config.js";
import {
  answerKey,
  buildRubricForQuestion,
  labelledAnswerSchema,
  pickExemplars,
  questionKey,
  scaleFor,
  seededShuffle,
  type LabelledAnswer,
} from "../../src/evaluation/dataset.js";
import {
  buildComparisons,
  buildConfigurationReport,
  type EvaluationReport,
  type GradedAnswer,
} from "../../src/evaluation/report.js";
import { renderReportHtml } from "../../src/evaluation/report-html.js";
import { defaultOperatorScope } from "../../src/grading/access.js";
import { estimateCost } from "../../src/grading/cost.js";
import { AppError } from "../../src/grading/errors.js";
import type { Grade } from "../../src/grading/grade.js";
import { parseRubricText, validateRubricDocument } from "../../src/grading/rubric-loading.js";
import type { gradingStrategies } from "../../src/grading/rubric.js";
import { rubricMaxPoints, type Rubric } from "../../src/grading/rubric.js";
import { canonicalJson, sha256Hex } from "../../src/lib/hashing.js";
import { createLimiter } from "../../src/lib/concurrency.js";
import { createRuntime } from "../../src/runtime.js";
import { createProgress } from "./progress.js";

/**
 * `npm run eval`: grades labelled answers through the real runtime (the service the API uses, with the
 * configured model and settings), keeps every graded answer in `<out>/runs/<configuration>/graded.jsonl`
 * as soon as it is graded, and writes `report.json` and `report.html`. A rerun with the same data,
 * configuration and rubrics reuses the kept answers and grades only the rest, so an interrupted run
 * resumes without paying twice; each configuration also has its own SQLite database in its run folder,
 * whose grade cache catches an answer graded just before an interruption but not yet written down.
 */

export interface Configuration {
  name: string;
  /** GRADER_MODEL, such as openai:gpt-4o-mini; the configured one when absent. */
  model?: string;
  strategy?: (typeof gradingStrategies)[number];
  samples?: number;
  /** A directory of prompt templates (a prompt version); prompts/ when absent. */
  prompts?: string;
  /** Graded examples per built rubric, drawn from answers not being evaluated (training split first). */
  exemplars?: number;
  /** Further GRADER_* variables for this configuration (temperature, prices, ...). */
  env?: Record<string, string>;
}

export interface EvaluationOptions {
  data: string;
  out: string;
  limit?: number;
  seed: number;
  resamples: number;
  /** Only these splits. */
  splits?: string[];
  /** `QUESTION_ID=FILE` or a YAML/JSON file mapping question ids to rubrics (documents or file paths). */
  rubrics: string[];
  configurations: Configuration[];
  concurrency: number;
  examplesPerQuestion: number;
  env: Readonly<Record<string, string | undefined>>;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Set to stop taking new answers (SIGINT); graded ones are kept. */
  signal?: AbortSignal;
}

export interface EvaluationOutcome {
  report: EvaluationReport;
  /** Model calls paid for in this run, per configuration (answers graded, not reused). */
  gradedNow: Record<string, number>;
  interrupted: boolean;
}

export class EvaluationInputError extends Error {}

/** Reads labelled answers; throws EvaluationInputError listing bad lines (at most 10) and repeated keys. */
export function readLabelledAnswers(file: string): LabelledAnswer[] {
  const problems: string[] = [];
  const answers: LabelledAnswer[] = [];
  const seen = new Set<string>();
  // A file saved by Windows Notepad or Excel starts with a byte order mark: its first line was "not JSON".
  readFileSync(file, "utf8")
    .replace(/^\uFEFF/, "")
    .split("\n")
    .forEach((line, index) => {
      if (line.trim() === "") return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        problems.push(`line ${index + 1}: not JSON`);
        return;
      }
      const parsed = labelledAnswerSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        problems.push(`line ${index + 1}: ${issue.path.join(".")}: ${issue.message}`);
        return;
      }
      const key = answerKey(parsed.data);
      if (seen.has(key)) problems.push(`line ${index + 1}: answer ${key} appears twice`);
      seen.add(key);
      answers.push(parsed.data);
    });
  if (problems.length > 0) {
    throw new EvaluationInputError(`${file}:\n  ${problems.slice(0, 10).join("\n  ")}`);
  }
  return answers;
}

/** Rubrics given with --rubric, by question id. */
export function readRubricOverrides(entries: readonly string[]): Map<string, Rubric> {
  const rubrics = new Map<string, Rubric>();
  const load = (path: string, questionId: string) => {
    const validation = parseRubricText(readFileSync(path, "utf8"));
    if (!validation.ok) {
      const problems = validation.problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ");
      throw new EvaluationInputError(`rubric ${path} for question ${questionId}: ${problems}`);
    }
    rubrics.set(questionId, validation.rubric);
  };
  for (const entry of entries) {
    const assignment = /^([^=]+)=(.+)$/.exec(entry);
    if (assignment && !existsSync(entry)) {
      load(assignment[2]!, assignment[1]!);
      continue;
    }
    const mapping: unknown = parseYaml(readFileSync(entry, "utf8"));
    if (!mapping || typeof mapping !== "object" || Array.isArray(mapping)) {
      throw new EvaluationInputError(`${entry}: expected a mapping from question ids to rubrics`);
    }
    for (const [questionId, value] of Object.entries(mapping as Record<string, unknown>)) {
      if (typeof value === "string") {
        load(resolve(dirname(entry), value), questionId);
        continue;
      }
      const validation = validateRubricDocument(value);
      if (!validation.ok) {
        const problems = validation.problems
          .map((problem) => `${problem.path}: ${problem.message}`)
          .join("; ");
        throw new EvaluationInputError(`${entry}, question ${questionId}: ${problems}`);
      }
      rubrics.set(questionId, validation.rubric);
    }
  }
  return rubrics;
}

/** A folder name for a configuration. */
function folderName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${slug || "configuration"}-${sha256Hex(name).slice(0, 6)}`;
}

/** The same rubric with changed grading options or exemplars, as a new valid version. */
function revise(rubric: Rubric, change: Partial<Rubric>): Rubric {
  const { version: _version, ...document } = { ...rubric, ...change };
  const validation = validateRubricDocument(document);
  if (!validation.ok) {
    throw new EvaluationInputError(
      `rubric ${rubric.id}: ${validation.problems.map((problem) => problem.message).join("; ")}`,
    );
  }
  return validation.rubric;
}

function rationaleOf(grade: Grade): string {
  const parts = grade.criteria.map((criterion) => `${criterion.criterionId}: ${criterion.rationale}`);
  if (grade.explanation) parts.push(grade.explanation);
  return parts.join(" · ").slice(0, 2_000);
}

function lowestConfidence(grade: Grade): number | null {
  const values = grade.criteria.flatMap((criterion) =>
    criterion.confidence === null ? [] : [criterion.confidence],
  );
  return values.length === 0 ? null : Math.min(...values);
}

function readKept(file: string): Map<string, GradedAnswer> {
  const kept = new Map<string, GradedAnswer>();
  if (!existsSync(file)) return kept;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const answer = JSON.parse(line) as GradedAnswer;
      kept.set(answer.key, answer);
    } catch {
      // A line cut short by an interruption: that answer is graded again (the grade cache may serve it).
    }
  }
  return kept;
}

export async function runEvaluation(options: EvaluationOptions): Promise<EvaluationOutcome> {
  const all = readLabelledAnswers(options.data);
  const overrides = readRubricOverrides(options.rubrics);
  const byQuestion = new Map<string, LabelledAnswer[]>();
  for (const answer of all) {
    const key = questionKey(answer);
    byQuestion.set(key, [...(byQuestion.get(key) ?? []), answer]);
  }
  // Answers shown to the grader as a provided rubric's exemplars are not measured.
  const exemplarTexts = new Map(
    [...overrides].map(([questionId, rubric]) => [
      questionId,
      new Set((rubric.exemplars ?? []).map((exemplar) => exemplar.answer.trim())),
    ]),
  );
  const eligible = all.filter(
    (answer) =>
      (!options.splits || options.splits.includes(answer.split)) &&
      !exemplarTexts.get(answer.question_id)?.has(answer.answer.trim()),
  );
  const excludedAsExemplars = all.filter((answer) =>
    exemplarTexts.get(answer.question_id)?.has(answer.answer.trim()),
  ).length;
  const selected = seededShuffle(eligible, options.seed).slice(0, options.limit ?? eligible.length);
  const selectedKeys = new Set(selected.map(answerKey));
  mkdirSync(options.out, { recursive: true });

  const gradedNow: Record<string, number> = {};
  const results: {
    name: string;
    answers: GradedAnswer[];
    report: ReturnType<typeof buildConfigurationReport>;
  }[] = [];
  let interrupted = false;
  for (const configuration of options.configurations) {
    const runFolder = join(options.out, "runs", folderName(configuration.name));
    mkdirSync(runFolder, { recursive: true });
    const config = loadConfig({
      ...options.env,
      ...configuration.env,
      ...(configuration.model ? { GRADER_MODEL: configuration.model } : {}),
      DATABASE_URL: `sqlite:${join(runFolder, "grader.sqlite")}`,
    });
    const verbose = config.logLevel === "debug" || config.logLevel === "trace";
    const runtime = await createRuntime(config, {
      logger: pino({ level: verbose ? config.logLevel : "warn" }, options.stderr),
      ...(configuration.prompts ? { promptsDirectory: resolve(configuration.prompts) } : {}),
    });
    try {
      const model = runtime.model;
      if (!model) {
        throw new EvaluationInputError(
          `configuration "${configuration.name}": no model is configured (set GRADER_MODEL and its provider's variables)`,
        );
      }
      // One rubric per question with selected answers.
      const rubrics = new Map<string, Rubric>();
      for (const answer of selected) {
        const key = questionKey(answer);
        if (rubrics.has(key)) continue;
        const provided = overrides.get(answer.question_id);
        const members = byQuestion.get(key)!;
        let rubric =
          provided ??
          buildRubricForQuestion(
            members,
            configuration.exemplars
              ? pickExemplars(
                  members.filter((member) => !selectedKeys.has(answerKey(member))),
                  configuration.exemplars,
                  options.seed,
                )
              : [],
          );
        if (provided && rubricMaxPoints(provided) !== answer.max_score) {
          options.stderr.write(
            `warning: rubric ${provided.id} has ${rubricMaxPoints(provided)} points but question ${answer.question_id} is scored out of ${answer.max_score}\n`,
          );
        }
        if (configuration.strategy) {
          rubric = revise(rubric, {
            grading: {
              evidencePolicy: "review",
              modelInjectionScreen: false,
              ...rubric.grading,
              strategy: configuration.strategy,
            },
          });
        }
        await runtime.service.saveRubric(defaultOperatorScope, rubric);
        rubrics.set(key, rubric);
      }
      const settings = {
        model: model.id,
        promptVersion: model.promptVersion,
        samples: configuration.samples ?? config.model.defaultSamples,
        temperature: config.model.temperature,
        sampleTemperature: config.model.sampleTemperature,
        minAgreement: config.grading.minAgreement,
      };
      const fingerprintOf = (rubric: Rubric) =>
        sha256Hex(canonicalJson({ settings, rubric: rubric.version })).slice(0, 16);
      const keptFile = join(runFolder, "graded.jsonl");
      const kept = readKept(keptFile);
      const answers: GradedAnswer[] = [];
      const pending: LabelledAnswer[] = [];
      for (const answer of selected) {
        const previous = kept.get(answerKey(answer));
        if (previous && previous.fingerprint === fingerprintOf(rubrics.get(questionKey(answer))!)) {
          answers.push(previous);
        } else {
          pending.push(answer);
        }
      }
      const errors: { key: string; code: string }[] = [];
      const progress = createProgress(options.stderr, configuration.name, selected.length);
      let done = answers.length;
      progress.tick(done);
      const limit = createLimiter(options.concurrency);
      const price = config.grading.prices[model.id];
      let paid = 0;
      await Promise.all(
        pending.map((answer) =>
          limit(async () => {
            if (options.signal?.aborted) {
              interrupted = true;
              return;
            }
            const rubric = rubrics.get(questionKey(answer))!;
            const key = answerKey(answer);
            try {
              const { grade } = await runtime.service.grade(defaultOperatorScope, {
                rubricId: rubric.id,
                rubricVersion: rubric.version,
                answer: answer.answer,
                studentId: null,
                ...(configuration.samples !== undefined ? { samples: configuration.samples } : {}),
                priority: "batch",
              });
              const usage = grade.cached ? { inputTokens: 0, outputTokens: 0 } : grade.usage;
              if (!grade.cached) paid += 1;
              const graded: GradedAnswer = {
                key,
                fingerprint: fingerprintOf(rubric),
                dataset: answer.dataset,
                split: answer.split,
                questionId: answer.question_id,
                answerId: answer.answer_id,
                answer: answer.answer,
                gold: answer.score,
                maxPoints: answer.max_score,
                labels: scaleFor(
                  rubric,
                  byQuestion.get(questionKey(answer))!.map((member) => member.score),
                ),
                predicted: grade.totalPoints,
                flaggedForReview: grade.status === "needs_review",
                flags: grade.flags,
                confidence: lowestConfidence(grade),
                rationale: rationaleOf(grade),
                usage: { ...usage, costUsd: estimateCost(price, usage).amount },
                cached: grade.cached,
                gradeId: grade.id,
              };
              appendFileSync(keptFile, `${JSON.stringify(graded)}\n`);
              answers.push(graded);
            } catch (error) {
              errors.push({ key, code: AppError.isInstance(error) ? error.code : "internal_error" });
              if (!AppError.isInstance(error)) {
                options.stderr.write(
                  `answer ${key}: ${error instanceof Error ? error.message : String(error)}\n`,
                );
              }
            }
            done += 1;
            progress.tick(done);
          }),
        ),
      );
      progress.finish(done);
      gradedNow[configuration.name] = paid;
      // Report in the order of the selection, whatever order the grades finished in.
      const order = new Map(selected.map((answer, index) => [answerKey(answer), index]));
      answers.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
      results.push({
        name: configuration.name,
        answers,
        report: buildConfigurationReport(
          {
            name: configuration.name,
            model: model.id,
            promptVersion: model.promptVersion,
            settings: {
              samples: settings.samples,
              strategy: configuration.strategy ?? "as in each rubric",
              exemplars: configuration.exemplars ?? 0,
              prompts: configuration.prompts ?? "prompts/",
              temperature: settings.temperature,
            },
            errors,
          },
          answers,
          {
            seed: options.seed,
            resamples: options.resamples,
            examplesPerQuestion: options.examplesPerQuestion,
          },
        ),
      });
    } finally {
      await runtime.close();
    }
    if (interrupted) break;
  }

  const report: EvaluationReport = {
    generatedAt: new Date().toISOString(),
    data: {
      file: options.data,
      answersInFile: all.length,
      questionsInFile: byQuestion.size,
      splits: options.splits ?? "all",
      selected: selected.length,
      limit: options.limit ?? null,
      excludedAsExemplars,
      rubrics:
        options.rubrics.length > 0
          ? options.rubrics
          : "built from question, reference answer and score range",
    },
    seed: options.seed,
    resamples: options.resamples,
    configurations: results.map((result) => result.report),
    comparisons: buildComparisons(results, { seed: options.seed, resamples: options.resamples }),
  };
  if (!interrupted) {
    writeFileSync(join(options.out, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(options.out, "report.html"), renderReportHtml(report));
  }
  return { report, gradedNow, interrupted };
}
