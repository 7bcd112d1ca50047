import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { validatorCompiler, type ValidationIssue } from "../../../src/http/validator-compiler.js";

const compile = (schema: z.ZodType) =>
  validatorCompiler({ schema, method: "POST", url: "/x", httpPart: "body" }) as (data: unknown) => {
    value?: unknown;
    error?: unknown;
  };

describe("validatorCompiler", () => {
  it("reads a refused input once: a body of many wrong items costs one parse, not two", () => {
    // Regression: the library's validator parsed the input, then this compiler parsed a refused input
    // again for zod's paths, which doubled the event loop's time on a body of many wrong items.
    let checks = 0;
    const schema = z.object({
      answers: z.array(
        z.string().refine(() => {
          checks++;
          return false;
        }, "is refused"),
      ),
    });
    const result = compile(schema)({ answers: ["a", "b", "c"] });
    expect(checks).toBe(3);
    const problems = result.error as ValidationIssue[];
    expect(problems.map((problem) => problem.message)).toEqual(["is refused", "is refused", "is refused"]);
  });

  it("gives each problem zod's path and an escaped pointer, in the library's form", () => {
    const schema = z.object({ assignments: z.record(z.string(), z.object({ rubricId: z.string() })) });
    const result = compile(schema)({ assignments: { "a/b~c": { rubricId: 1 } } });
    const problems = result.error as ValidationIssue[];
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      keyword: "invalid_type",
      instancePath: "/assignments/a~1b~0c/rubricId",
      path: ["assignments", "a/b~c", "rubricId"],
    });
    expect(hasZodFastifySchemaValidationErrors({ validation: problems })).toBe(true);
    expect(compile(schema)({ assignments: { x: { rubricId: "r" } } })).toEqual({
      value: { assignments: { x: { rubricId: "r" } } },
    });
  });
});
