import type { NewSubmission, StoredIntegration } from "../../src/grading/integrations.js";

/** The tenant, and the moment, of the integration store's tests. */
export const storeTenantId = "default";
export const storeNow = new Date("2026-05-04T08:00:00.000Z");

/** An integration as the store keeps it: enabled, no credentials, no assignments mapped. */
export function storedIntegration(id: string, type: StoredIntegration["type"]): StoredIntegration {
  return {
    id,
    tenantId: storeTenantId,
    type,
    name: id,
    enabled: true,
    assignments: {},
    defaultRubric: null,
    holdForReview: false,
    callbackUrl: null,
    hasCredentials: false,
    lms: null,
    previousSecretExpiresAt: null,
    createdAt: storeNow.toISOString(),
    updatedAt: storeNow.toISOString(),
    sealedSecret: "sealed-secret",
    sealedPreviousSecret: null,
    sealedCredentials: null,
  };
}

/** A submission as an LMS event brings it: attempt 1 of `external-<id>`, graded with the science rubric. */
export function newSubmission(
  id: string,
  integrationId: string,
  extra: Partial<NewSubmission> = {},
): NewSubmission {
  return {
    id,
    integrationId,
    externalId: `external-${id}`,
    attempt: 1,
    studentId: `student-${id}`,
    assignmentId: "hw-1",
    rubricId: "photosynthesis-basics",
    rubricVersion: "v1",
    answer: `Light and water make glucose (${id}).`,
    answerHash: `hash-${id}`,
    ...extra,
  };
}
