import { afterEach, describe, expect, it } from "vitest";
import type { Scope } from "../../../src/grading/access.js";
import { createJobService } from "../../../src/grading/job-service.js";
import type { GradingService } from "../../../src/grading/grading-service.js";
import { validateRubricDocument } from "../../../src/grading/rubric-loading.js";
import { openStorage, type Storage } from "../../../src/storage/database.js";
import { scienceRubric } from "../../helpers/rubric-fixtures.js";

/**
 * The one moment a passing calibration cannot release a job by itself: it lands between the upload's
 * check ("must this job wait?") and the job being opened held. The upload checks again once it is held.
 */

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
});

const scope: Scope = { tenantId: "default", role: "admin", keyId: null, operator: false };
const validation = validateRubricDocument(scienceRubric);
if (!validation.ok) throw new Error("fixture rubric is invalid");
const rubric = validation.rubric;

async function jobService(passing: string | null) {
  storage = await openStorage({ kind: "sqlite", path: ":memory:" });
  // The job is created against a stored rubric version (a deleted one is refused).
  await storage.forTenant("default").rubrics.save(rubric, new Date());
  const queued: string[] = [];
  const grading = {
    gradableRubric: () => Promise.resolve({ rubric, createdAt: new Date().toISOString() }),
    getRubric: () => Promise.resolve({ rubric, createdAt: new Date().toISOString() }),
  } as unknown as Pick<GradingService, "gradableRubric" | "getRubric">;
  let counter = 0;
  const service = createJobService({
    jobsFor: (tenantId) => storage!.jobsFor(tenantId),
    grading,
    clock: { now: () => new Date(), sleep: () => Promise.resolve() },
    newId: (prefix) => `${prefix}_${++counter}`,
    maxAnswerChars: 10_000,
    maxItems: 100,
    onJobQueued: (jobId) => queued.push(jobId),
    // Checked before the job is opened: no calibration passes yet.
    mustAwaitCalibration: () => Promise.resolve(true),
    // Asked once the job is held: by then one has landed (or not).
    passingCalibration: () => Promise.resolve(passing),
  });
  return { service, queued };
}

async function upload(service: Awaited<ReturnType<typeof jobService>>["service"]) {
  const started = await service.startJob(scope, { rubricId: rubric.id, source: "json" });
  await started.add({ answer: "Light and water.", studentId: null, submissionId: null }, "answers[0]");
  return started.finish();
}

describe("a job held while a calibration lands", () => {
  it("is released as that calibration would have released it", async () => {
    const { service, queued } = await jobService("cal_landed");
    const job = await upload(service);
    expect(job.status).toBe("queued");
    expect(job.release).toEqual({ by: null, at: expect.any(String), calibrationId: "cal_landed" });
    expect(queued).toEqual([job.id]);
  });

  it("stays held when none passes", async () => {
    const { service, queued } = await jobService(null);
    const job = await upload(service);
    expect(job.status).toBe("awaiting_calibration");
    expect(job.release).toBeNull();
    expect(queued).toEqual([]);
  });
});
