import type { ApiClient } from "../lib/api.js";
import { h, isolated, replace } from "../lib/dom.js";
import { directionOf, evidenceSegments, lowestConfidence } from "../lib/text.js";
import type { Audit, Grade, Rubric } from "../lib/types.js";
import { facts, formatPercent, formatPoints, inLanguage } from "./shared.js";

/** The answer with every evidence quote marked, each mark naming the criteria that quoted it. */
export function highlightedAnswer(answer: string, grade: Grade, rubric: Rubric): HTMLElement {
  const titles = new Map(rubric.criteria.map((criterion) => [criterion.id, criterion.title]));
  const segments = evidenceSegments(
    answer,
    grade.criteria.map((criterion) => ({ criterionId: criterion.criterionId, quotes: criterion.evidence })),
  );
  return inLanguage(
    h(
      "div",
      { className: "answer", "aria-label": "Answer with evidence highlighted" },
      segments.map((segment) =>
        segment.criteria.length
          ? h(
              "mark",
              {
                title: `Evidence for ${segment.criteria.map((id) => isolated(titles.get(id) ?? id)).join(", ")}`,
              },
              segment.text,
            )
          : segment.text,
      ),
    ),
    rubric.language,
  );
}

/**
 * A grade as the student sees it (points per criterion, comments, feedback) or as the teacher does
 * (also rationales, evidence in the answer, flags, confidence, the model's explanation and the cost).
 */
export function gradeResult(
  grade: Grade,
  answer: string,
  rubric: Rubric,
  api: ApiClient,
  audience: "student" | "teacher",
): HTMLElement {
  const titles = new Map(rubric.criteria.map((criterion) => [criterion.id, criterion.title]));
  // The table runs in the rubric's direction; its cells carry the rubric's language.
  const criteria = h(
    "table",
    { className: "criteria", "aria-label": "Points per criterion", dir: directionOf(rubric.language) },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Criterion"),
        h("th", { scope: "col" }, "Points"),
        audience === "teacher" ? h("th", { scope: "col" }, "Confidence") : null,
        h("th", { scope: "col" }, audience === "teacher" ? "Rationale" : "Comment"),
      ),
    ),
    h(
      "tbody",
      {},
      grade.criteria.map((criterion) =>
        h(
          "tr",
          {},
          inLanguage(
            h("th", { scope: "row" }, titles.get(criterion.criterionId) ?? criterion.criterionId),
            rubric.language,
          ),
          h("td", { className: "points" }, `${formatPoints(criterion.points)} / ${criterion.maxPoints}`),
          audience === "teacher" ? h("td", {}, formatPercent(criterion.confidence)) : null,
          inLanguage(
            h(
              "td",
              {},
              audience === "teacher" ? criterion.rationale : "",
              criterion.comment ? h("p", { className: "comment" }, criterion.comment) : null,
            ),
            rubric.language,
          ),
        ),
      ),
    ),
  );
  const total = h(
    "p",
    { className: "total" },
    "Total: ",
    h("strong", {}, `${formatPoints(grade.totalPoints)} / ${grade.maxPoints}`),
  );
  const feedback = grade.feedback
    ? inLanguage(
        h("div", { className: "feedback" }, h("h4", {}, "Feedback"), h("p", {}, grade.feedback)),
        rubric.language,
      )
    : null;
  if (audience === "student") {
    return h("div", { className: "grade-result student" }, total, scrollable(criteria), feedback);
  }
  const cost = h("span", {}, "…");
  void api
    .json<Audit>(`/v1/grades/${encodeURIComponent(grade.id)}/audit`)
    .then((audit) =>
      replace(
        cost,
        audit.cost.amount === null ? "unknown" : `${audit.cost.amount.toFixed(4)} ${audit.cost.currency}`,
      ),
    )
    .catch(() => replace(cost, "unavailable"));
  return h(
    "div",
    { className: "grade-result teacher" },
    total,
    facts([
      ["Status", grade.status.replace("_", " ")],
      ["Flags", grade.flags.length ? grade.flags.join(", ") : "none"],
      ["Confidence", formatPercent(lowestConfidence(grade.criteria))],
      ["Graded by", `${grade.gradedBy} (${grade.model})`],
      ["Tokens", `${grade.usage.inputTokens} in, ${grade.usage.outputTokens} out`],
      ["Cost", cost],
      ["Grade id", h("code", {}, grade.id)],
    ]),
    h("h4", {}, "Answer"),
    highlightedAnswer(answer, grade, rubric),
    scrollable(criteria),
    feedback,
    grade.explanation
      ? inLanguage(
          h(
            "div",
            { className: "explanation" },
            h("h4", {}, "For the teacher"),
            h("p", {}, grade.explanation),
          ),
          rubric.language,
        )
      : null,
  );
}

/** A wide table scrolls inside its own box on a phone instead of widening the page. */
function scrollable(table: HTMLElement): HTMLElement {
  return h("div", { className: "table-scroll" }, table);
}
