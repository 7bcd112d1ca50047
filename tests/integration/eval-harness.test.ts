import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvaluationReport } from "../../src/evaluation/report.js";
import { runEvalCli } from "../../scripts/evaluation/cli.js";
import { readLabelledAnswers } from "../../scripts/evaluation/harness.js";
import { sampleFromSchema, startFakeOpenAI, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";

/**
 * `npm run eval` end to end on 30 real answers (tests/fixtures/evaluation/sample-answers.jsonl) through the
 * real runtime, the real OpenAI client and a fake OpenAI-compatible server on loopback. The fake scores
 * by the answer's length, so the figures prove the harness, not a model.
 */

const fixtures = fileURLToPath(new URL("../fixtures/evaluation/", import.meta.url));
const data = join(fixtures, "sample-answers.jsonl");
const rubricFile = fileURLToPath(new URL("../../rubrics/saf-binary-encoding.yaml", import.meta.url));
let fake: FakeOpenAIServer;
let folder: string;

/** Turns a schema-valid sample reply into one whose points vary with the answer. */
function varyPoints(value: unknown, answer: string): unknown {
  if (Array.isArray(value)) return value.map((item) => varyPoints(item, answer));
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, child]) => {
      if (key === "points" && typeof child === "number") {
        // The sample gives the maximum; short answers get nothing, long ones full marks.
        return [key, answer.length < 120 ? 0 : child];
      }
      return [key, varyPoints(child, answer)];
    });
    return Object.fromEntries(entries);
  }
  return value;
}

function collect() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

const chatCalls = () => fake.requests.filter((request) => request.path === "/v1/chat/completions").length;

async function run(argv: string[], signal?: AbortSignal) {
  const stdout = collect();
  const stderr = collect();
  const code = await runEvalCli(argv, {
    ...(signal ? { signal } : {}),
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: {
      GRADER_MODEL: "openai:gpt-4o-mini",
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: fake.apiKey,
      GRADER_MAX_RETRIES: "0",
      LOG_LEVEL: "silent",
    },
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.setDefault({
    kind: "respond",
    handler: (request) => {
      const answer = request.answer ?? "";
      const sample = sampleFromSchema(request.schema, { evidenceQuotes: [answer.slice(0, 40)] });
      return varyPoints(sample, answer);
    },
  });
  folder = mkdtempSync(join(tmpdir(), "eval-harness-"));
});
afterAll(async () => {
  await fake.close();
  rmSync(folder, { recursive: true, force: true });
});

describe("npm run eval", () => {
  it("grades a labelled sample through the real runtime and writes report.json and a self-contained report.html", async () => {
    const out = join(folder, "report");
    const result = await run([
      "--data",
      data,
      "--seed",
      "7",
      "--resamples",
      "200",
      "--out",
      out,
      "--rubric",
      `1.6=${rubricFile}`,
    ]);
    expect(result.stderr).not.toMatch(/answer .*: /);
    expect(result.code).toBe(0);
    // The provided rubric's exemplars (SAF 1.6.57 and 1.6.905) are left out: 28 answers, one call each.
    expect(chatCalls()).toBe(28);
    expect(result.stderr).toMatch(/configured: 28\/28 graded/);

    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as EvaluationReport;
    expect(report.data).toMatchObject({ answersInFile: 30, selected: 28, excludedAsExemplars: 2 });
    const [configuration] = report.configurations;
    expect(configuration).toMatchObject({
      name: "configured",
      model: "openai:gpt-4o-mini",
      answers: 28,
      errors: [],
    });
    const overall = configuration!.summary.overall;
    expect(overall.count + overall.unscored).toBe(28);
    for (const metric of Object.values(overall.metrics)) {
      expect(Object.keys(metric).sort()).toEqual(["high", "low", "value"]);
    }
    expect(overall.metrics.exactAgreement.value).toBeGreaterThan(0);
    expect(overall.metrics.exactAgreement.low).not.toBeNull();
    // Five questions, each with its agreement; the same answer id in two splits is two answers.
    expect(configuration!.questions.map((question) => question.questionId).sort()).toEqual(
      ["1", "1.6", "10.1_TC", expect.any(String), expect.any(String)].sort(),
    );
    const errors = configuration!.questions.map((question) => question.normalisedError ?? Infinity);
    expect(errors).toEqual([...errors].sort((a, b) => b - a));
    const saf16 = configuration!.questions.find((question) => question.questionId === "1.6")!;
    expect(saf16.count + saf16.unscored).toBe(7);
    expect(configuration!.summary.groups.split).toHaveProperty("test-unseen-answers");
    expect(configuration!.confusion.counts.flat().reduce((sum, count) => sum + count, 0)).toBe(overall.count);
    expect(configuration!.differences.reduce((sum, entry) => sum + entry.count, 0)).toBe(overall.count);
    expect(configuration!.summary.usage.inputTokensPerAnswer).toBeGreaterThan(0);
    expect(configuration!.summary.review.answers).toBe(28);
    const example = configuration!.questions.flatMap((question) => question.examples)[0]!;
    expect(example).toMatchObject({
      answer: expect.any(String),
      teacher: expect.any(Number),
      rationale: expect.any(String),
    });

    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain("Per question, worst first");
    expect(html).toContain("Confusion matrix");
    // Self-contained: nothing fetched when it is opened.
    expect(html).not.toMatch(/<script|<link|src="http|href="http|@import|url\(/i);
    expect(result.stdout).toMatch(/configured: \d+ answers, QWK/);
  }, 20_000);

  it("resumes: a second run reuses the graded answers and calls the model for none of them", async () => {
    const out = join(folder, "report");
    const before = chatCalls();
    const first = readFileSync(join(out, "report.json"), "utf8");
    const result = await run([
      "--data",
      data,
      "--seed",
      "7",
      "--resamples",
      "200",
      "--out",
      out,
      "--rubric",
      `1.6=${rubricFile}`,
    ]);
    expect(result.code).toBe(0);
    expect(chatCalls()).toBe(before);
    expect(result.stdout).toContain("(0 graded now)");
    const again = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as EvaluationReport;
    const previous = JSON.parse(first) as EvaluationReport;
    // Same seed, same answers: the same figures.
    expect(again.configurations[0]!.summary).toEqual(previous.configurations[0]!.summary);
  }, 20_000);

  it("after an interruption, keeps what was graded and pays only for the rest", async () => {
    const out = join(folder, "interrupted");
    const argv = ["--data", data, "--seed", "11", "--resamples", "50", "--out", out, "--concurrency", "2"];
    const controller = new AbortController();
    const before = chatCalls();
    const stopAfterFive = setInterval(() => {
      if (chatCalls() - before >= 5) controller.abort();
    }, 1);
    const interrupted = await run(argv, controller.signal).finally(() => clearInterval(stopAfterFive));
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain("run the same command again to resume");
    const paidFirst = chatCalls() - before;
    expect(paidFirst).toBeGreaterThanOrEqual(5);
    expect(paidFirst).toBeLessThan(30);

    const resumed = await run(argv);
    expect(resumed.code).toBe(0);
    // Every answer paid for once in all: the second run graded only those the first did not.
    expect(chatCalls() - before).toBe(30);
    expect(resumed.stdout).toContain(`(${30 - paidFirst} graded now)`);
  }, 20_000);

  it("lists answers that failed to grade, exits 1, and grades only those on the next run", async () => {
    const out = join(folder, "failing");
    const argv = ["--data", data, "--seed", "3", "--limit", "4", "--resamples", "50", "--out", out];
    fake.enqueue({ kind: "error", status: 500, message: "overloaded" });
    const failed = await run(argv);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("1 answers could not be graded");
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as EvaluationReport;
    expect(report.configurations[0]!.errors).toEqual([{ key: expect.any(String), code: expect.any(String) }]);
    expect(report.configurations[0]!.answers).toBe(3);

    const retried = await run(argv);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain("(1 graded now)");
  }, 20_000);

  it("compares two configurations on the same answers with paired intervals", async () => {
    const one = join(folder, "one.json");
    const three = join(folder, "three.json");
    writeFileSync(one, JSON.stringify({ name: "one sample", samples: 1 }));
    writeFileSync(three, JSON.stringify({ name: "per criterion", strategy: "per-criterion", exemplars: 2 }));
    const out = join(folder, "compare");
    const result = await run([
      "--data",
      data,
      "--limit",
      "8",
      "--resamples",
      "100",
      "--out",
      out,
      "--compare",
      one,
      three,
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as EvaluationReport;
    expect(report.configurations.map((configuration) => configuration.name)).toEqual([
      "one sample",
      "per criterion",
    ]);
    expect(report.comparisons).toHaveLength(1);
    expect(report.comparisons[0]).toMatchObject({
      a: "per criterion",
      b: "one sample",
      count: expect.any(Number),
    });
    expect(report.comparisons[0]!.metrics.exactAgreement).toHaveProperty("shareAtOrBelowZero");
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("Paired comparisons");
  }, 20_000);

  it("computes the metrics of existing {gold, predicted} rows", async () => {
    const rows = join(folder, "rows.jsonl");
    writeFileSync(
      rows,
      [
        { gold: 0, predicted: 0, group: "a" },
        { gold: 1, predicted: 2, group: "a", maxPoints: 2 },
        { gold: 2, predicted: 2, group: "b" },
        { gold: 2, predicted: 1, group: "b", labels: [0, 1, 2] },
      ]
        .map((row) => JSON.stringify(row))
        .join("\n"),
    );
    const result = await run(["metrics", rows, "--seed", "3", "--resamples", "100"]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.rows).toBe(4);
    expect(output.overall.metrics.exactAgreement.value).toBe(0.5);
    expect(Object.keys(output.groups)).toEqual(["a", "b"]);

    // Regression: a file saved with a byte order mark and CRLF lines (Windows Notepad, Excel) crashed the
    // command with a SyntaxError on its first line; a line that is not JSON did too, naming no line.
    const windows = join(folder, "rows-windows.jsonl");
    writeFileSync(windows, `\ufeff${readFileSync(rows, "utf8").replaceAll("\n", "\r\n")}\r\n`);
    const fromWindows = await run(["metrics", windows, "--seed", "3", "--resamples", "100"]);
    expect(fromWindows.code, fromWindows.stderr).toBe(0);
    expect(JSON.parse(fromWindows.stdout)).toEqual(output);
    const broken = join(folder, "rows-broken.jsonl");
    writeFileSync(broken, `${JSON.stringify({ gold: 0, predicted: 0 })}\n{"gold": 1,\n`);
    const refused = await run(["metrics", broken]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${broken} line 2: not JSON`);
  });

  it("reads a labelled data file saved with a byte order mark and CRLF lines", () => {
    // Regression: its first answer was refused as "line 1: not JSON".
    const file = join(folder, "labelled-windows.jsonl");
    const answer = {
      question_id: "q1",
      question: "Why?",
      answer_id: "a1",
      answer: "Because.",
      score: 1,
      max_score: 2,
    };
    writeFileSync(
      file,
      `\ufeff${JSON.stringify(answer)}\r\n${JSON.stringify({ ...answer, answer_id: "a2" })}\r\n`,
    );
    expect(readLabelledAnswers(file).map((read) => [read.answer_id, read.answer])).toEqual([
      ["a1", "Because."],
      ["a2", "Because."],
    ]);
  });

  it("explains bad usage instead of failing obscurely", async () => {
    const result = await run(["--limit", "3"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--data FILE.jsonl is required");
  });
});
