import type { z } from "zod";
import { quoteShown } from "../lib/code-points.js";
import { contentVersion } from "../lib/hashing.js";
import { DocumentSyntaxError, parseYamlDocument, type ParsedDocument } from "../lib/yaml-document.js";
import { formatPath, maxListedProblems, type Problem } from "./errors.js";
import { rubricDocumentSchema, type Rubric } from "./rubric.js";

export type RubricValidation =
  | { ok: true; rubric: Rubric }
  | {
      ok: false;
      problems: Problem[];
      /** Problems found beyond the first `maxListedProblems`, which are not listed. */
      unlisted?: number;
    };

/**
 * Validates an already-parsed rubric value (JSON body or parsed file) and computes its version.
 * Returns every problem at once (the first `maxListedProblems`, and how many more), each with its path
 * and, when `locate` can find it, its source line.
 */
export function validateRubricDocument(value: unknown, locate?: ParsedDocument["locate"]): RubricValidation {
  // zod drops a `__proto__` key where it would copy it (records, loose objects) instead of refusing it.
  const protoPath = pathOfProtoKey(value);
  if (protoPath) {
    const location = locate?.(protoPath, { key: true });
    return {
      ok: false,
      problems: [
        {
          path: formatPath(protoPath),
          message: 'unknown field "__proto__"',
          ...(location ? { line: location.line, column: location.column } : {}),
        },
      ],
    };
  }
  // reportInput tells a missing field (input undefined) from a wrong-typed one.
  const result = rubricDocumentSchema.safeParse(value, { reportInput: true });
  if (!result.success) {
    const { issues } = result.error;
    const problems = issues.slice(0, maxListedProblems).map((issue) => toProblem(issue, locate));
    return issues.length > maxListedProblems
      ? { ok: false, problems, unlisted: issues.length - maxListedProblems }
      : { ok: false, problems };
  }
  const document = result.data;
  return { ok: true, rubric: { ...document, version: contentVersion(document) } };
}

/**
 * Parses rubric file text. YAML and JSON both go through the YAML 1.2 parser (JSON is a subset), so
 * both get line numbers, alias limits and the nesting guard. Never throws for bad input.
 */
export function parseRubricText(text: string): RubricValidation {
  let parsed: ParsedDocument;
  try {
    // YAML 1.2 counts a CR alone as a line break (and reads every break in a scalar as LF), but the parser
    // takes only LF and CRLF: a file saved with CR line ends was one line, answered with 7 "Nested mappings
    // are not allowed in compact mappings" on line 1. One character for one keeps every offset and column.
    parsed = parseYamlDocument(text.replace(/\r(?!\n)/g, "\n"));
  } catch (error) {
    if (error instanceof DocumentSyntaxError) {
      // Bounded as the schema's problems are: 4,900 repeated keys (a 24 KB body) answered 347 KB.
      const problems = error.problems.slice(0, maxListedProblems).map((problem) => ({
        path: "",
        message: problem.message,
        ...(problem.line !== undefined ? { line: problem.line } : {}),
        ...(problem.column !== undefined ? { column: problem.column } : {}),
      }));
      const unlisted = error.problems.length - problems.length;
      return unlisted > 0 ? { ok: false, problems, unlisted } : { ok: false, problems };
    }
    throw error;
  }
  if (parsed.value === null && /^\s*#/.test(text) && !/[\r\n]/.test(text.trim())) {
    // A whole file on one line behind a `#` is one comment: its line breaks were stripped on the way,
    // as `curl -d @file` does (the examples start with a comment), and "the document is empty" was all
    // a teacher was told about a 4 KB upload.
    return {
      ok: false,
      problems: [
        {
          path: "",
          message:
            "the document is empty: it is one line starting with `#`, so all of it is a comment. Were its line breaks stripped? `curl -d` strips them: send the file with `--data-binary @file`",
          line: 1,
          column: 1,
        },
      ],
    };
  }
  return validateRubricDocument(parsed.value, parsed.locate);
}

/** Keys named in a problem: no rubric key is longer than 64 characters. */
const maxShownKeyChars = 64;
/** Unknown keys of one object named in its problem. */
const maxShownUnknownKeys = 10;

/** A key as a problem shows it: cut to `maxShownKeyChars`, marked with "…" when cut. */
const shownKey = (key: string): string =>
  key.length > maxShownKeyChars ? `${key.slice(0, maxShownKeyChars)}…` : key;

function toProblem(issue: z.core.$ZodIssue, locate?: ParsedDocument["locate"]): Problem {
  const path = issue.path;
  let message = issue.message;
  if (issue.code === "unrecognized_keys") {
    // Bounded: a key of a megabyte, or thousands of keys in one object, were each quoted whole, and the
    // answer to a 1 MB upload was several times its size.
    const shown = issue.keys.slice(0, maxShownUnknownKeys).map((key) => quoteShown(shownKey(key)));
    const more = issue.keys.length - shown.length;
    message = `unknown field${issue.keys.length > 1 ? "s" : ""} ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
  } else if (
    (issue.code === "invalid_type" || issue.code === "invalid_value" || issue.code === "invalid_union") &&
    issue.input === undefined
  ) {
    // Any type's missing field, an enum's too (its own words name the values as if a wrong one was sent).
    message = "is required";
  } else if (issue.code === "invalid_type" && path.length === 0) {
    message =
      issue.input === null
        ? "the document is empty"
        : "the rubric must be a mapping of fields (id, title, question, criteria, ...)";
  }
  const location =
    issue.code === "unrecognized_keys" ? locate?.([...path, issue.keys[0]!], { key: true }) : locate?.(path);
  return {
    path: formatPath(path.map((segment) => (typeof segment === "string" ? shownKey(segment) : segment))),
    message,
    ...(location ? { line: location.line, column: location.column } : {}),
  };
}

/** The path of the first own `__proto__` key in a parsed document (YAML and JSON parsers make them), if any. */
function pathOfProtoKey(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = pathOfProtoKey(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (Object.hasOwn(value, "__proto__")) return [...path, "__proto__"];
  for (const [key, child] of Object.entries(value)) {
    const found = pathOfProtoKey(child, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
