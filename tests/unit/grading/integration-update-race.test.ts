import { afterEach, describe, expect, it } from "vitest";
import type { Scope } from "../../../src/grading/access.js";
import type { GradingService } from "../../../src/grading/grading-service.js";
import { createIntegrationService } from "../../../src/grading/integration-service.js";
import { validateRubricDocument } from "../../../src/grading/rubric-loading.js";
import { createSecretBox } from "../../../src/lib/secret-box.js";
import { openStorage, type Storage } from "../../../src/storage/database.js";
import { scienceRubric } from "../../helpers/rubric-fixtures.js";

/**
 * An integration's changes are read, changed and written back: a change that read the integration
 * before another one was written must not write the other one away (regression: a PATCH that was
 * checking its rubric mapping while an admin rotated the secret wrote the old secret back, so the new
 * secret, shown once, was refused with 401 on every event signed with it; two PATCHes at once lost
 * one of them).
 */

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
});

const scope: Scope = { tenantId: "default", role: "admin", keyId: "key_1", operator: false };
const validation = validateRubricDocument(scienceRubric);
if (!validation.ok) throw new Error("fixture rubric is invalid");
const rubric = validation.rubric;
const secretBox = createSecretBox(Buffer.alloc(32, 7));

/** A rubric check that holds every caller until the test lets them go. */
function gatedRubricCheck() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const waiting = new Promise<void>((resolve) => (arrived = resolve));
  let held = true;
  const grading = {
    gradableRubric: async () => {
      if (held) {
        arrived();
        await gate;
      }
      return { rubric, createdAt: new Date().toISOString() };
    },
    getGrade: () => Promise.reject(new Error("not used")),
  } as unknown as Pick<GradingService, "gradableRubric" | "getGrade">;
  return {
    grading,
    waiting,
    release: () => {
      held = false;
      release();
    },
  };
}

async function setUp() {
  storage = await openStorage({ kind: "sqlite", path: ":memory:" });
  const check = gatedRubricCheck();
  let counter = 0;
  const service = createIntegrationService({
    storeFor: (tenantId) => storage!.integrationsFor(tenantId),
    queue: storage.integrationQueue,
    secretBox,
    grading: check.grading,
    clock: { now: () => new Date(), sleep: () => Promise.resolve() },
    newId: (prefix) => `${prefix}_${++counter}`,
    maxAnswerChars: 10_000,
    checkCallbackUrl: () => undefined,
  });
  const { integration } = await service.createIntegration(scope, {
    type: "webhook",
    name: "School portal",
    enabled: true,
    assignments: {},
    defaultRubric: null,
    holdForReview: false,
    callbackUrl: null,
    lms: null,
  } as unknown as Parameters<typeof service.createIntegration>[1]);
  const currentSecret = async () => {
    const stored = await storage!.integrationsFor("default").find(integration.id);
    return secretBox.open(stored!.sealedSecret, `integration ${integration.id} secret`);
  };
  return { service, check, id: integration.id, currentSecret };
}

describe("an integration changed by two requests at once", () => {
  it("keeps a secret rotated while a PATCH was checking its rubric mapping", async () => {
    const { service, check, id, currentSecret } = await setUp();
    const patch = service.updateIntegration(scope, id, {
      name: "Renamed portal",
      defaultRubric: { rubricId: rubric.id },
    } as Parameters<typeof service.updateIntegration>[2]);
    await check.waiting;
    const { secret } = await service.rotateSecret(scope, id, 3600);
    check.release();
    const updated = await patch;

    expect(updated.name).toBe("Renamed portal");
    expect(updated.defaultRubric?.rubricId).toBe(rubric.id);
    // The secret the admin was shown is the one the integration checks signatures with.
    expect(await currentSecret()).toBe(secret);
    expect((await service.getIntegration(scope, id)).previousSecretExpiresAt).not.toBeNull();
  });

  it("keeps both of two PATCHes that change different fields", async () => {
    const { service, check, id } = await setUp();
    const first = service.updateIntegration(scope, id, {
      defaultRubric: { rubricId: rubric.id },
    } as Parameters<typeof service.updateIntegration>[2]);
    await check.waiting;
    await service.updateIntegration(scope, id, {
      holdForReview: true,
    });
    check.release();
    await first;

    const stored = await service.getIntegration(scope, id);
    expect(stored.holdForReview).toBe(true);
    expect(stored.defaultRubric?.rubricId).toBe(rubric.id);
  });
});
