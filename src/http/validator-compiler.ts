import type { FastifySchemaCompiler } from "fastify";
import { validatorCompiler as zodValidatorCompiler } from "fastify-type-provider-zod";
import { safeParse, type $ZodType } from "zod/v4/core";

/** One problem as fastify-type-provider-zod reports it, with the place as zod gave it. */
export interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: unknown;
  /** The place as a list of keys and indexes: a key holding "/" or "~" is one key, "0" a key, 0 an index. */
  path?: readonly PropertyKey[];
}

/**
 * fastify-type-provider-zod's validator, with each problem carrying zod's own path. The library writes
 * the place as `/` + the keys joined by "/", unescaped, so a record key `a/b` read back as two keys
 * (`body.assignments.a.b`) and a key "0" as an index. The problems keep the library's form (the error
 * handler recognises them by it); only a refused input pays for the second parse that finds the paths.
 */
export const validatorCompiler: FastifySchemaCompiler<$ZodType> = (route) => {
  const validate = zodValidatorCompiler(route);
  return (data) => {
    const result = validate(data);
    if (typeof result !== "object" || !("error" in result) || !Array.isArray(result.error)) return result;
    const issues = safeParse(route.schema, data).error?.issues ?? [];
    const problems = result.error as unknown as ValidationIssue[];
    if (issues.length !== problems.length) return result;
    problems.forEach((problem, index) => {
      const path = issues[index]!.path;
      problem.path = path;
      // An RFC 6901 pointer, for anyone who reads it: "~" as "~0", "/" as "~1".
      problem.instancePath = path
        .map((segment) => `/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`)
        .join("");
    });
    return result;
  };
};
