import swagger, { type SwaggerTransform } from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { isContentMap } from "./request-rules.js";

/**
 * The OpenAPI document (`/docs/json`) and Swagger UI (`/docs`). Register before the routes.
 * Routes describe themselves with zod schemas; a body that comes in several media types is a
 * Fastify `body.content` map, one zod schema per type.
 */
export async function registerApiDocs(
  app: FastifyInstance,
  options: { apiKeysConfigured: boolean },
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: "Rubric Grader API",
        version: "0.1.0",
        description:
          "Grades student answers against teachers' rubrics with language models. Errors are `{error: {code, message, details?}}`; see docs/api.md.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: options.apiKeysConfigured ? [{ bearer: [] }] : [],
    },
    transform: transformRouteSchema,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
}

/**
 * fastify-type-provider-zod's transform, plus bodies in several media types: it converts a zod body,
 * not a `body.content` map, so each media type's schema is converted on its own.
 */
export const transformRouteSchema: SwaggerTransform = (input) => {
  const body: unknown = input.schema?.body;
  if (!isContentMap(body)) return jsonSchemaTransform(input);
  const { body: _body, ...rest } = input.schema;
  const transformed = jsonSchemaTransform({ ...input, schema: rest });
  const content: Record<string, { schema: unknown }> = {};
  for (const [mediaType, { schema }] of Object.entries(body.content)) {
    content[mediaType] = {
      schema: jsonSchemaTransform({ ...input, schema: { body: schema } }).schema.body,
    };
  }
  return { ...transformed, schema: { ...transformed.schema, body: { content } } };
};
