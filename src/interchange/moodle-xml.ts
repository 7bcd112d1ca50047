import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import type { ImportOptions, InterchangeWarning } from "../grading/rubric-interchange.js";
import { formatPath } from "../grading/errors.js";
import { showUnseen } from "../lib/code-points.js";
import { decodeFile, fileError, missingOption, quote, unknownRubricName } from "./common.js";

/**
 * Moodle's advanced grading definitions as its backups store them: `activities/<module>_<id>/grading.xml`
 * of an activity backup (.mbz). The shape comes from backup/moodle2 in moodle/moodle: the core step
 * writes `<areas><area><areaname/><activemethod/><definitions><definition>` with the definition's
 * fields (method, name, description, descriptionformat, status, copiedfromid, timecreated,
 * usercreated, timemodified, usermodified, timecopied, options), then the grading method's plugin
 * element (grade/grading/form/{rubric,guide}/backup/moodle2/backup_gradingform_*_plugin.class.php),
 * then `<instances>` (the students' filled-in forms). Moodle writes NULL as `$@NULL@$`.
 */

export type XmlNode = Record<string, unknown>;

const maxElements = 50_000;
/** Settings of a definition's options named one by one (Moodle's rubric has nine, its marking guide two). */
const maxOptionWarnings = 20;
const maxDepth = 64;
export const nullValue = "$@NULL@$";

/** Elements that may repeat: always read as lists, whether the file has one or several. */
const repeatedElements = new Set([
  "area",
  "definition",
  "criterion",
  "level",
  "guidecriterion",
  "guidecomment",
  "instance",
  "filling",
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Character references (&#233;) are read; there is no DTD (refused below), so no other entity.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: maxDepth,
  isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && repeatedElements.has(name),
});

/** Escapes text as Moodle's backups do: only what XML requires, so the options' JSON keeps its quotes. */
function escapeXmlText(value: unknown): string {
  return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  format: true,
  indentBy: "  ",
  suppressEmptyNode: false,
  processEntities: false,
  tagValueProcessor: (_name, value) => escapeXmlText(value),
  attributeValueProcessor: (_name, value) => escapeXmlText(value).replace(/"/g, "&quot;"),
});

/** Characters XML 1.0 cannot hold at all, not even escaped. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const notXmlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text for an XML element: characters XML cannot hold are removed, with a warning naming the field. */
export function xmlText(text: string, path: string, warnings: InterchangeWarning[]): string {
  const cleaned = text.replace(notXmlCharacters, "");
  if (cleaned !== text)
    warnings.push({ path, message: "holds control characters that XML cannot hold: removed" });
  return cleaned;
}

export interface ParsedXml {
  root: XmlNode;
  text: string;
}

/**
 * Reads an uploaded XML file safely: a DOCTYPE or entity declaration is refused before any parsing
 * (no external entity can be fetched and no entity can expand: XXE and "billion laughs"); the
 * element count and nesting depth are bounded; a file that is not well-formed is refused with its line.
 */
export function parseXmlFile(input: Uint8Array | string): ParsedXml {
  const text = decodeFile(input);
  const declaration = /<!\s*(DOCTYPE|ENTITY)/i.exec(text);
  if (declaration) {
    throw fileError(
      `contains a ${declaration[1]!.toUpperCase()} declaration, which is refused: Moodle's backup files have none, and DTD entities can read files or expand without end (XXE)`,
      { line: lineAt(text, declaration.index) },
    );
  }
  const elements = text.match(/<[A-Za-z_]/g)?.length ?? 0;
  if (elements > maxElements) {
    throw fileError(
      `has ${elements} elements; at most ${maxElements} are read (a grading.xml has far fewer)`,
    );
  }
  refuseInvalidCharacterReferences(text);
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    throw fileError(`is not well-formed XML (line ${line}, column ${col}: ${msg})`, { line, column: col });
  }
  let root: unknown;
  try {
    root = parser.parse(text);
  } catch (error) {
    // The parser's own limits (nesting depth) and anything the validator let through.
    throw fileError(
      `could not be read as XML (${error instanceof Error ? error.message.slice(0, 200) : "unreadable"})`,
    );
  }
  if (!isNode(root)) throw fileError("is empty: expected the <areas> element of a Moodle grading.xml");
  return { root, text };
}

/**
 * A character reference must name a character XML allows (not &#0; or a lone surrogate &#xD800;). The
 * parser would silently drop such a reference, changing the text: the file is refused instead.
 */
function refuseInvalidCharacterReferences(text: string): void {
  const reference = /&#(x[0-9a-f]+|[0-9]+);/gi;
  for (let match = reference.exec(text); match; match = reference.exec(text)) {
    const digits = match[1]!;
    const code =
      digits[0] === "x" || digits[0] === "X" ? parseInt(digits.slice(1), 16) : parseInt(digits, 10);
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!allowed) {
      throw fileError(`has the character reference ${match[0]}, which names no character XML allows`, {
        line: lineAt(text, match.index),
      });
    }
  }
}

export function buildXml(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(root)}`;
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The child elements of that name (an empty element such as `<levels></levels>` has none). */
export function children(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  const list = Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
  return list.filter(isNode);
}

/** The single child element of that name, or undefined (also when it is empty). */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** A text element's content; undefined when absent or Moodle's NULL. */
export function textOf(node: XmlNode, name: string): string | undefined {
  let value = node[name];
  if (Array.isArray(value)) value = value[0];
  if (isNode(value)) value = value["#text"] ?? "";
  if (typeof value !== "string" || value === nullValue) return undefined;
  return value;
}

export function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === "string" ? value : undefined;
}

/** Element names of a node other than its attributes and text. */
export function elementNames(node: XmlNode): string[] {
  return Object.keys(node).filter((key) => !key.startsWith("@_") && key !== "#text");
}

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1))
    line++;
  return line;
}

/** The line each `<tag id="…">` starts on, by id, and in document order for elements without an id. */
export function elementLines(text: string, tag: string): { byId: Map<string, number>; inOrder: number[] } {
  const byId = new Map<string, number>();
  const inOrder: number[] = [];
  const pattern = new RegExp(`<${tag}(?=[\\s/>])([^>]*)>`, "g");
  // Lines are counted on from the previous match, not from the start for each one: that was quadratic,
  // 2 s of the event loop for a 1 MiB file of 8,000 levels.
  let line = 1;
  let counted = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    for (
      let index = text.indexOf("\n", counted);
      index !== -1 && index < match.index;
      index = text.indexOf("\n", index + 1)
    )
      line++;
    counted = match.index;
    inOrder.push(line);
    const id = /\bid\s*=\s*["']([^"']*)["']/.exec(match[1] ?? "")?.[1];
    if (id !== undefined && !byId.has(id)) byId.set(id, line);
  }
  return { byId, inOrder };
}

export interface DefinitionChoice {
  definition: XmlNode;
  name: string | undefined;
  /** The other definitions in the file, which are not imported. */
  others: InterchangeWarning[];
}

/** The definition of the wanted method (rubric or guide); `rubricName` picks one when there are several. */
export function chooseDefinition(
  root: XmlNode,
  method: "rubric" | "guide",
  options: ImportOptions,
): DefinitionChoice {
  const rootNames = elementNames(root);
  if (!rootNames.includes("areas")) {
    throw fileError(
      `the root element is <${rootNames[0] ?? "?"}>: expected <areas>, the grading.xml of a Moodle activity backup`,
    );
  }
  const areas = child(root, "areas");
  const definitions = (areas ? children(areas, "area") : []).flatMap((area) =>
    children(area, "definitions").flatMap((list) => children(list, "definition")),
  );
  const wanted = definitions.filter((definition) => textOf(definition, "method") === method);
  const label = method === "rubric" ? "rubric" : "marking guide";
  if (wanted.length === 0) {
    const others = definitions.map(
      (definition) => `${textOf(definition, "method") ?? "?"} ${quote(textOf(definition, "name") ?? "")}`,
    );
    const hint = others.some((other) => other.startsWith(method === "rubric" ? "guide" : "rubric"))
      ? ` (use format=moodle-${method === "rubric" ? "guide" : "rubric"} for it)`
      : "";
    throw fileError(
      `has no ${label} definition${others.length > 0 ? `; it has ${others.join(", ")}${hint}` : ""}`,
    );
  }
  if (options.rubricName !== undefined) {
    // Composed and decomposed accents ("é" and "e\u0301") look the same: they name the same rubric.
    const wantedName = options.rubricName.normalize("NFC");
    const named = wanted.find((definition) => textOf(definition, "name")?.normalize("NFC") === wantedName);
    if (!named) {
      throw unknownRubricName(
        `no ${label} ${quote(options.rubricName)} in the file; it has ${wanted.map((definition) => quote(textOf(definition, "name") ?? "")).join(", ")}`,
      );
    }
    return {
      definition: named,
      name: textOf(named, "name") ?? options.rubricName,
      others: otherDefinitions(definitions, named),
    };
  }
  if (wanted.length > 1) {
    throw missingOption(
      "rubricName",
      `the file holds ${wanted.length} ${label}s (${wanted.map((definition) => quote(textOf(definition, "name") ?? "")).join(", ")}): say which one to import`,
    );
  }
  const definition = wanted[0]!;
  return { definition, name: textOf(definition, "name"), others: otherDefinitions(definitions, definition) };
}

function otherDefinitions(definitions: XmlNode[], chosen: XmlNode): InterchangeWarning[] {
  return definitions
    .filter((definition) => definition !== chosen)
    .map((definition) => ({
      path: `definition[id=${attribute(definition, "id") ?? "?"}]`,
      message: `the file also holds the ${textOf(definition, "method") ?? "?"} ${quote(textOf(definition, "name") ?? "")}: not imported (import it on its own${["rubric", "guide"].includes(textOf(definition, "method") ?? "") ? `, with format=moodle-${textOf(definition, "method")} and rubricName` : ""})`,
    }));
}

const definitionMetadata = [
  "status",
  "copiedfromid",
  "timecreated",
  "usercreated",
  "timemodified",
  "usermodified",
  "timecopied",
];
const definitionFields = new Set([
  "method",
  "name",
  "description",
  "descriptionformat",
  "options",
  "instances",
  ...definitionMetadata,
]);

/**
 * Warnings for what a definition carries beside its criteria: its description, its options (display
 * settings), backup metadata, the students' filled-in forms, and any element this reader does not know.
 */
export function definitionWarnings(
  definition: XmlNode,
  pluginElement: string,
  optionMeanings: Record<string, string>,
): InterchangeWarning[] {
  const warnings: InterchangeWarning[] = [];
  const description = textOf(definition, "description") ?? "";
  if (description.replace(/<[^>]*>/g, "").trim() !== "") {
    warnings.push({
      path: "definition.description",
      message: `${quote(description)}: Moodle shows it with the form; this service has no rubric description: not imported`,
    });
  }
  const optionsText = textOf(definition, "options");
  if (optionsText !== undefined && optionsText.trim() !== "") {
    let options: unknown;
    try {
      options = JSON.parse(optionsText);
    } catch {
      options = undefined;
    }
    if (!isNode(options)) {
      warnings.push({ path: "definition.options", message: "is not a JSON object: not imported" });
    } else {
      const entries = Object.entries(options);
      for (const [key, value] of entries.slice(0, maxOptionWarnings)) {
        const meaning = optionMeanings[key] ?? "an option this reader does not know";
        // The key is named as every other path names one (`["a.b"]`), and the value quoted, bounded, with
        // what a reader cannot see escaped: both come from the file.
        const shown = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
        warnings.push({
          path: formatPath(["definition", "options", key.length > 64 ? `${key.slice(0, 64)}…` : key]),
          message: `${typeof value === "string" ? quote(shown) : showUnseen(shown.length > 60 ? `${shown.slice(0, 60)}…` : shown)} (${meaning}): a Moodle display or grade setting with no equivalent here: not imported`,
        });
      }
      if (entries.length > maxOptionWarnings) {
        // One warning each for 95,000 keys made a 15 MB answer to a 1 MB file.
        warnings.push({
          path: "definition.options",
          message: `has ${entries.length - maxOptionWarnings} more settings (${entries.length} in all; Moodle writes about ten): not imported`,
        });
      }
    }
  }
  const metadata = definitionMetadata.filter((name) => textOf(definition, name) !== undefined);
  if (metadata.length > 0) {
    warnings.push({
      path: "definition",
      message: `backup metadata (${metadata.join(", ")}) has no equivalent: not imported`,
    });
  }
  const instances = children(definition, "instances").flatMap((list) => children(list, "instance"));
  if (instances.length > 0) {
    warnings.push({
      path: "definition.instances",
      message: `${instances.length} filled-in form${instances.length === 1 ? "" : "s"} (students' grades) in the backup: grades are not imported`,
    });
  }
  for (const name of elementNames(definition)) {
    if (!definitionFields.has(name) && name !== pluginElement) {
      warnings.push({
        path: `definition.${name}`,
        message: "is an element this reader does not know: not imported",
      });
    }
  }
  return warnings;
}

/** A warning for an element of a criterion or level that this reader does not know. */
export function unknownElementWarnings(
  node: XmlNode,
  known: readonly string[],
  path: string,
): InterchangeWarning[] {
  return elementNames(node)
    .filter((name) => !known.includes(name))
    .map((name) => ({
      path: `${path}.${name}`,
      message: "is an element this reader does not know: not imported",
    }));
}

/** Moodle text formats: 0 Moodle auto-format, 1 HTML, 2 plain, 4 Markdown. HTML is kept as written. */
export function htmlWarning(
  format: string | undefined,
  text: string,
  path: string,
): InterchangeWarning | undefined {
  if (format?.trim() !== "1" || !/<[a-z][^>]*>/i.test(text)) return undefined;
  return { path, message: "is HTML (format 1) in Moodle: imported as written, tags included" };
}

/** The definition element our export writes: Moodle's fields with neutral values, then the method's data. */
export function definitionElement(
  method: "rubric" | "guide",
  name: string,
  options: Record<string, string>,
  plugin: XmlNode,
): XmlNode {
  return {
    areas: {
      area: {
        "@_id": "1",
        areaname: "submissions",
        activemethod: method,
        definitions: {
          definition: {
            "@_id": "1",
            method,
            name,
            description: "",
            descriptionformat: "1",
            status: "20",
            copiedfromid: nullValue,
            timecreated: "0",
            usercreated: "0",
            timemodified: "0",
            usermodified: "0",
            timecopied: "0",
            options: JSON.stringify(options),
            ...plugin,
            instances: "",
          },
        },
      },
    },
  };
}

/** Scores as Moodle's backups write them (NUMBER(10,5)): 2.00000. */
export function formatScore(points: number): string {
  return points.toFixed(5);
}
