import { afterEach, describe, expect, it } from "vitest";
import { randomHex } from "../../src/lib/ids.js";
import { startCallbackReceiver, type CallbackReceiver } from "../helpers/callback-receiver.js";
import { eventually, integrationEnv, sendEvent } from "../helpers/integration-fixtures.js";
import {
  createTestDatabase,
  postgresSkipReason,
  postgresUrl,
  type TestDatabase,
} from "../helpers/postgres.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * The integration path on PostgreSQL, with both job engines there (the embedded queue and BullMQ on its
 * PostgreSQL backend): signed events in, duplicates and forgeries dropped, every valid submission graded
 * once and passed back once. The SQLite path has its own, larger tests (tests/http/integrations*.ts).
 */

const bootstrapKey = "bootstrap-key-for-pg-integrations-0123";
let test: TestApp | undefined;
let receiver: CallbackReceiver | undefined;
let database: TestDatabase | undefined;

afterEach(async () => {
  await test?.close();
  await receiver?.close();
  await database?.drop();
  test = undefined;
  receiver = undefined;
  database = undefined;
});

describe.skipIf(!postgresUrl)(
  `integrations on PostgreSQL${postgresUrl ? "" : ` (${postgresSkipReason})`}`,
  () => {
    for (const queue of ["embedded", "bullmq"] as const) {
      it(
        `grades and passes back each valid submission once (${queue} queue)`,
        { timeout: 60_000 },
        async () => {
          database = await createTestDatabase("integrations");
          const model = createScriptedModel({
            fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
          });
          receiver = await startCallbackReceiver();
          test = await buildTestApp({
            env: {
              GRADER_API_KEYS: bootstrapKey,
              ...integrationEnv,
              DATABASE_URL: database.config.url,
              GRADER_QUEUE: queue,
              GRADER_QUEUE_NAME: `test-${randomHex(6)}`,
            },
            dependencies: {
              model,
              jobTimings: { idlePollMs: 20, baseBackoffMs: 5, reconcileEveryMs: 500, dispatchGraceMs: 1_000 },
              integrationTimings: { idlePollMs: 20, baseBackoffMs: 20, maxBackoffMs: 100 },
            },
          });
          const auth = { authorization: `Bearer ${bootstrapKey}` };
          expect(
            (
              await test.app.inject({
                method: "POST",
                url: "/v1/rubrics",
                headers: auth,
                payload: scienceRubric,
              })
            ).statusCode,
          ).toBe(201);
          const integration = (
            await test.app.inject({
              method: "POST",
              url: "/v1/integrations",
              headers: auth,
              payload: {
                type: "webhook",
                name: "pg",
                defaultRubric: { rubricId: scienceRubric.id },
                holdForReview: false,
                callbackUrl: receiver.url,
              },
            })
          ).json<{ id: string; secret: string }>();
          test.runtime.jobRunner.start();
          test.runtime.integrationRunner.start();

          const valid = Array.from({ length: 20 }, (_, index) => ({
            submissionId: 500 + index,
            studentId: `s-${index}`,
            attempt: 1,
            answer: `Light and water make glucose, answer ${index}.`,
          }));
          const statuses: number[] = [];
          for (const [index, data] of valid.entries()) {
            statuses.push((await sendEvent(test, integration, data, { messageId: `m-${index}` })).statusCode);
          }
          // A sender's retries (same message id), the same submission under a new id, and forgeries.
          for (const index of [0, 5, 9]) {
            statuses.push(
              (await sendEvent(test, integration, valid[index]!, { messageId: `m-${index}` })).statusCode,
            );
            statuses.push(
              (await sendEvent(test, integration, valid[index]!, { messageId: `m-again-${index}` }))
                .statusCode,
            );
          }
          const forged = await sendEvent(
            test,
            integration,
            { submissionId: 999, studentId: "x", answer: "Forged glucose." },
            { messageId: "m-forged", signature: `v1,${Buffer.alloc(32, 7).toString("base64")}` },
          );
          expect(forged.statusCode).toBe(401);
          expect(statuses.filter((status) => status === 202)).toHaveLength(20);
          expect(statuses.filter((status) => status === 200)).toHaveLength(6);

          await eventually(() => {
            expect(receiver!.received.filter((callback) => callback.status === 200)).toHaveLength(20);
            return Promise.resolve();
          }, 40_000);
          await new Promise((resolve) => setTimeout(resolve, 300));
          const delivered = receiver.received.filter((callback) => callback.status === 200);
          const submissions = delivered.map(
            (callback) => JSON.parse(callback.body).data.submissionId as string,
          );
          expect(new Set(submissions)).toEqual(new Set(valid.map((data) => String(data.submissionId))));
          expect(delivered).toHaveLength(20);
          expect(model.calls).toHaveLength(20);
        },
      );
    }
  },
);
