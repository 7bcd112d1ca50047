import { z } from "zod";
import { errorCatalog, type ErrorCode } from "../grading/errors.js";

/** Response schemas shared by routes; they also feed the OpenAPI document at /docs. */

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .describe(
    "Every error: a stable code from the catalog (docs/api.md), a message, and details for bad input.",
  );

export const problemListSchema = z.array(
  z.object({
    path: z.string(),
    message: z.string(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
  }),
);

/** Responses every /v1 route may give besides its own. */
export const commonErrorResponses = {
  400: errorBodySchema,
  401: errorBodySchema,
  413: errorBodySchema,
  415: errorBodySchema,
  500: errorBodySchema,
};
