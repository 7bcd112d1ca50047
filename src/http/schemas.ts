import { z } from "zod";
import { withoutSurroundingSpace } from "../grading/client-ids.js";
import { errorCatalog, type ErrorCode } from "../grading/errors.js";
import { rubricVersionPattern, slugPattern } from "../grading/rubric.js";

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

/**
 * Ids a client gives (`studentId`, `submissionId`): the rule lives with the core, which reads LMS events too.
 * In a body or a query string `sentClientIdSchema` (no white space at either end); in a path `clientIdSchema`.
 */
export { clientIdSchema, sentClientIdSchema } from "../grading/client-ids.js";

/**
 * A rubric id a body or a CSV upload's query names (`rubricId`): unknown ones are 404 `rubric_not_found`,
 * but one with white space at either end is refused naming the field, as a client id is (never trimmed).
 */
export const rubricIdFieldSchema = withoutSurroundingSpace(z.string().min(1).max(64));

/** A person's text (a reviewer, a reason, a name) that must show something: shared with the core. */
export {
  nameSchema,
  visibleTextSchema,
  withMaxCharacters,
  withoutControlCharacters,
} from "../grading/visible-text.js";

/*
 * Ids in paths and in list filters follow one rule. A value no id can have (not of the id's form) is refused
 * with 400 naming the field, so that a typo is not answered as "nothing yet". An id of the right form but
 * in another case names nothing the service made (its ids are lowercase, and are never case-folded: an
 * LMS may rely on the exact id), so it is answered as any unknown id is: 404 in a path, an empty list in
 * a filter, never 400 on one route and 404 or an empty list on the next.
 */

/** An answer group id (`agr_` and 32 hex digits, any case), in a path or as a filter. */
export const answerGroupIdSchema = z
  .string()
  .regex(/^agr_[0-9a-f]{32}$/i, "must be an answer group id (`agr_` and 32 hex digits)");

const rubricIdMessage = "must be a rubric id: a slug of at most 64 letters, digits, '-' or '_'";
/** A rubric id as a list filter (`?rubricId=`): the rubric format's slug, in any case. */
export const rubricIdFilterSchema = z
  .string()
  .max(64, rubricIdMessage)
  .regex(new RegExp(slugPattern.source, "i"), rubricIdMessage);

/** A rubric version as a list filter (`?rubricVersion=`): 16 hex digits, as every version is (any case). */
export const rubricVersionFilterSchema = z
  .string()
  .regex(
    new RegExp(rubricVersionPattern.source, "i"),
    "must be a rubric version: 16 hex digits, as the rubric's `version`",
  );

/** An integration id as a list filter (`?integrationId=`): `int_` and letters and digits (any case). */
export const integrationIdFilterSchema = z
  .string()
  .regex(/^int_[0-9a-z]{1,64}$/i, "must be an integration id (`int_…`)");

/** The `cursor` query parameter of every paged list. */
export const pageCursorSchema = z
  .string()
  .min(1)
  .max(512)
  .optional()
  .describe("Opaque: `next` from the previous page, with the same filters.");

/** The `limit` query parameter of a paged list: 1 to `max` entries, `fallback` when not given. */
export const pageLimitSchema = (max: number, fallback: number) =>
  wholeNumberParameter(1, max).default(fallback);

/**
 * A whole number in a query string, written in decimal digits: `Number()` would also read `0x10` as 16,
 * `1e1` as 10 and ` ` as 0.
 */
export const wholeNumberParameter = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    (value) => (typeof value === "string" && !/^\d{1,16}$/.test(value) ? Number.NaN : value),
    z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
  );
};

export const problemListSchema = z.array(
  z.object({
    path: z.string(),
    message: z.string(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
  }),
);

/**
 * Responses every route may give besides its own. The request rules (request-rules.ts) add these
 * to every route, and 413/415 to routes that take a body; authentication adds 401 to the /v1 routes.
 */
export const commonErrorResponses = {
  400: errorBodySchema,
  500: errorBodySchema,
};

/** An OpenAPI response header: a JSON schema for its value, and what it means. */
export interface ResponseHeaderDoc {
  type: "string" | "integer";
  description: string;
  enum?: string[];
  minimum?: number;
}

/** Response headers worth documenting on more than one route. */
export const responseHeaders = {
  retryAfter: {
    "Retry-After": {
      type: "integer",
      minimum: 0,
      description: "Seconds to wait before trying again (sent when known).",
    },
  },
  idempotentReplayed: {
    "Idempotent-Replayed": {
      type: "string",
      enum: ["true"],
      description:
        "Present when this is the stored answer to an earlier request with the same Idempotency-Key.",
    },
  },
  etag: {
    ETag: {
      type: "string",
      description: "The representation's version; send it back in `If-Match` to change it only if unchanged.",
    },
  },
} satisfies Record<string, Record<string, ResponseHeaderDoc>>;

/**
 * Documents the headers a response carries (OpenAPI `headers`); validation and serialization of the
 * body are unchanged. `withResponseHeaders(errorBodySchema, responseHeaders.retryAfter)`.
 */
export function withResponseHeaders<Schema extends z.ZodType>(
  schema: Schema,
  ...headers: Record<string, ResponseHeaderDoc>[]
): Schema {
  return schema.meta({ headers: Object.assign({}, ...headers) as Record<string, ResponseHeaderDoc> });
}
