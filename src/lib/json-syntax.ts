import { codePointName } from "./code-points.js";

/** Where a JSON text first breaks the grammar (RFC 8259), and why, in words for the person who wrote it. */
export interface JsonSyntaxProblem {
  /** Offset in UTF-16 code units. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in characters (code points) from the start of the line. */
  column: number;
  reason: string;
}

type Expected = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "comma-or-close" | "end";

const whitespace = new Set([" ", "\t", "\n", "\r"]);
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const escapes = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const hexDigits = /^[0-9a-fA-F]{4}$/;
const visible = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/**
 * Finds the first syntax error of a JSON text, or returns undefined when it is valid JSON.
 * JSON.parse says where only in some Node versions and wording, and quotes the text (a student's
 * answer) in others; this scan gives the same line, column and reason everywhere. Iterative, so
 * any nesting depth is fine; linear in the text's length.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  const containers: ("{" | "[")[] = [];
  let expected: Expected = "value";
  let index = 0;
  const fail = (reason: string, at = index) => locate(text, at, reason);
  const afterValue = (): Expected => (containers.length > 0 ? "comma-or-close" : "end");

  for (;;) {
    while (index < text.length && whitespace.has(text[index]!)) index++;
    if (index >= text.length) return expected === "end" ? undefined : fail("the text ends too early");
    const char = text[index]!;
    switch (expected) {
      case "end":
        return fail(`${describe(text, index)} after the end of the JSON value`);
      case "colon":
        if (char !== ":") return fail(`expected ':' after the property name, found ${describe(text, index)}`);
        index++;
        expected = "value";
        continue;
      case "comma-or-close": {
        const closer = containers.at(-1) === "{" ? "}" : "]";
        if (char === ",") {
          index++;
          expected = closer === "}" ? "key" : "value";
        } else if (char === closer) {
          index++;
          containers.pop();
          expected = afterValue();
        } else {
          return fail(`expected ',' or '${closer}', found ${describe(text, index)}`);
        }
        continue;
      }
      case "key":
      case "key-or-close": {
        if (char === "}" && expected === "key-or-close") {
          index++;
          containers.pop();
          expected = afterValue();
          continue;
        }
        if (char !== '"') {
          return fail(`expected a property name in double quotes, found ${describe(text, index)}`);
        }
        const end = scanString(text, index);
        if (typeof end !== "number") return end;
        index = end;
        expected = "colon";
        continue;
      }
      case "value":
      case "value-or-close": {
        if (char === "]" && expected === "value-or-close") {
          index++;
          containers.pop();
          expected = afterValue();
          continue;
        }
        if (char === "{" || char === "[") {
          containers.push(char);
          index++;
          expected = char === "{" ? "key-or-close" : "value-or-close";
          continue;
        }
        if (char === '"') {
          const end = scanString(text, index);
          if (typeof end !== "number") return end;
          index = end;
        } else {
          const literal = ["true", "false", "null"].find((word) => text.startsWith(word, index));
          numberPattern.lastIndex = index;
          const number = literal ? undefined : numberPattern.exec(text);
          if (literal) index += literal.length;
          else if (number) index += number[0].length;
          else return fail(`expected a value, found ${describe(text, index)}`);
        }
        expected = afterValue();
        continue;
      }
    }
  }
}

/** The offset after the string that starts at `start` (a `"`), or the problem inside it. */
function scanString(text: string, start: number): number | JsonSyntaxProblem {
  for (let index = start + 1; index < text.length; index++) {
    const char = text[index]!;
    if (char === '"') return index + 1;
    if (char === "\\") {
      const escaped = text[index + 1];
      if (escaped === "u") {
        if (!hexDigits.test(text.slice(index + 2, index + 6))) {
          return locate(text, index, "a \\u escape needs four hexadecimal digits");
        }
        index += 5;
      } else if (escaped !== undefined && escapes.has(escaped)) {
        index++;
      } else {
        return locate(text, index, "invalid escape in a string");
      }
    } else if (char < " ") {
      return locate(text, index, `${describe(text, index)} inside a string (write it as an escape)`);
    }
  }
  return locate(text, start, "a string is not closed");
}

function describe(text: string, index: number): string {
  const codePoint = text.codePointAt(index)!;
  const char = String.fromCodePoint(codePoint);
  // Spaces, controls and invisible characters (a byte order mark) are named by code point.
  return visible.test(char) ? `'${char}'` : codePointName(char);
}

function locate(text: string, offset: number, reason: string): JsonSyntaxProblem {
  let line = 1;
  let lineStart = 0;
  for (
    let index = text.indexOf("\n");
    index !== -1 && index < offset;
    index = text.indexOf("\n", index + 1)
  ) {
    line++;
    lineStart = index + 1;
  }
  const column = Array.from(text.slice(lineStart, offset)).length + 1;
  return { offset, line, column, reason };
}

/**
 * The path of the first key that a JSON object repeats (`answer`, `answers.2.studentId`), or undefined.
 * JSON.parse keeps the last of two equal keys silently, so a proxy or an LMS that reads the first would
 * see a different request from the one this service acts on. For a text that is valid JSON (parse it
 * first); linear, and strings are skipped with `indexOf`, so a long answer costs little.
 */
export function findDuplicateKey(text: string): string | undefined {
  return findDuplicateKeyPath(text)?.join(".");
}

/**
 * The same, as the keys and item indexes that lead to the repeated key (`["answers", 2, "studentId"]`),
 * so that a key holding "." or only digits stays one key where the path is written out.
 */
export function findDuplicateKeyPath(text: string): (string | number)[] | undefined {
  // One frame per open container: the keys seen (objects) or the index of the current item (arrays).
  const frames: { keys: Set<string> | null; item: number; key: string }[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"') {
      const end = stringEnd(text, index);
      const frame = frames.at(-1);
      let after = end + 1;
      while (after < text.length && whitespace.has(text[after]!)) after++;
      if (frame?.keys && text[after] === ":") {
        const raw = text.slice(index + 1, end);
        const key = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (frame.keys.has(key)) return pathOf(frames, key);
        frame.keys.add(key);
        frame.key = key;
      }
      index = end + 1;
    } else if (char === "{" || char === "[") {
      frames.push({ keys: char === "{" ? new Set() : null, item: 0, key: "" });
      index++;
    } else if (char === "}" || char === "]") {
      frames.pop();
      index++;
    } else {
      if (char === ",") {
        const frame = frames.at(-1);
        if (frame && !frame.keys) frame.item++;
      }
      index++;
    }
  }
  return undefined;
}

/** The index of the quote that closes the string opened at `start`. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text[end - 1 - backslashes] === "\\") backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

function pathOf(
  frames: readonly { keys: Set<string> | null; item: number; key: string }[],
  key: string,
): (string | number)[] {
  // Each container is named by its parent: an object by the key it was given, an array by the item.
  const parts: (string | number)[] = [];
  for (let level = 0; level < frames.length - 1; level++) {
    const frame = frames[level]!;
    parts.push(frame.keys ? frame.key : frame.item);
  }
  return [...parts, key];
}
