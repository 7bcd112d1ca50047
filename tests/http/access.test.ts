import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { sendEvent } from "../helpers/integration-fixtures.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Schools and roles: keys carry a tenant and a role; another tenant's ids answer 404, a role acting
 * outside its rights 403. The permission table below is the specification; the last test walks every
 * operation of the OpenAPI document with every role and with another tenant's key.
 */

const bootstrapKey = "bootstrap-key-0123456789abcdef";
const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
const calibrationAnswers = Array.from({ length: 10 }, (_, index) => ({
  answer: `${answer} (${index})`,
  points: { inputs: 2, outputs: index % 3 },
}));

let test: TestApp;
let model: ScriptedModel;

beforeEach(async () => {
  model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
  });
  test = await buildTestApp({
    env: { GRADER_API_KEYS: bootstrapKey, GRADER_SECRET_KEY: "7f".repeat(32) },
    dependencies: { model },
  });
});
afterEach(() => test.close());

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const call = (key: string, method: Method, url: string, payload?: object) =>
  test.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(payload ? { payload } : {}),
  });

async function createKey(adminKey: string, role: string, name = `${role} key`): Promise<string> {
  const response = await call(adminKey, "POST", "/v1/keys", { name, role });
  expect(response.statusCode).toBe(201);
  return response.json().key as string;
}

async function createTenant(id: string): Promise<string> {
  const response = await call(bootstrapKey, "POST", "/v1/tenants", { id, name: `${id} school` });
  expect(response.statusCode).toBe(201);
  return response.json().adminKey.key as string;
}

describe("API keys", () => {
  it("are shown once, listed without the key, and stop working when revoked", async () => {
    const created = await call(bootstrapKey, "POST", "/v1/keys", { name: "Ms Smith", role: "teacher" });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ name: "Ms Smith", role: "teacher", tenantId: "default", revokedAt: null });
    expect(body.key).toMatch(/^rg_[0-9a-f]{64}$/);
    expect(body.keyPrefix).toBe(body.key.slice(0, 9));

    const list = await call(bootstrapKey, "GET", "/v1/keys");
    expect(list.json().keys).toEqual([
      expect.objectContaining({ id: body.id, name: "Ms Smith", keyPrefix: body.keyPrefix }),
    ]);
    expect(list.body).not.toContain(body.key);
    expect(list.body).not.toMatch(/keyHash|key_hash/);

    expect((await call(body.key, "GET", "/v1/rubrics")).statusCode).toBe(200);
    expect((await call(bootstrapKey, "DELETE", `/v1/keys/${body.id}`)).statusCode).toBe(204);
    const revoked = await call(body.key, "GET", "/v1/rubrics");
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe("unauthorized");
    expect((await call(bootstrapKey, "DELETE", `/v1/keys/${body.id}`)).statusCode).toBe(404);
  });

  it("refuses an unknown key with 401 and no key with 401 when keys are configured", async () => {
    expect((await call("rg_not-a-key", "GET", "/v1/rubrics")).statusCode).toBe(401);
    expect((await test.app.inject({ method: "GET", url: "/v1/rubrics" })).statusCode).toBe(401);
  });

  it("lets a service key submit answers and read only the grades it submitted", async () => {
    const teacher = await createKey(bootstrapKey, "teacher");
    const lms = await createKey(bootstrapKey, "service", "Canvas integration");
    const otherLms = await createKey(bootstrapKey, "service", "Moodle integration");
    expect((await call(teacher, "POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);

    const mine = await call(lms, "POST", "/v1/grade", { rubricId: scienceRubric.id, answer });
    expect(mine.statusCode).toBe(200);
    const theirs = await call(otherLms, "POST", "/v1/grade", {
      rubricId: scienceRubric.id,
      answer: `${answer} `,
    });
    expect(theirs.statusCode).toBe(200);

    expect((await call(lms, "GET", `/v1/grades/${mine.json().id}`)).statusCode).toBe(200);
    expect((await call(lms, "GET", `/v1/grades/${theirs.json().id}`)).statusCode).toBe(404);
    const listed = await call(lms, "GET", "/v1/grades");
    expect(listed.json().grades.map((grade: { id: string }) => grade.id)).toEqual([mine.json().id]);
    // A teacher sees both.
    expect((await call(teacher, "GET", "/v1/grades")).json().grades).toHaveLength(2);

    const denied = await call(lms, "POST", "/v1/rubrics", { ...scienceRubric, title: "Changed" });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error).toMatchObject({ code: "forbidden" });
    expect(denied.json().error.message).toContain("service");
  });

  it("keeps each key's Idempotency-Keys its own: one LMS never replays, or is blocked by, another's", async () => {
    // Regression: grade idempotency keys were per school, so a second service key sending the same key
    // and body was answered the first key's grade, which it could then not read (404).
    const lms = await createKey(bootstrapKey, "service", "Canvas integration");
    const otherLms = await createKey(bootstrapKey, "service", "Moodle integration");
    expect((await call(bootstrapKey, "POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
    const send = (key: string, body: object) =>
      test.app.inject({
        method: "POST",
        url: "/v1/grade",
        headers: { authorization: `Bearer ${key}`, "idempotency-key": "sub-123" },
        payload: { rubricId: scienceRubric.id, ...body },
      });
    const first = await send(lms, { answer });
    const second = await send(otherLms, { answer });
    expect(second.statusCode).toBe(200);
    expect(second.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.json().id).not.toBe(first.json().id);
    expect((await call(otherLms, "GET", `/v1/grades/${second.json().id}`)).statusCode).toBe(200);
    // Another body under the same key is not "reused" across keys either.
    const third = await call(bootstrapKey, "POST", "/v1/keys", { name: "Portal", role: "service" });
    const other = await send(third.json().key as string, { answer: `${answer} Also water.` });
    expect(other.statusCode).toBe(200);
    // Within one key the key still replays.
    const again = await send(lms, { answer });
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json().id).toBe(first.json().id);
  });
});

describe("tenants", () => {
  it("keep their rubrics, grades and keys apart: another school's ids answer 404", async () => {
    const north = await createTenant("north");
    expect((await call(bootstrapKey, "POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
    const graded = await call(bootstrapKey, "POST", "/v1/grade", { rubricId: scienceRubric.id, answer });
    const gradeId = graded.json().id as string;

    expect((await call(north, "GET", `/v1/rubrics/${scienceRubric.id}`)).statusCode).toBe(404);
    expect((await call(north, "GET", "/v1/rubrics")).json().rubrics).toEqual([]);
    expect((await call(north, "GET", `/v1/grades/${gradeId}`)).statusCode).toBe(404);
    expect((await call(north, "GET", `/v1/grades/${gradeId}/audit`)).statusCode).toBe(404);
    const patch = await call(north, "PATCH", `/v1/grades/${gradeId}`, {
      reviewer: "x",
      reason: "y",
      criteria: [{ criterionId: "inputs", points: 0 }],
    });
    expect(patch.statusCode).toBe(404);
    expect((await call(north, "GET", "/v1/grades")).json().grades).toEqual([]);
    const ungraded = await call(north, "POST", "/v1/grade", { rubricId: scienceRubric.id, answer });
    expect(ungraded.statusCode).toBe(404);

    // The same rubric id in the other school is another rubric, and the same answer is graded afresh.
    const callsBefore = model.calls.length;
    expect((await call(north, "POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
    const northGrade = await call(north, "POST", "/v1/grade", { rubricId: scienceRubric.id, answer });
    expect(northGrade.statusCode).toBe(200);
    expect(northGrade.json().cached).toBe(false);
    expect(model.calls.length).toBe(callsBefore + 1);

    const defaultKeys = (await call(bootstrapKey, "GET", "/v1/keys")).json().keys as { id: string }[];
    const northKeys = (await call(north, "GET", "/v1/keys")).json().keys as { id: string }[];
    expect(northKeys).toHaveLength(1);
    expect(defaultKeys.map((key) => key.id)).not.toContain(northKeys[0]!.id);
    expect((await call(bootstrapKey, "DELETE", `/v1/keys/${northKeys[0]!.id}`)).statusCode).toBe(404);
  });

  it("are created by bootstrap keys only; a tenant id is taken once", async () => {
    const north = await createTenant("north");
    expect((await call(north, "POST", "/v1/tenants", { id: "south", name: "South" })).statusCode).toBe(403);
    const again = await call(bootstrapKey, "POST", "/v1/tenants", { id: "north", name: "Again" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("tenant_exists");
    const bad = await call(bootstrapKey, "POST", "/v1/tenants", { id: "North School", name: "x" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe("body.id");
  });
});

/** Who may call what: the specification the routes must follow. `operator` means bootstrap keys only. */
const permissions: Record<string, readonly ("admin" | "teacher" | "service" | "operator" | "signed")[]> = {
  "POST /v1/rubrics": ["admin", "teacher"],
  "GET /v1/rubrics": ["admin", "teacher"],
  "GET /v1/rubrics/{id}": ["admin", "teacher"],
  "DELETE /v1/rubrics/{id}": ["admin", "teacher"],
  "GET /v1/rubrics/{id}/versions": ["admin", "teacher"],
  "POST /v1/rubrics/import": ["admin", "teacher"],
  "GET /v1/rubrics/{id}/export": ["admin", "teacher"],
  "POST /v1/rubrics/{id}/archive": ["admin", "teacher"],
  "POST /v1/rubrics/{id}/unarchive": ["admin", "teacher"],
  "POST /v1/grade": ["admin", "teacher", "service"],
  "GET /v1/grades": ["admin", "teacher", "service"],
  "GET /v1/grades/{id}": ["admin", "teacher", "service"],
  "PATCH /v1/grades/{id}": ["admin", "teacher"],
  "POST /v1/grades/{id}/approve": ["admin", "teacher"],
  "POST /v1/grades/{id}/reopen": ["admin", "teacher"],
  "GET /v1/grades/{id}/audit": ["admin", "teacher"],
  "POST /v1/grades/{id}/appeals": ["admin", "teacher", "service"],
  "GET /v1/grades/{id}/appeals": ["admin", "teacher", "service"],
  "POST /v1/appeals/{id}/resolve": ["admin", "teacher"],
  "GET /v1/review-queue": ["admin", "teacher"],
  "GET /v1/groups/{id}": ["admin", "teacher"],
  "PATCH /v1/groups/{id}": ["admin", "teacher"],
  "POST /v1/keys": ["admin"],
  "GET /v1/me": ["admin", "teacher", "service"],
  "GET /v1/keys": ["admin"],
  "DELETE /v1/keys/{id}": ["admin"],
  "POST /v1/tenants": ["operator"],
  "GET /v1/tenants": ["operator"],
  "GET /v1/students/{studentId}/export": ["admin", "teacher"],
  "DELETE /v1/students/{studentId}": ["admin"],
  "GET /v1/erasures": ["admin"],
  "POST /v1/estimate": ["admin", "teacher"],
  "GET /v1/usage": ["admin"],
  "GET /v1/settings": ["admin"],
  "PUT /v1/settings": ["admin"],
  "POST /v1/jobs": ["admin", "teacher", "service"],
  "GET /v1/jobs": ["admin", "teacher", "service"],
  "GET /v1/jobs/{id}": ["admin", "teacher", "service"],
  "DELETE /v1/jobs/{id}": ["admin", "teacher", "service"],
  "POST /v1/jobs/{id}/retry": ["admin", "teacher", "service"],
  "GET /v1/jobs/{id}/results": ["admin", "teacher", "service"],
  "GET /v1/jobs/{id}/events": ["admin", "teacher", "service"],
  "POST /v1/jobs/{id}/release": ["admin", "teacher"],
  "POST /v1/rubrics/{id}/calibrations": ["admin", "teacher"],
  "GET /v1/rubrics/{id}/calibrations": ["admin", "teacher"],
  "GET /v1/calibrations/{id}": ["admin", "teacher"],
  "POST /v1/calibrations/{id}/exemplars": ["admin", "teacher"],
  "GET /v1/calibrations/{id}/comparison": ["admin", "teacher"],
  "GET /v1/rubrics/{id}/calibration-requirement": ["admin", "teacher"],
  "PUT /v1/rubrics/{id}/calibration-requirement": ["admin"],
  "DELETE /v1/rubrics/{id}/calibration-requirement": ["admin"],
  "POST /v1/integrations": ["admin"],
  "GET /v1/integrations": ["admin"],
  "GET /v1/integrations/{id}": ["admin"],
  "PATCH /v1/integrations/{id}": ["admin"],
  "DELETE /v1/integrations/{id}": ["admin"],
  "POST /v1/integrations/{id}/rotate-secret": ["admin"],
  "GET /v1/submissions": ["admin", "teacher"],
  "GET /v1/submissions/{id}": ["admin", "teacher"],
  "POST /v1/submissions/{id}/passback": ["admin", "teacher"],
  "POST /v1/submissions/{id}/fetch": ["admin", "teacher"],
  // No API key: a Standard Webhooks signature instead (tests/http/integrations.test.ts).
  "POST /v1/integrations/{id}/events": ["signed"],
};

describe("every route, every role, and another tenant", () => {
  it("answers 403 to a role outside its rights, never to one within, and 404 for another tenant's ids", async () => {
    const keys = {
      admin: await createKey(bootstrapKey, "admin"),
      teacher: await createKey(bootstrapKey, "teacher"),
      service: await createKey(bootstrapKey, "service"),
      operator: bootstrapKey,
    };
    const foreign = await createTenant("elsewhere");
    expect((await call(bootstrapKey, "POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
    const grade = await call(keys.service, "POST", "/v1/grade", { rubricId: scienceRubric.id, answer });
    // A cancelled job: its event stream ends at once (no worker runs in this test).
    const job = await call(bootstrapKey, "POST", "/v1/jobs", {
      rubricId: scienceRubric.id,
      answers: [{ answer }],
    });
    expect((await call(bootstrapKey, "DELETE", `/v1/jobs/${job.json().id}`)).statusCode).toBe(200);
    const calibration = await call(bootstrapKey, "POST", `/v1/rubrics/${scienceRubric.id}/calibrations`, {
      answers: calibrationAnswers,
    });
    expect(calibration.statusCode).toBe(202);
    // An integration, and a submission it recorded (not graded: no runner in this test).
    const integration = await call(bootstrapKey, "POST", "/v1/integrations", {
      type: "webhook",
      name: "portal",
      defaultRubric: { rubricId: scienceRubric.id },
    });
    expect(integration.statusCode).toBe(201);
    const event = await sendEvent(test, integration.json(), { submissionId: 1, studentId: 2, answer });
    expect(event.statusCode).toBe(202);
    const ids: Record<string, string> = {
      "/v1/integrations/{id}": integration.json().id,
      "/v1/integrations/{id}/rotate-secret": integration.json().id,
      "/v1/integrations/{id}/events": integration.json().id,
      "/v1/submissions/{id}": event.json().submissionId,
      "/v1/submissions/{id}/passback": event.json().submissionId,
      "/v1/submissions/{id}/fetch": event.json().submissionId,
      "/v1/jobs/{id}": job.json().id,
      "/v1/jobs/{id}/retry": job.json().id,
      "/v1/jobs/{id}/results": job.json().id,
      "/v1/jobs/{id}/events": job.json().id,
      "/v1/jobs/{id}/release": job.json().id,
      "/v1/rubrics/{id}": scienceRubric.id,
      "/v1/rubrics/{id}/calibrations": scienceRubric.id,
      "/v1/calibrations/{id}": calibration.json().id,
      "/v1/calibrations/{id}/exemplars": calibration.json().id,
      "/v1/calibrations/{id}/comparison": calibration.json().id,
      "/v1/rubrics/{id}/calibration-requirement": scienceRubric.id,
      "/v1/rubrics/{id}/export": scienceRubric.id,
      "/v1/rubrics/{id}/versions": scienceRubric.id,
      "/v1/rubrics/{id}/archive": scienceRubric.id,
      "/v1/rubrics/{id}/unarchive": scienceRubric.id,
      "/v1/grades/{id}": grade.json().id,
      "/v1/grades/{id}/audit": grade.json().id,
      "/v1/grades/{id}/approve": grade.json().id,
      "/v1/grades/{id}/reopen": grade.json().id,
      "/v1/keys/{id}": "key_does_not_exist",
      "/v1/grades/{id}/appeals": grade.json().id,
      "/v1/appeals/{id}/resolve": "apl_does_not_exist",
      "/v1/groups/{id}": grade.json().groupId,
    };
    const bodies: Record<string, object> = {
      "POST /v1/rubrics": scienceRubric,
      "POST /v1/grade": { rubricId: scienceRubric.id, answer },
      "PATCH /v1/grades/{id}": {
        reviewer: "r",
        reason: "why",
        criteria: [{ criterionId: "inputs", points: 1 }],
      },
      "POST /v1/grades/{id}/approve": { reviewer: "r" },
      "POST /v1/grades/{id}/reopen": { reviewer: "r", reason: "why" },
      "POST /v1/keys": { name: "n", role: "teacher" },
      "POST /v1/grades/{id}/appeals": { criterionId: "inputs", reason: "why", by: "student" },
      "POST /v1/appeals/{id}/resolve": { outcome: "denied", reviewer: "r", reason: "why" },
      "PATCH /v1/groups/{id}": { reviewer: "r", reason: "why", criteria: [] },
      "POST /v1/tenants": { id: `t${Date.now()}`, name: "n" },
      "POST /v1/estimate": { rubricId: scienceRubric.id, answers: 3 },
      "PUT /v1/settings": { dailyBudgetUsd: 5 },
      "POST /v1/jobs": { rubricId: scienceRubric.id, answers: [{ answer }] },
      "POST /v1/rubrics/{id}/calibrations": { answers: calibrationAnswers },
      "POST /v1/calibrations/{id}/exemplars": { answers: [{ index: 0 }] },
      "PUT /v1/rubrics/{id}/calibration-requirement": { minQuadraticKappa: 0.5, minAnswers: 10 },
      "POST /v1/integrations": { type: "webhook", name: "another" },
      "PATCH /v1/integrations/{id}": { name: "renamed" },
      "POST /v1/integrations/{id}/rotate-secret": {},
    };

    const document = (await test.app.inject({ method: "GET", url: "/docs/json" })).json();
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith("/v1/"))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    // Every route is in the specification: a new route must say who may call it.
    expect(operations.sort()).toEqual(Object.keys(permissions).sort());

    // Deleting the integration last: the routes before it name it.
    operations.sort(
      (a, b) => Number(a === "DELETE /v1/integrations/{id}") - Number(b === "DELETE /v1/integrations/{id}"),
    );
    for (const operation of operations) {
      const [method, path] = operation.split(" ") as [Method, string];
      if (permissions[operation]!.includes("signed")) {
        // Every key is ignored: without a signature the answer is 401, whoever sends it.
        for (const key of [bootstrapKey, foreign]) {
          const response = await call(key, method, path.replace("{id}", ids[path]!), {
            type: "submission.created",
          });
          expect(response.statusCode, operation).toBe(401);
          expect(response.json().error.code).toBe("invalid_signature");
        }
        continue;
      }
      // A student's routes answer 200 to another school too (an empty export, nothing erased): see
      // tests/http/students.test.ts.
      // Query parameters a route needs before it looks the id up.
      const query = path === "/v1/rubrics/{id}/export" ? "?format=canvas-csv" : "";
      const url = `${path.replace("{id}", ids[path] ?? "x").replace("{studentId}", "s-permissions")}${query}`;
      for (const [role, key] of Object.entries(keys)) {
        const allowed =
          permissions[operation]!.includes(role as never) ||
          (role === "operator" && permissions[operation]!.includes("admin"));
        const response = await call(key, method, url, bodies[operation]);
        if (allowed) {
          expect(response.statusCode, `${role} ${operation}`).not.toBe(403);
          expect(response.statusCode, `${role} ${operation}`).not.toBe(401);
        } else {
          expect(response.statusCode, `${role} ${operation}`).toBe(403);
        }
      }
      // Another school's admin: routes naming this school's ids answer 404.
      if (path.includes("{id}") && permissions[operation]!.includes("admin")) {
        const response = await call(foreign, method, url, bodies[operation]);
        expect(response.statusCode, `foreign admin ${operation}: ${response.body}`).toBe(404);
      }
    }
  });
});
