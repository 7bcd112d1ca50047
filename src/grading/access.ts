import { z } from "zod";

/**
 * Who may do what. Every rubric, grade and key belongs to a tenant (a school); a request acts for one
 * tenant with one role:
 * - `admin`: everything a teacher may do, plus the tenant's keys and settings;
 * - `teacher`: rubrics, grading, review, audit and export;
 * - `service`: submit answers and read the grades it submitted (what an LMS integration holds).
 * The bootstrap keys of GRADER_API_KEYS are admins of the default tenant and may also create tenants
 * (`operator`). Another tenant's ids answer 404, as if they did not exist; a role acting outside its
 * rights gets 403.
 */
export const roles = ["admin", "teacher", "service"] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

export const defaultTenantId = "default";

/** The caller of a use case: its tenant, role and key. */
export interface Scope {
  tenantId: string;
  role: Role;
  /** The stored API key acting; null for the bootstrap keys and for unauthenticated loopback use. */
  keyId: string | null;
  /** May create tenants (the bootstrap keys, or loopback use without keys). */
  operator: boolean;
}

/** The default tenant's admin with every right: for tools, tests and an install without keys. */
export const defaultOperatorScope: Scope = Object.freeze({
  tenantId: defaultTenantId,
  role: "admin",
  keyId: null,
  operator: true,
});

/**
 * A client's `Idempotency-Key` as stored: per API key, so two keys of one school (two LMSs, two teachers)
 * using the same key never replay, block or see each other's request. A space cannot appear in a
 * client's key, so the parts cannot run together, and no stored form looks like a job item's key.
 */
export function clientIdempotencyKey(scope: Scope, key: string): string {
  return `${scope.keyId ?? "-"} ${key}`;
}

/** Tenant ids appear in URLs and keys: short slugs. */
export const tenantIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, "must be a slug: lowercase letters, digits, '-' or '_'");
