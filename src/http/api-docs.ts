import swagger, { type SwaggerTransform, type SwaggerTransformObject } from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { isContentMap } from "./request-rules.js";

/** The security scheme's name in the document; routes refer to it in their `security`. */
export const bearerScheme = "bearer";

/** What the bearer scheme takes: every kind of key the service issues. */
const keyKinds =
  "An API key, sent as `Authorization: Bearer <key>`: a bootstrap key from GRADER_API_KEYS, or an `rg_…` key " +
  "made with POST /v1/keys (or POST /v1/tenants), whose role (admin, teacher, service) says what it may do";

/**
 * The OpenAPI document (`/docs/json`) and Swagger UI (`/docs`). Register before the routes.
 *
 * Routes describe themselves: zod schemas for parameters and bodies (a body that comes in several
 * media types is a Fastify `body.content` map, one zod schema per type), response headers through
 * `withResponseHeaders`, and `security` set by the authentication plugin. Here, every operation
 * without `security` is marked open, and every response documents `X-Request-Id`.
 */
export async function registerApiDocs(
  app: FastifyInstance,
  options: { apiKeysConfigured: boolean },
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Rubric Grader API",
        version: "0.1.0",
        description:
          "Grades student answers against teachers' rubrics with language models. Errors are " +
          "`{error: {code, message, details?}}` with stable codes (docs/api.md). Unknown query parameters " +
          "and body fields are refused. /healthz, /readyz and /docs need no key.",
      },
      components: {
        securitySchemes: {
          [bearerScheme]: {
            type: "http",
            scheme: "bearer",
            // Keys made with POST /v1/keys (a teacher's, an LMS's) are keys too, and the signed inbound route
            // takes none: a client holding an `rg_…` key read that only GRADER_API_KEYS would do.
            description: options.apiKeysConfigured
              ? `${keyKinds}; every /v1 route needs one but the signed LMS events (POST /v1/integrations/{id}/events).`
              : `${keyKinds}. This instance has no keys configured (it listens on loopback only), so a key is optional ` +
                "here; deployed instances require one on every /v1 route but the signed LMS events.",
          },
        },
        headers: {
          "X-Request-Id": {
            description:
              "The request's id (yours, if you sent a safe one): quote it when reporting a problem.",
            schema: { type: "string" },
          },
        },
      },
    },
    transform: transformRouteSchema,
    transformObject: completeDocument,
  });
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    // The page can send every request of the API from this origin (without keys configured, as the
    // operator: the Origin check of auth.ts lets it through), so another site must not frame it and
    // lure clicks onto its "Execute" buttons. Only framing, plugins and <base> are restricted: the
    // library's own policy (`staticCSP: true`) blocks one of Swagger UI's inline styles, and upgrades
    // every request to https, which a plain-http install on the school's network could not load.
    staticCSP: "frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    uiHooks: {
      onRequest: (_request, reply, done) => {
        // For browsers that do not read frame-ancestors.
        reply.header("x-frame-options", "DENY").header("x-content-type-options", "nosniff");
        done();
      },
    },
  });
}

/**
 * fastify-type-provider-zod's transform, plus bodies in several media types: it converts a zod body,
 * not a `body.content` map, so each media type's schema is converted on its own.
 */
export const transformRouteSchema: SwaggerTransform = (input) => {
  // A raw body (request-rules.ts) is documented as a body in several media types would be.
  const rawBody = (input.route.config as { rawBody?: unknown } | undefined)?.rawBody;
  if (rawBody !== undefined && input.schema?.body === undefined) {
    return transformRouteSchema({ ...input, schema: { ...input.schema, body: rawBody } });
  }
  const body: unknown = input.schema?.body;
  if (!isContentMap(body)) return liftResponseHeaders(jsonSchemaTransform(input));
  const { body: _body, ...rest } = input.schema;
  const transformed = liftResponseHeaders(jsonSchemaTransform({ ...input, schema: rest }));
  const content: Record<string, { schema: unknown }> = {};
  for (const [mediaType, { schema }] of Object.entries(body.content)) {
    content[mediaType] = {
      schema: jsonSchemaTransform({ ...input, schema: { body: schema } }).schema.body,
    };
  }
  return { ...transformed, schema: { ...transformed.schema, body: { content } } };
};

/**
 * A response in several media types (`{description, content: {"text/csv": {schema}}}`, such as a
 * file download) documents its headers on each media type's schema (withResponseHeaders); OpenAPI
 * wants them on the response, beside `content`.
 */
function liftResponseHeaders<T extends { schema: object }>(transformed: T): T {
  const responses = (transformed.schema as { response?: Record<string, unknown> }).response;
  for (const response of Object.values(responses ?? {})) {
    if (typeof response !== "object" || response === null || !("content" in response)) continue;
    const holder = response as {
      content: Record<string, { schema?: Record<string, unknown> }>;
      headers?: unknown;
    };
    for (const media of Object.values(holder.content)) {
      const { headers, ...schema } = media.schema ?? {};
      if (headers === undefined) continue;
      holder.headers = { ...(holder.headers as object | undefined), ...(headers as object) };
      media.schema = schema;
    }
  }
  return transformed;
}

const httpMethods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Marks operations without `security` as open, and documents `X-Request-Id` on every response. */
export const completeDocument: SwaggerTransformObject = (documentObject) => {
  if (!("openapiObject" in documentObject)) return documentObject.swaggerObject;
  const document = documentObject.openapiObject;
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(pathItem ?? {})) {
      if (!httpMethods.has(method) || typeof operation !== "object" || operation === null) continue;
      const described = operation as {
        security?: unknown[];
        responses?: Record<string, { headers?: Record<string, unknown> }>;
      };
      described.security ??= [];
      for (const response of Object.values(described.responses ?? {})) {
        response.headers = {
          "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" },
          ...response.headers,
        };
      }
    }
  }
  return document;
};
