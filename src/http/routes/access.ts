import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { roleSchema, tenantIdSchema } from "../../grading/access.js";
import type { AccessService } from "../../grading/access-service.js";
import { meSchema } from "../response-schemas.js";
import { commonErrorResponses, errorBodySchema, nameSchema } from "../schemas.js";

const keyViewSchema = z.object({
  id: z.string().describe("Names the key in lists and in revocation; not the key itself."),
  tenantId: z.string(),
  role: roleSchema,
  name: z.string(),
  keyPrefix: z.string().describe("The first characters of the key, to tell keys apart."),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

const createdKeySchema = keyViewSchema
  .extend({ key: z.string().describe("The key itself: shown only in this response, store it now.") })
  .describe("A new key; send it as `Authorization: Bearer <key>`.");

const tenantSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });

/**
 * The tenant's API keys (admins) and the tenants themselves (bootstrap keys only). A key is shown once,
 * when it is created, and stored as a hash; revoking it takes effect on the next request.
 */
export function accessRoutes(app: FastifyInstance, options: { access: AccessService }): void {
  const { access } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    "/me",
    {
      config: { roles: ["admin", "teacher", "service"] },
      schema: {
        summary: "Who the key is: its tenant and role",
        description:
          "What a client needs to decide what to offer (the teacher page shows integrations to admins only). Never the key itself.",
        tags: ["access"],
        response: {
          200: meSchema,
          ...commonErrorResponses,
        },
      },
    },
    (request) => {
      const { tenantId, role, keyId, operator } = request.scope;
      return Promise.resolve({ tenantId, role, keyId, operator });
    },
  );

  routes.post(
    "/keys",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "Create an API key for this tenant",
        description:
          "Roles: `admin` (keys and settings, and everything a teacher may), `teacher` (rubrics, grading, review, audit), `service` (submit answers and read the grades it submitted: for an LMS integration). The key is in this response only.",
        tags: ["access"],
        body: z.strictObject({
          name: nameSchema(200).describe("Who or what holds the key (a teacher, an integration)."),
          role: roleSchema,
        }),
        response: { 201: createdKeySchema, ...commonErrorResponses },
      },
    },
    async (request, reply) => {
      const created = await access.createKey(request.scope, request.body);
      request.log.info({ keyId: created.id, role: created.role }, "API key created");
      return reply.status(201).send(created);
    },
  );

  routes.get(
    "/keys",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "List this tenant's API keys (never the keys themselves)",
        tags: ["access"],
        response: { 200: z.object({ keys: z.array(keyViewSchema) }), ...commonErrorResponses },
      },
    },
    async (request) => ({ keys: await access.listKeys(request.scope) }),
  );

  routes.delete(
    "/keys/:id",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "Revoke an API key of this tenant",
        tags: ["access"],
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 204: z.null().describe("Revoked."), 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request, reply) => {
      await access.revokeKey(request.scope, request.params.id);
      request.log.info({ keyId: request.params.id }, "API key revoked");
      return reply.status(204).send(null);
    },
  );

  routes.post(
    "/tenants",
    {
      config: { roles: ["admin"], operator: true },
      schema: {
        summary: "Create a tenant (a school) and its first admin key",
        tags: ["access"],
        body: z.strictObject({
          id: tenantIdSchema.describe("Stable id of the school: a slug."),
          name: nameSchema(200).describe("The school's name; its first admin key is named after it."),
        }),
        response: {
          201: z.object({ tenant: tenantSchema, adminKey: createdKeySchema }),
          409: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const created = await access.createTenant(request.scope, request.body);
      request.log.info({ tenantId: created.tenant.id }, "tenant created");
      return reply.status(201).send(created);
    },
  );

  routes.get(
    "/tenants",
    {
      config: { roles: ["admin"], operator: true },
      schema: {
        summary: "List the tenants",
        tags: ["access"],
        response: { 200: z.object({ tenants: z.array(tenantSchema) }), ...commonErrorResponses },
      },
    },
    async (request) => ({ tenants: await access.listTenants(request.scope) }),
  );
}
