import { describe, expect, it } from "vitest";
import { findDuplicateKey, findJsonSyntaxError } from "../../../src/lib/json-syntax.js";

describe("findJsonSyntaxError", () => {
  it.each([
    ["an object", '{"a": [1, -2.5e+3, true, false, null, "x\\n\\u00e9\\"", {}], "b": {"c": []}}'],
    ["a bare value", ' "text" '],
    ["a number", "0"],
    ["10,000-deep nesting", `${"[".repeat(10_000)}${"]".repeat(10_000)}`],
    ["non-ASCII text and a lone surrogate escape", '{"answer": "Fotosynthese 🌱 \\ud800"}'],
  ])("finds nothing wrong with %s", (_name, text) => {
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    [
      "a missing value",
      '{"id": "x",\n "title": }',
      { line: 2, column: 11, reason: "expected a value, found '}'" },
    ],
    [
      "a trailing comma",
      '{"a": 1,\n}',
      { line: 2, column: 1, reason: "expected a property name in double quotes, found '}'" },
    ],
    [
      "single quotes",
      "{'a': 1}",
      { line: 1, column: 2, reason: "expected a property name in double quotes, found '''" },
    ],
    [
      "a missing comma",
      '{"a": 1\n  "b": 2}',
      { line: 2, column: 3, reason: "expected ',' or '}', found '\"'" },
    ],
    [
      "a missing colon",
      '{"a" 1}',
      { line: 1, column: 6, reason: "expected ':' after the property name, found '1'" },
    ],
    ["an unclosed string", '{"a": "text}', { line: 1, column: 7, reason: "a string is not closed" }],
    ["an unclosed object", '{"a": 1', { line: 1, column: 8, reason: "the text ends too early" }],
    ["a bad escape", '["\\x41"]', { line: 1, column: 3, reason: "invalid escape in a string" }],
    [
      "a short \\u escape",
      '["\\u12"]',
      { line: 1, column: 3, reason: "a \\u escape needs four hexadecimal digits" },
    ],
    [
      "a raw tab in a string",
      '["a\tb"]',
      { line: 1, column: 4, reason: "U+0009 inside a string (write it as an escape)" },
    ],
    [
      "data after the value",
      '{"a": 1} {"b": 2}',
      { line: 1, column: 10, reason: "'{' after the end of the JSON value" },
    ],
    ["a byte order mark", '\uFEFF{"a": 1}', { line: 1, column: 1, reason: "expected a value, found U+FEFF" }],
    ["an empty text", "   ", { line: 1, column: 4, reason: "the text ends too early" }],
    ["a leading zero", "[01]", { line: 1, column: 3, reason: "expected ',' or ']', found '1'" }],
    ["columns in characters", '{"🌱": x}', { line: 1, column: 7, reason: "expected a value, found 'x'" }],
  ])("locates %s", (_name, text, expected) => {
    expect(findJsonSyntaxError(text)).toMatchObject(expected);
  });

  it("agrees with JSON.parse on thousands of mutated documents", () => {
    const base =
      '{"id": "photo-1", "criteria": [{"maxPoints": 2.5, "ok": true, "notes": null, "q": "a\\"b"}], "e": {}}';
    const alphabet = [
      '"',
      "{",
      "}",
      "[",
      "]",
      ",",
      ":",
      " ",
      "\\",
      "1",
      "-",
      ".",
      "e",
      "t",
      "n",
      "\n",
      "\u0001",
    ];
    let seed = 42;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    for (let round = 0; round < 5_000; round++) {
      let text = base;
      for (let edit = 0; edit <= random(3); edit++) {
        const at = random(text.length + 1);
        const operation = random(3);
        const char = alphabet[random(alphabet.length)]!;
        if (operation === 0) text = text.slice(0, at) + char + text.slice(at);
        else if (operation === 1) text = text.slice(0, at) + text.slice(at + 1);
        else text = text.slice(0, at) + char + text.slice(at + 1);
      }
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      expect({ text, valid: findJsonSyntaxError(text) === undefined }).toEqual({ text, valid: parses });
    }
  });
});

describe("findDuplicateKey", () => {
  it.each([
    ['{"answer": "first", "answer": "second"}', "answer"],
    ['{"a": 1, "\\u0061": 2}', "a"],
    [
      '{"answers": [{"answer": "x"}, {"answer": "y", "studentId": "s", "studentId": "t"}]}',
      "answers.1.studentId",
    ],
    ['{"outer": {"k": 1, "k": 2}}', "outer.k"],
    ['[{"x": 1}, [1, 2], {"y": {"z": 1, "z": 2}}]', "2.y.z"],
  ])("finds the repeated key of %s", (text, path) => {
    expect(findDuplicateKey(text)).toBe(path);
  });

  it.each([
    '{"answer": "say \\"answer\\": twice", "studentId": "answer"}',
    '{"a": {"b": 1}, "b": {"a": 1}}',
    '[{"answer": 1}, {"answer": 2}]',
    '{"a\\\\": 1, "a": 2}',
    '"just a string with \\" and {"',
    "[]",
  ])("finds nothing in %s", (text) => {
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    expect(findDuplicateKey(text)).toBeUndefined();
  });
});
