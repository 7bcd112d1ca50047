import type {
  ExportResult,
  ImportOptions,
  ImportResult,
  InterchangeWarning,
} from "../grading/rubric-interchange.js";
import type { RubricDocument } from "../grading/rubric.js";
import { criterionIds, requireOptions, rubricHeader } from "./common.js";
import {
  attribute,
  buildXml,
  chooseDefinition,
  definitionElement,
  definitionWarnings,
  elementLines,
  parseXmlFile,
  textOf,
  xmlText,
  type XmlNode,
} from "./moodle-xml.js";

/**
 * What a Moodle rubric and a Moodle marking guide share around their own criteria: choosing the
 * definition in the backup, the rubric's header fields, Moodle's criterion order, the line each
 * criterion came from, and the file written back. Each method only reads and writes its criteria.
 */

export type MoodleMethod = "rubric" | "guide";

export interface MoodleFormat {
  method: MoodleMethod;
  /** How messages name the format, e.g. "a Moodle rubric". */
  formatName: string;
  pluginElement: string;
  optionMeanings: Record<string, string>;
}

export interface OpenedDefinition {
  definition: XmlNode;
  name: string | undefined;
  /** The file's text, for finding the line an element stands on. */
  text: string;
  warnings: InterchangeWarning[];
  fields: ReturnType<typeof rubricHeader>;
}

export function openDefinition(
  input: Uint8Array | string,
  options: ImportOptions,
  format: MoodleFormat,
): OpenedDefinition {
  requireOptions(options, format.formatName);
  const { root, text } = parseXmlFile(input);
  const { definition, name, others } = chooseDefinition(root, format.method, options);
  const warnings = [
    ...others,
    ...definitionWarnings(definition, format.pluginElement, format.optionMeanings),
  ];
  const fields = rubricHeader(options, name, format.formatName);
  return { definition, name, text, warnings, fields };
}

/**
 * Reads the criteria in Moodle's order (by sortorder, not by their place in the file), gives them
 * ids from their titles, and locates each criterion of the document at its element's line.
 */
export function importCriteria<Draft extends { title: string }>(
  opened: Pick<OpenedDefinition, "text" | "warnings" | "fields">,
  criteria: XmlNode[],
  criterionElement: string,
  read: (criterion: XmlNode, path: string, line: number | undefined) => Draft,
): ImportResult {
  const criterionLines = elementLines(opened.text, criterionElement);
  const ordered = criteria
    .map((criterion, index) => ({ criterion, index, order: Number(textOf(criterion, "sortorder") ?? index) }))
    .sort((a, b) => (a.order === b.order ? a.index - b.index : a.order - b.order));
  const lines: (number | undefined)[] = [];
  const drafts = ordered.map(({ criterion, index }) => {
    const id = attribute(criterion, "id");
    const path = `${criterionElement}[id=${id ?? index + 1}]`;
    const line =
      (id !== undefined ? criterionLines.byId.get(id) : undefined) ?? criterionLines.inOrder[index];
    lines.push(line);
    return read(criterion, path, line);
  });
  const ids = criterionIds(drafts.map((draft) => draft.title));
  return {
    document: { ...opened.fields, criteria: drafts.map((draft, index) => ({ id: ids[index], ...draft })) },
    warnings: opened.warnings,
    locate: (path) => {
      const line = path[0] === "criteria" && typeof path[1] === "number" ? lines[path[1]] : undefined;
      return line === undefined ? undefined : { line, column: 1 };
    },
  };
}

/** Writes the definition around criteria already converted (their warnings already in `warnings`). */
export function exportDefinition(
  rubric: RubricDocument,
  method: MoodleMethod,
  defaultOptions: Record<string, string>,
  plugin: XmlNode,
  warnings: InterchangeWarning[],
): ExportResult {
  const body = buildXml(
    definitionElement(method, xmlText(rubric.title, "title", warnings), defaultOptions, plugin),
  );
  return {
    body,
    mediaType: "application/xml; charset=utf-8",
    filename: `${rubric.id}.moodle-${method}.xml`,
    warnings,
  };
}
