import { readFileSync } from "node:fs";
import { expect } from "vitest";
import {
  RubricInterchangeError,
  type ImportOptions,
  type InterchangeFormat,
} from "../../src/grading/rubric-interchange.js";
import { validateRubricDocument } from "../../src/grading/rubric-loading.js";
import type { Rubric } from "../../src/grading/rubric.js";
import { createRubricInterchange } from "../../src/interchange/index.js";

export const interchange = createRubricInterchange();

const fixturesDirectory = new URL("../fixtures/rubric-interchange/", import.meta.url);

/** The bytes of a file under tests/fixtures/rubric-interchange/ (see its README for the sources). */
export function interchangeFixture(path: string): Buffer {
  return readFileSync(new URL(path, fixturesDirectory));
}

export const requiredOptions = { id: "imported-rubric", question: "What do you know about it?" };

/** Imports and validates; fails the test with the problems when the result is not a valid rubric. */
export function importValid(
  format: InterchangeFormat,
  input: Uint8Array | string,
  options: ImportOptions = {},
): { rubric: Rubric; warnings: { path: string; message: string }[] } {
  const result = interchange.importRubric(format, input, { ...requiredOptions, ...options });
  const validation = validateRubricDocument(result.document, result.locate);
  if (!validation.ok) throw new Error(JSON.stringify(validation.problems, null, 2));
  return { rubric: validation.rubric, warnings: result.warnings };
}

/** The error a conversion throws, for assertions on its kind and problems. */
export function conversionError(run: () => unknown): RubricInterchangeError {
  try {
    run();
  } catch (error) {
    if (RubricInterchangeError.isInstance(error)) return error;
    throw error;
  }
  expect.fail("expected the conversion to fail");
}

/** Criteria without their ids: what survives a trip through a format that has no criterion ids. */
export function criteriaWithoutIds(rubric: Pick<Rubric, "criteria">) {
  return rubric.criteria.map(({ id: _id, ...criterion }) => criterion);
}
