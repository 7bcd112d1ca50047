import { errorCatalog } from "../../src/grading/errors.js";

/**
 * Odd input for the tests that send it to every route, inbound event, rubric field and answer file: the
 * values a buggy client, an old LMS, a spreadsheet or an attacker sends, and the check that each is
 * answered as a client can use it.
 */

/** Strings: odd Unicode (lone surrogates, NUL, bidi and invisible characters, a BOM, fullwidth and Eastern
 * Arabic digits), placeholders, numbers and JSON as text, injection-shaped text, very long text. */
export const oddStrings: readonly string[] = [
  "",
  " ",
  "\u0000",
  "\ud800",
  "a\udc00b",
  "\u202eevil",
  "\u200b",
  "\ufeff1",
  "😀".repeat(300),
  "x".repeat(70_000),
  "../../etc/passwd",
  "__proto__",
  "constructor",
  "{answer}",
  "1e309",
  "-1",
  "0",
  "NaN",
  "9007199254740993",
  "null",
  "[]",
  "{}",
  "' OR 1=1 --",
  "\r\nX-Injected: yes",
  "٣٤",
  "１２",
  "İ",
  "a,b",
  "*",
  "\\",
];

/** Any JSON value: the strings above, and wrong types, huge and tiny numbers, nesting, `__proto__`. */
export const oddValues: readonly unknown[] = [
  ...oddStrings,
  null,
  true,
  0,
  -1,
  0.1,
  1.5,
  1e308,
  2 ** 53 + 1,
  [],
  {},
  [[[[[]]]]],
  JSON.parse('{"__proto__": {"polluted": true}}'),
];

/**
 * Every copy of `value` with one field, at any depth up to `maxDepth` (0: the top level only), replaced by
 * one of `replacements`, with the field's path (`criteria.0.title`).
 */
export function* withOneFieldReplaced(
  value: unknown,
  maxDepth: number,
  replacements: readonly unknown[] = oddValues,
): Generator<[path: string, changed: unknown]> {
  if (value === null || typeof value !== "object" || maxDepth < 0) return;
  const replaced = (key: string, inner: unknown) =>
    Array.isArray(value)
      ? value.map((item, index) => (String(index) === key ? inner : item))
      : { ...value, [key]: inner };
  for (const [key, inner] of Object.entries(value)) {
    for (const odd of replacements) yield [key, replaced(key, odd)];
    for (const [path, changed] of withOneFieldReplaced(inner, maxDepth - 1, replacements)) {
      yield [`${key}.${path}`, replaced(key, changed)];
    }
  }
}

interface Answered {
  statusCode: number;
  body: string;
  json: () => unknown;
}

/**
 * Collects what a client could not use: a 5xx (other than 503, which says to come back) or an error without
 * a JSON body holding a catalog code and a message. `problems` lists them, each with `where`.
 */
export function answerChecker() {
  const problems: string[] = [];
  let checked = 0;
  return {
    problems,
    get checked() {
      return checked;
    },
    check(where: string, response: Answered): void {
      checked++;
      if (response.statusCode >= 500 && response.statusCode !== 503) {
        problems.push(`${response.statusCode} for ${where}: ${response.body.slice(0, 200)}`);
        return;
      }
      if (response.statusCode < 400) return;
      let body: { error?: { code?: string; message?: string } };
      try {
        body = response.json() as typeof body;
      } catch {
        problems.push(
          `${response.statusCode} without a JSON body for ${where}: ${response.body.slice(0, 100)}`,
        );
        return;
      }
      const code = body.error?.code;
      if (!code || !(code in errorCatalog) || !body.error?.message) {
        problems.push(
          `${response.statusCode} without a catalog error for ${where}: ${response.body.slice(0, 200)}`,
        );
      }
    },
  };
}
