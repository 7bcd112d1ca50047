import {
  RubricInterchangeError,
  type ExportResult,
  type ImportOptions,
  type ImportResult,
  type InterchangeWarning,
} from "../grading/rubric-interchange.js";
import type { RubricDocument } from "../grading/rubric.js";
import {
  halfPointLevels,
  isHalfPointLevels,
  joinTitle,
  maxBelowTopLevelWarning,
  mergeEqualPoints,
  parseNumber,
  pointsLabel,
  quote,
  rubricFieldWarnings,
  splitTitle,
  toHalfPoints,
  type DraftLevel,
} from "./common.js";
import { exportDefinition, importCriteria, openDefinition, type MoodleFormat } from "./moodle-definition.js";
import {
  attribute,
  child,
  children,
  elementLines,
  formatScore,
  htmlWarning,
  textOf,
  unknownElementWarnings,
  xmlText,
  type XmlNode,
} from "./moodle-xml.js";

/**
 * A Moodle rubric (gradingform_rubric): criteria with a description, each with levels that have a
 * score and a definition. A criterion is worth its highest level. In Moodle a grader must pick one
 * level per criterion; here 0 is always allowed, so export adds a "0 / max" level where none gives 0,
 * and import leaves that generated level out again.
 */

const formatName = "a Moodle rubric";

/** What each rubric option does, from Moodle's language strings (gradingform_rubric.php). */
const optionMeanings: Record<string, string> = {
  sortlevelsasc: "the order Moodle shows levels in: 1 ascending, 0 descending by points",
  lockzeropoints: "whether Moodle calculates the grade as if the rubric's minimum score were 0",
  alwaysshowdefinition: "whether students may preview the rubric before grading",
  showdescriptionteacher: "whether the rubric description shows during evaluation",
  showdescriptionstudent: "whether the rubric description shows to those being graded",
  showscoreteacher: "whether each level's points show during evaluation",
  showscorestudent: "whether each level's points show to those being graded",
  enableremarks: "whether graders may add a text remark for each criterion",
  showremarksstudent: "whether remarks show to those being graded",
};

/** Moodle's defaults for a new rubric (gradingform_rubric_controller::get_default_options), as it stores them. */
const defaultOptions: Record<string, string> = Object.fromEntries(
  Object.keys(optionMeanings).map((option) => [option, "1"]),
);

const pluginElement = "plugin_gradingform_rubric_definition";

const rubricFormat: MoodleFormat = { method: "rubric", formatName, pluginElement, optionMeanings };

export function importMoodleRubric(input: Uint8Array | string, options: ImportOptions): ImportResult {
  const opened = openDefinition(input, options, rubricFormat);
  const { definition, name, text, warnings } = opened;
  const plugin = child(definition, pluginElement);
  if (plugin) warnings.push(...unknownElementWarnings(plugin, ["criteria"], pluginElement));
  const criteriaElement = plugin ? child(plugin, "criteria") : undefined;
  const criteria = criteriaElement ? children(criteriaElement, "criterion") : [];
  const levelLines = elementLines(text, "level");
  if (criteria.length === 0) {
    throw new RubricInterchangeError("invalid-file", [
      { path: "definition", message: `the rubric ${quote(name ?? "")} has no criteria` },
    ]);
  }
  return importCriteria(opened, criteria, "criterion", (criterion, path, line) =>
    readCriterion(criterion, path, line, levelLines.byId, warnings),
  );
}

function readCriterion(
  criterion: XmlNode,
  path: string,
  line: number | undefined,
  levelLines: Map<string, number>,
  warnings: InterchangeWarning[],
): {
  title: string;
  description: string;
  maxPoints: number;
  levels?: { points: number; description: string }[];
} {
  warnings.push(
    ...unknownElementWarnings(criterion, ["sortorder", "description", "descriptionformat", "levels"], path),
  );
  const text = (textOf(criterion, "description") ?? "").trim();
  const html = htmlWarning(textOf(criterion, "descriptionformat"), text, `${path}.description`);
  if (html) warnings.push(html);
  if (text === "") {
    throw new RubricInterchangeError("invalid-file", [
      {
        path: `${path}.description`,
        message: "is empty (Moodle refuses this too)",
        ...(line ? { line } : {}),
      },
    ]);
  }
  const { title, description } = splitTitle(text);
  const levelElements = children(criterion, "levels").flatMap((list) => children(list, "level"));
  const levels: DraftLevel[] = levelElements.map((level, index) => {
    const id = attribute(level, "id");
    const levelPath = `${path}.level[id=${id ?? index + 1}]`;
    const levelLine = (id !== undefined ? levelLines.get(id) : undefined) ?? line;
    warnings.push(...unknownElementWarnings(level, ["score", "definition", "definitionformat"], levelPath));
    const scoreText = textOf(level, "score") ?? "";
    const score = parseNumber(scoreText);
    if (score === undefined) {
      throw new RubricInterchangeError("invalid-file", [
        {
          path: `${levelPath}.score`,
          message: `${quote(scoreText)} is not a number`,
          ...(levelLine ? { line: levelLine } : {}),
        },
      ]);
    }
    const points = toHalfPoints(
      score,
      { path: `${levelPath}.score`, ...(levelLine ? { line: levelLine } : {}) },
      warnings,
    );
    let definitionText = (textOf(level, "definition") ?? "").trim();
    const levelHtml = htmlWarning(
      textOf(level, "definitionformat"),
      definitionText,
      `${levelPath}.definition`,
    );
    if (levelHtml) warnings.push(levelHtml);
    if (definitionText === "") {
      definitionText = `${points} points`;
      warnings.push({
        path: `${levelPath}.definition`,
        message: `is empty; every level here needs a description: "${definitionText}" was written`,
      });
    }
    return { points, description: definitionText, source: levelPath };
  });
  if (levels.length === 0) {
    throw new RubricInterchangeError("invalid-file", [
      { path, message: "has no levels (Moodle needs at least two)", ...(line ? { line } : {}) },
    ]);
  }
  const maxPoints = Math.max(...levels.map((level) => level.points));
  // What export writes for a criterion without levels, or for the 0 a criterion always allows.
  if (isHalfPointLevels(levels, maxPoints)) return { title, description, maxPoints };
  const kept = levels.filter(
    (level) => !(level.points === 0 && level.description === pointsLabel(0, maxPoints)),
  );
  const merged = mergeEqualPoints(kept, path, warnings);
  return {
    title,
    description,
    maxPoints,
    levels: merged.map(({ points, description: levelText }) => ({ points, description: levelText })),
  };
}

export function exportMoodleRubric(rubric: RubricDocument): ExportResult {
  const warnings = rubricFieldWarnings(rubric, formatName);
  let levelId = 0;
  const criteria = rubric.criteria.map((criterion, index) => {
    const maxWarning = maxBelowTopLevelWarning(criterion, index, "Moodle");
    if (maxWarning) warnings.push(maxWarning);
    let levels = criterion.levels?.map((level) => ({ points: level.points, description: level.description }));
    if (!levels) {
      levels = halfPointLevels(criterion.maxPoints);
      if (!levels) {
        throw new RubricInterchangeError("cannot-export", [
          {
            path: `criteria[${index}]`,
            message: `has no levels and allows every half point up to ${criterion.maxPoints}: too many to write as Moodle rubric levels; give it levels, or export it as a marking guide (format=moodle-guide)`,
          },
        ]);
      }
      warnings.push({
        path: `criteria[${index}]`,
        message: `has no levels: written as ${levels.length} levels, one for each whole or half point ("${pointsLabel(0, criterion.maxPoints)}" … "${pointsLabel(criterion.maxPoints, criterion.maxPoints)}"), since a Moodle grader must pick a level`,
      });
    } else if (!levels.some((level) => level.points === 0)) {
      levels = [...levels, { points: 0, description: pointsLabel(0, criterion.maxPoints) }];
      warnings.push({
        path: `criteria[${index}].levels`,
        message: `no level gives 0 points, which this service always allows (for a blank or off-topic answer): a level "${pointsLabel(0, criterion.maxPoints)}" was added, since a Moodle grader must pick a level`,
      });
    }
    return {
      "@_id": String(index + 1),
      sortorder: String(index + 1),
      description: xmlText(
        joinTitle(criterion.title, criterion.description),
        `criteria[${index}].description`,
        warnings,
      ),
      descriptionformat: "0",
      levels: {
        level: levels.map((level, levelIndex) => ({
          "@_id": String(++levelId),
          score: formatScore(level.points),
          definition: xmlText(
            level.description,
            `criteria[${index}].levels[${levelIndex}].description`,
            warnings,
          ),
          definitionformat: "0",
        })),
      },
    };
  });
  return exportDefinition(
    rubric,
    "rubric",
    defaultOptions,
    { [pluginElement]: { criteria: { criterion: criteria } } },
    warnings,
  );
}
