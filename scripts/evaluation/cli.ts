import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { summariseEvaluation, type EvaluationRow } from "../../src/evaluation/summary.js";
import { gradingStrategies } from "../../src/grading/rubric.js";
import { EvaluationInputError, runEvaluation, type Configuration } from "./harness.js";

export const usage = `Usage:
  npm run eval -- --data FILE.jsonl [--limit N] [--seed S] [--split NAME]... [--rubric FILE | --rubric QID=FILE]...
                  [--out eval-report] [--compare A.json B.json ...] [--concurrency 4] [--resamples 1000]
  npm run eval -- metrics FILE.jsonl [--seed S] [--resamples 1000]

Grades the labelled answers with the configured model (GRADER_MODEL and the provider's variables, as for
the API) and writes OUT/report.json and OUT/report.html. Rerun the same command to resume.
'metrics' computes the same figures from rows {gold, predicted, labels?, maxPoints?, group?} and prints JSON.
See docs/evaluation.md.`;

const configurationSchema = z.strictObject({
  name: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  strategy: z.enum(gradingStrategies).optional(),
  samples: z.number().int().min(1).max(9).optional(),
  prompts: z.string().min(1).optional(),
  exemplars: z.number().int().min(0).max(10).optional(),
  env: z.record(z.string(), z.string()).optional(),
});

const metricsRowSchema = z.object({
  gold: z.union([z.number(), z.string()]),
  predicted: z.union([z.number(), z.string()]).nullable(),
  labels: z.array(z.union([z.number(), z.string()])).optional(),
  maxPoints: z.number().positive().optional(),
  group: z.coerce.string().optional(),
});

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
}

const integer = (value: string | undefined, name: string, fallback: number) => {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new EvaluationInputError(`--${name} must be a whole number`);
  return parsed;
};

/**
 * Runs the command; resolves to the exit code: 0 done, 1 some answers failed to grade (the report is
 * written; a rerun retries them), 2 bad usage, 130 interrupted.
 */
export async function runEvalCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    if (argv[0] === "metrics") return metricsCommand(argv.slice(1), io);
    return await evaluateCommand(argv, io);
  } catch (error) {
    if (error instanceof EvaluationInputError || (error instanceof TypeError && "code" in error)) {
      io.stderr.write(`${error.message}\n\n${usage}\n`);
      return 2;
    }
    throw error;
  }
}

function metricsCommand(argv: readonly string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { seed: { type: "string" }, resamples: { type: "string" } },
  });
  const file = positionals[0];
  if (!file) throw new EvaluationInputError("metrics needs a JSONL file of {gold, predicted} rows");
  const rows: EvaluationRow[] = [];
  // A file saved by Windows Notepad or Excel starts with a byte order mark, which JSON.parse refuses.
  readFileSync(file, "utf8")
    .replace(/^\uFEFF/, "")
    .split("\n")
    .forEach((line, index) => {
      if (line.trim() === "") return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new EvaluationInputError(`${file} line ${index + 1}: not JSON`);
      }
      const parsed = metricsRowSchema.safeParse(value);
      if (!parsed.success)
        throw new EvaluationInputError(`${file} line ${index + 1}: ${parsed.error.issues[0]!.message}`);
      const { group, ...row } = parsed.data;
      rows.push({ ...row, ...(group !== undefined ? { groups: { group } } : {}) });
    });
  const summary = summariseEvaluation(rows, {
    seed: integer(values.seed, "seed", 1),
    resamples: integer(values.resamples, "resamples", 1000),
  });
  io.stdout.write(
    `${JSON.stringify({ rows: rows.length, overall: summary.overall, groups: summary.groups.group ?? {}, review: summary.review }, null, 2)}\n`,
  );
  return 0;
}

async function evaluateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  // --compare takes every file that follows it, up to the next option.
  const compare: string[] = [];
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === "--compare") {
      while (index + 1 < argv.length && !argv[index + 1]!.startsWith("--")) compare.push(argv[++index]!);
    } else {
      rest.push(argv[index]!);
    }
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      data: { type: "string" },
      limit: { type: "string" },
      seed: { type: "string" },
      split: { type: "string", multiple: true },
      rubric: { type: "string", multiple: true },
      out: { type: "string" },
      concurrency: { type: "string" },
      resamples: { type: "string" },
      examples: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!values.data) throw new EvaluationInputError("--data FILE.jsonl is required");
  const configurations: Configuration[] =
    compare.length === 0
      ? [{ name: "configured" }]
      : compare.map((file) => {
          const parsed = configurationSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
          if (!parsed.success) {
            throw new EvaluationInputError(
              `${file}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
            );
          }
          return { ...parsed.data, name: parsed.data.name ?? file };
        });
  if (new Set(configurations.map((configuration) => configuration.name)).size !== configurations.length) {
    throw new EvaluationInputError("--compare configurations need different names");
  }
  const limit = values.limit === undefined ? undefined : integer(values.limit, "limit", 0);
  const outcome = await runEvaluation({
    data: values.data,
    out: values.out ?? "eval-report",
    ...(limit !== undefined ? { limit } : {}),
    seed: integer(values.seed, "seed", 1),
    resamples: integer(values.resamples, "resamples", 1000),
    ...(values.split ? { splits: values.split } : {}),
    rubrics: values.rubric ?? [],
    configurations,
    concurrency: Math.max(1, integer(values.concurrency, "concurrency", 4)),
    examplesPerQuestion: integer(values.examples, "examples", 3),
    env: io.env,
    stderr: io.stderr,
    ...(io.signal ? { signal: io.signal } : {}),
  });
  if (outcome.interrupted) {
    io.stderr.write("interrupted: graded answers are kept; run the same command again to resume\n");
    return 130;
  }
  for (const configuration of outcome.report.configurations) {
    const { metrics, count } = configuration.summary.overall;
    io.stdout.write(
      `${configuration.name}: ${count} answers, QWK ${metrics.quadraticKappa.value?.toFixed(3) ?? "—"}, exact ${metrics.exactAgreement.value?.toFixed(3) ?? "—"}, MAE ${metrics.meanAbsoluteError.value?.toFixed(3) ?? "—"} (${outcome.gradedNow[configuration.name] ?? 0} graded now)\n`,
    );
  }
  io.stdout.write(`report: ${values.out ?? "eval-report"}/report.html\n`);
  const failed = outcome.report.configurations.reduce(
    (sum, configuration) => sum + configuration.errors.length,
    0,
  );
  if (failed > 0) {
    io.stderr.write(
      `${failed} answers could not be graded (see the report); run the same command again to retry them\n`,
    );
    return 1;
  }
  return 0;
}
