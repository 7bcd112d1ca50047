import type { PromptTask } from "./audit.js";
import { allowedPoints, type Criterion, type RubricDocument } from "./rubric.js";

/**
 * Turns a rubric into the text the prompt templates in prompts/ receive. Everything here is teacher
 * content; the student answer is handled by `answerBoundary` and travels only in the user message.
 */

/** XML-tagged rubric: question, reference answer, teacher notes, criteria with allowed points, examples. */
export function renderRubricForPrompt(rubric: RubricDocument): string {
  const sections = [tagged("question", rubric.question)];
  if (rubric.referenceAnswer) sections.push(tagged("reference_answer", rubric.referenceAnswer));
  if (rubric.gradingNotes) sections.push(tagged("grading_notes", rubric.gradingNotes));
  sections.push(`<criteria>\n${rubric.criteria.map(renderCriterion).join("\n")}\n</criteria>`);
  if (rubric.exemplars?.length) {
    const examples = rubric.exemplars.map((exemplar) => {
      const points = rubric.criteria
        .map((criterion) => `${criterion.id}: ${exemplar.points[criterion.id] ?? 0}`)
        .join("; ");
      const parts = [tagged("example_answer", exemplar.answer), tagged("example_points", points)];
      if (exemplar.feedback) parts.push(tagged("example_feedback", exemplar.feedback));
      return `<example>\n${parts.join("\n")}\n</example>`;
    });
    sections.push(`<graded_examples>\n${examples.join("\n")}\n</graded_examples>`);
  }
  return sections.join("\n");
}

export function renderCriterion(criterion: Criterion): string {
  const allowed = allowedPoints(criterion);
  const allowedText = allowed
    ? allowed.join(", ")
    : `any whole or half number from 0 to ${criterion.maxPoints}`;
  const lines = [
    `<criterion id="${criterion.id}" max_points="${criterion.maxPoints}">`,
    tagged("title", criterion.title),
    tagged("description", criterion.description),
    tagged("allowed_points", allowedText),
  ];
  if (criterion.levels) {
    const levels = [...criterion.levels]
      .sort((a, b) => b.points - a.points)
      .map((level) => `<level points="${level.points}">${level.description}</level>`);
    lines.push(`<levels>\n${levels.join("\n")}\n</levels>`);
  }
  lines.push("</criterion>");
  return lines.join("\n");
}

/** English name of a BCP 47 language, for the instruction "write feedback in Persian (fa)". */
export function languageName(tag: string): string {
  let name = languageNames.get(tag);
  if (name === undefined) {
    try {
      name = englishLanguageNames.of(tag) ?? tag;
    } catch {
      name = tag;
    }
    // Rubric languages are few; the bound only keeps odd tags from growing the map without end.
    if (languageNames.size < 1_000) languageNames.set(tag, name);
  }
  return name;
}

// Building Intl.DisplayNames costs about as much as the rest of a prompt's inputs: once per process.
const englishLanguageNames = new Intl.DisplayNames(["en"], { type: "language" });
const languageNames = new Map<string, string>();

/**
 * A per-request boundary that the answer does not contain. `randomToken` must be unguessable
 * (128 bits); the loop only matters if an answer happens to contain the candidate.
 */
export function answerBoundary(answer: string, randomToken: () => string): string {
  for (;;) {
    const candidate = `ANSWER-BOUNDARY-${randomToken()}`;
    if (!answer.includes(candidate)) return candidate;
  }
}

function tagged(tag: string, content: string): string {
  return `<${tag}>\n${content}\n</${tag}>`;
}

/**
 * The placeholders the core fills in for each prompt task. The template files in prompts/ may use
 * only these (checked when the templates are loaded, so a typo stops start-up instead of failing
 * every grade); `answer` must appear in the user message and nowhere in the system message.
 */
export const promptVariables = {
  "grade-all-criteria": ["rubric", "language", "language_name", "answer_boundary", "canary", "answer"],
  "grade-one-criterion": [
    "rubric",
    "language",
    "language_name",
    "answer_boundary",
    "canary",
    "answer",
    "criterion",
    "criterion_id",
  ],
  "screen-injection": ["rubric", "language", "language_name", "answer_boundary", "canary", "answer"],
} as const satisfies Record<PromptTask, readonly string[]>;

/** The placeholder of the repair message sent after an unusable reply. */
export const repairPromptVariables = ["problems"] as const;
