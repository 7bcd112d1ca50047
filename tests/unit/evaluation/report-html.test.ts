import { describe, expect, it } from "vitest";
import { buildConfigurationReport, type GradedAnswer } from "../../../src/evaluation/report.js";
import { renderReportHtml } from "../../../src/evaluation/report-html.js";

const graded = (overrides: Partial<GradedAnswer>): GradedAnswer => ({
  key: "k",
  fingerprint: "f",
  dataset: "d",
  split: "train",
  questionId: "q1",
  answerId: "a1",
  answer: "An answer.",
  gold: 1,
  maxPoints: 2,
  labels: [0, 1, 2],
  predicted: 1,
  flaggedForReview: false,
  flags: [],
  confidence: null,
  rationale: "fine",
  usage: { inputTokens: 10, outputTokens: 2, costUsd: null },
  cached: false,
  gradeId: "g",
  ...overrides,
});

describe("the HTML report", () => {
  it("escapes student text and rationales, and sorts questions worst first", () => {
    const answers = [
      graded({
        key: "1",
        answer: '<script>alert("x")</script>',
        gold: 0,
        predicted: 2,
        rationale: "<b>bold</b>",
      }),
      graded({ key: "2", questionId: "q2", answerId: "a2" }),
    ];
    const configuration = buildConfigurationReport(
      { name: "c <1>", model: "m", promptVersion: "p", settings: {}, errors: [] },
      answers,
      { resamples: 50 },
    );
    expect(configuration.questions.map((question) => question.questionId)).toEqual(["q1", "q2"]);
    expect(configuration.questions[0]!.examples[0]).toMatchObject({ teacher: 0, model: 2 });
    const html = renderReportHtml({
      generatedAt: "2025-01-01T00:00:00Z",
      data: { file: "x.jsonl" },
      seed: 1,
      resamples: 50,
      configurations: [configuration],
      comparisons: [],
    });
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;b&gt;bold&lt;/b&gt;");
    expect(html).toContain("c &lt;1&gt;");
    expect(html).toContain("no confidences");
  });
});
