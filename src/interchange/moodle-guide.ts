import {
  RubricInterchangeError,
  type ExportResult,
  type ImportOptions,
  type ImportResult,
  type InterchangeWarning,
} from "../grading/rubric-interchange.js";
import type { RubricDocument } from "../grading/rubric.js";
import { codePointCount } from "../lib/code-points.js";
import {
  deriveTitle,
  formatPoints,
  parseNumber,
  quote,
  rubricFieldWarnings,
  toHalfPoints,
} from "./common.js";
import { exportDefinition, importCriteria, openDefinition, type MoodleFormat } from "./moodle-definition.js";
import {
  child,
  children,
  formatScore,
  htmlWarning,
  textOf,
  unknownElementWarnings,
  xmlText,
  type XmlNode,
} from "./moodle-xml.js";

/**
 * A Moodle marking guide (gradingform_guide): criteria with a short name, a description for
 * students, a description for markers and a maximum score; the marker gives any score up to it. That
 * is our criterion without levels. Both descriptions go into our criterion's description, the
 * markers' part under a "For markers:" line, so that export can put each back where it was.
 */

const formatName = "a Moodle marking guide";
const pluginElement = "plugin_gradingform_guide_definition";
export const markersHeading = "For markers:";

/** What each guide option does (gradingform_guide's language strings). */
const optionMeanings: Record<string, string> = {
  alwaysshowdefinition: "whether students may see the marking guide before they are graded",
  showmarkspercriterionstudents: "whether students see the marks for each criterion",
};

const defaultOptions: Record<string, string> = {
  alwaysshowdefinition: "1",
  showmarkspercriterionstudents: "1",
};

const guideFormat: MoodleFormat = { method: "guide", formatName, pluginElement, optionMeanings };

const criterionElements = [
  "sortorder",
  "shortname",
  "description",
  "descriptionformat",
  "descriptionmarkers",
  "descriptionmarkersformat",
  "maxscore",
];

export function importMoodleGuide(input: Uint8Array | string, options: ImportOptions): ImportResult {
  const opened = openDefinition(input, options, guideFormat);
  const { definition, name, warnings } = opened;
  const plugin = child(definition, pluginElement) ?? {};
  warnings.push(...unknownElementWarnings(plugin, ["guidecriteria", "guidecomments"], pluginElement));
  const criteriaElement = child(plugin, "guidecriteria") ?? {};
  warnings.push(
    ...unknownElementWarnings(
      criteriaElement,
      ["guidecriterion", "guidecomments"],
      `${pluginElement}.guidecriteria`,
    ),
  );
  // Before MDL-37714 the comments were written inside <guidecriteria>; Moodle restores both.
  const comments = [
    ...children(plugin, "guidecomments"),
    ...children(criteriaElement, "guidecomments"),
  ].flatMap((list) => children(list, "guidecomment"));
  if (comments.length > 0) {
    const texts = comments.map((comment) => quote(textOf(comment, "description") ?? "", 40));
    warnings.push({
      path: "guidecomments",
      message: `${comments.length} frequently used comment${comments.length === 1 ? "" : "s"} (${texts.slice(0, 3).join(", ")}${comments.length > 3 ? ", …" : ""}): remarks a marker inserts into feedback; no equivalent here: not imported`,
    });
  }
  const criteria = children(criteriaElement, "guidecriterion");
  if (criteria.length === 0) {
    throw new RubricInterchangeError("invalid-file", [
      { path: "definition", message: `the marking guide ${quote(name ?? "")} has no criteria` },
    ]);
  }
  return importCriteria(opened, criteria, "guidecriterion", (criterion, path, line) =>
    readCriterion(criterion, path, line, warnings),
  );
}

function readCriterion(
  criterion: XmlNode,
  path: string,
  line: number | undefined,
  warnings: InterchangeWarning[],
): { title: string; description: string; maxPoints: number } {
  const at = line !== undefined ? { line } : {};
  warnings.push(...unknownElementWarnings(criterion, criterionElements, path));
  const shortname = (textOf(criterion, "shortname") ?? "").trim();
  if (shortname === "") {
    throw new RubricInterchangeError("invalid-file", [
      { path: `${path}.shortname`, message: "is empty (Moodle refuses this too)", ...at },
    ]);
  }
  const title = deriveTitle(shortname);
  if (title !== shortname) {
    warnings.push({
      path: `${path}.shortname`,
      message: `is ${codePointCount(shortname)} characters; a title has at most 200: shortened to ${quote(title)} (the whole name starts the description)`,
    });
  }
  const students = (textOf(criterion, "description") ?? "").trim();
  const markers = (textOf(criterion, "descriptionmarkers") ?? "").trim();
  for (const warning of [
    htmlWarning(textOf(criterion, "descriptionformat"), students, `${path}.description`),
    htmlWarning(textOf(criterion, "descriptionmarkersformat"), markers, `${path}.descriptionmarkers`),
  ]) {
    if (warning) warnings.push(warning);
  }
  let description = composeDescription(
    title === shortname ? students : [shortname, students].filter(Boolean).join("\n\n"),
    markers,
  );
  if (description === "") {
    description = title;
    warnings.push({
      path,
      message:
        "has neither a description for students nor one for markers: its short name is used as its description",
    });
  }
  const scoreText = textOf(criterion, "maxscore") ?? "";
  const score = parseNumber(scoreText);
  if (score === undefined) {
    throw new RubricInterchangeError("invalid-file", [
      { path: `${path}.maxscore`, message: `${quote(scoreText)} is not a number`, ...at },
    ]);
  }
  const maxPoints = toHalfPoints(score, { path: `${path}.maxscore`, ...at }, warnings);
  return { title, description, maxPoints };
}

export function composeDescription(students: string, markers: string): string {
  if (markers === "") return students;
  return students === "" ? `${markersHeading}\n${markers}` : `${students}\n\n${markersHeading}\n${markers}`;
}

export function splitDescription(description: string): { students: string; markers: string } {
  const text = description.trim();
  const heading = new RegExp(`(?:^|\\n[ \\t]*\\n)${markersHeading}[ \\t]*\\r?\\n`).exec(text);
  if (!heading) return { students: text, markers: "" };
  return {
    students: text.slice(0, heading.index).trim(),
    markers: text.slice(heading.index + heading[0].length).trim(),
  };
}

export function exportMoodleGuide(rubric: RubricDocument): ExportResult {
  const warnings = rubricFieldWarnings(rubric, formatName);
  const criteria = rubric.criteria.map((criterion, index) => {
    const { students, markers } = splitDescription(criterion.description);
    let markersText = markers;
    if (criterion.levels) {
      const list = criterion.levels
        .map((level) => `- ${formatPoints(level.points)}: ${level.description.replace(/\s+/g, " ").trim()}`)
        .join("\n");
      markersText = [markers, `Levels:\n${list}`].filter(Boolean).join("\n\n");
      warnings.push({
        path: `criteria[${index}].levels`,
        message: `a marking guide has no levels (the marker gives any score up to the maximum): the ${criterion.levels.length} level(s) were written into the description for markers`,
      });
    }
    return {
      "@_id": String(index + 1),
      sortorder: String(index + 1),
      shortname: xmlText(criterion.title, `criteria[${index}].title`, warnings),
      description: xmlText(students, `criteria[${index}].description`, warnings),
      descriptionformat: "0",
      descriptionmarkers: xmlText(markersText, `criteria[${index}].description`, warnings),
      descriptionmarkersformat: "0",
      maxscore: formatScore(criterion.maxPoints),
    };
  });
  return exportDefinition(
    rubric,
    "guide",
    defaultOptions,
    { [pluginElement]: { guidecriteria: { guidecriterion: criteria }, guidecomments: "" } },
    warnings,
  );
}
