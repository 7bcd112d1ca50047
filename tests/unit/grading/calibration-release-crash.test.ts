import { describe, expect, it } from "vitest";
import type { Scope } from "../../../src/grading/access.js";
import {
  createCalibrationService,
  type Calibration,
  type CalibrationResult,
  type CalibrationServiceDependencies,
} from "../../../src/grading/calibrations.js";
import { validateRubricDocument } from "../../../src/grading/rubric-loading.js";
import { scienceRubric } from "../../helpers/rubric-fixtures.js";

/**
 * A calibration that completed passing releases the jobs held for its version. Regression: a process
 * that died (or whose release failed) after storing the result and before releasing the jobs left them
 * `awaiting_calibration` for good: every later read found the calibration completed and went no
 * further, though the calibration said it passed.
 */

const scope: Scope = { tenantId: "default", role: "teacher", keyId: "key_1", operator: false };
const validation = validateRubricDocument(scienceRubric);
if (!validation.ok) throw new Error("fixture rubric is invalid");
const rubric = validation.rubric;

const estimate = { value: 0.9, low: 0.8, high: 0.95 };
const agreement = {
  count: 10,
  unscored: 0,
  quadraticKappa: estimate,
  exactAgreement: estimate,
  adjacentAgreement: estimate,
  meanAbsoluteError: estimate,
  pearson: estimate,
};
const passing = {
  total: agreement,
  criteria: {},
  bootstrap: { resamples: 100, seed: 1, level: 0.95 },
} as unknown as CalibrationResult;

function setUp() {
  let stored: Calibration = {
    id: "cal_1",
    rubricId: rubric.id,
    rubricVersion: rubric.version,
    jobId: "job_cal",
    status: "running",
    answerCount: 10,
    createdBy: "key_1",
    createdAt: new Date(0).toISOString(),
    completedAt: null,
    answersPurgedAt: null,
    result: null,
  };
  const released: string[] = [];
  let releaseFails = true;
  const dependencies = {
    calibrationsFor: () => ({
      find: () => Promise.resolve(stored),
      answers: () => Promise.resolve([]),
      listForRubric: () => Promise.resolve([stored]),
      findByJob: () => Promise.resolve(stored),
      complete: (_id: string, result: CalibrationResult, now: Date) => {
        stored = { ...stored, status: "completed", result, completedAt: now.toISOString() };
        return Promise.resolve();
      },
      create: () => Promise.resolve(),
    }),
    requirements: {
      findBoth: () => Promise.resolve({ tenant: { minQuadraticKappa: 0.7, minAnswers: 10 }, rubric: null }),
    },
    jobs: {
      getJob: () => Promise.resolve({ status: "completed" }),
      results: () => Promise.resolve([]),
      releaseForCalibration: (_scope: Scope, request: { calibrationId: string }) => {
        // The process stops here the first time: the result is stored, no job is released.
        if (releaseFails) {
          releaseFails = false;
          return Promise.reject(new Error("the process died"));
        }
        released.push(request.calibrationId);
        return Promise.resolve(["job_held"]);
      },
    },
    grading: { getRubric: () => Promise.resolve({ rubric, createdAt: new Date(0).toISOString() }) },
    clock: { now: () => new Date(1_000), sleep: () => Promise.resolve() },
    newId: (prefix: string) => `${prefix}_x`,
    computeResult: () => passing,
    computeComparison: () => {
      throw new Error("not used");
    },
  } as unknown as CalibrationServiceDependencies;
  return { service: createCalibrationService(dependencies), released };
}

describe("a passing calibration whose release was cut short", () => {
  it("releases the held jobs when it is next read", async () => {
    const { service, released } = setUp();
    // The last item ended; the result is stored, then the release fails.
    await expect(service.settleForJob(scope, "job_cal")).rejects.toThrow("the process died");
    expect(released).toEqual([]);

    const calibration = await service.get(scope, "cal_1");
    expect(calibration.status).toBe("completed");
    expect(released).toEqual(["cal_1"]);
  });
});
