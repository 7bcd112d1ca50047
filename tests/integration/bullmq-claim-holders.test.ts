import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { defaultOperatorScope } from "../../src/grading/access.js";
import { validateRubricDocument } from "../../src/grading/rubric-loading.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { createTestDatabase, postgresUrl, type TestDatabase } from "../helpers/postgres.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";

/**
 * The BullMQ engine claims each item under a holder of its own, as the embedded runner does
 * (job-runner-reclaim.test.ts). Regression: every claim of a process held its item under the process's
 * one owner id, so a message BullMQ handed out again while it was still processed here (its lock ran
 * out while the event loop was held) claimed the same item in this process under the same holder once
 * the SQL lease had run out too: the run that lost the item could not be told from the one holding it,
 * and settled it over that run's lease. Each claim's lease is renewed under that claim's holder.
 */
const scope = defaultOperatorScope;

let storage: Storage | undefined;
let runtime: Runtime | undefined;
let database: TestDatabase | undefined;
afterEach(async () => {
  await runtime?.close({ graceMs: 0 });
  await storage?.close();
  await database?.drop();
  runtime = undefined;
  storage = undefined;
  database = undefined;
});

describe.skipIf(!postgresUrl)("BullMQ on PostgreSQL: claims of job items", () => {
  it("hold each item under a holder of their own, and renew each lease under it", async () => {
    database = await createTestDatabase("bullmq_claim_holders");
    const real = await openStorage(database.config);
    storage = real;
    const claimedBy: string[] = [];
    const renewedBy = new Set<string>();
    const spied: Storage = {
      ...real,
      jobQueue: {
        ...real.jobQueue,
        async claimItem(options) {
          const claim = await real.jobQueue.claimItem(options);
          if (claim.kind === "claimed") claimedBy.push(claim.item.holder);
          return claim;
        },
        async renew(items, holder, until) {
          if (items.length > 0) renewedBy.add(holder);
          return real.jobQueue.renew(items, holder, until);
        },
      },
    };
    let replyNow: () => void = () => {};
    const replied = new Promise<void>((resolve) => (replyNow = resolve));
    const model = createScriptedModel({
      fallback: async () => {
        await replied;
        return allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
      },
    });
    // Leases of 2 s are renewed every ~0.7 s while the replies are held.
    const config = loadConfig({
      LOG_LEVEL: "silent",
      DATABASE_URL: database.config.url,
      GRADER_LEASE_SECONDS: "2",
    });
    runtime = await createRuntime(config, {
      model,
      storage: spied,
      logger: pino({ level: "silent" }),
      jobTimings: { idlePollMs: 50, baseBackoffMs: 50, reconcileEveryMs: 250, dispatchGraceMs: 1_000 },
    });
    runtime.jobRunner.start();
    const validation = validateRubricDocument(scienceRubric);
    if (!validation.ok) throw new Error("invalid test rubric");
    await runtime.service.saveRubric(scope, validation.rubric);
    const upload = await runtime.jobs.startJob(scope, { rubricId: scienceRubric.id, source: "json" });
    await upload.add(
      { answer: "Light makes glucose, one.", studentId: "s1", submissionId: null },
      "answers[0]",
    );
    await upload.add(
      { answer: "Light makes glucose, two.", studentId: "s2", submissionId: null },
      "answers[1]",
    );
    const job = await upload.finish();
    runtime.jobRunner.wake(job.id);

    await vi.waitFor(() => expect(claimedBy).toHaveLength(2), { timeout: 15_000, interval: 20 });
    expect(claimedBy[0]).not.toBe(claimedBy[1]);
    await vi.waitFor(() => expect([...renewedBy].sort()).toEqual([...claimedBy].sort()), {
      timeout: 15_000,
      interval: 20,
    });
    replyNow();
    await vi.waitFor(
      async () => expect((await runtime!.jobs.getJob(scope, job.id)).status).toBe("completed"),
      { timeout: 15_000, interval: 20 },
    );
  });
});
