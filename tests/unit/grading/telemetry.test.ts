import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/grading/errors.js";
import type { StoredGrade } from "../../../src/grading/grade.js";
import type { GradeStore, TenantStores } from "../../../src/grading/ports.js";
import { observeGradeWrites, observeModel, type GradingTelemetry } from "../../../src/grading/telemetry.js";
import { createScriptedModel } from "../../helpers/scripted-model.js";

/** The telemetry port's decorators: what passes the model and the stores is reported, and only that. */

function recorder() {
  const events: { kind: string; event: unknown }[] = [];
  const telemetry: GradingTelemetry = {
    gradeStored: (event) => events.push({ kind: "stored", event }),
    modelCallFinished: (event) => events.push({ kind: "finished", event }),
    modelCallFailed: (event) => events.push({ kind: "failed", event }),
    gradeRefused: (event) => events.push({ kind: "refused", event }),
    passbackSettled: (event) => events.push({ kind: "passback", event }),
  };
  return { telemetry, events };
}

const call = {
  task: "grade-all-criteria" as const,
  variables: { answer: "x" },
  replySchema: undefined as never,
  replySchemaName: "grade",
  schemaKey: "k",
  temperature: 0,
};

describe("observeModel", () => {
  it("reports each reply with its tokens and cost, and passes it on unchanged", async () => {
    const { telemetry, events } = recorder();
    const model = createScriptedModel({ fallback: { reply: "{}", inputTokens: 1_000, outputTokens: 200 } });
    const observed = observeModel(model, telemetry, { inputPerMillionTokens: 1, outputPerMillionTokens: 5 });
    expect(observed.id).toBe(model.id);
    expect(observed.estimateInputTokens(call)).toBe(model.estimateInputTokens(call));
    const attempt = await observed.complete({ ...call, repair: { previousReply: "", problems: [] } });
    expect(attempt.reply).toBe("{}");
    expect(events).toEqual([
      {
        kind: "finished",
        event: {
          model: "openai:scripted-model",
          task: "grade-all-criteria",
          repair: true,
          finishReason: "stop",
          latencyMs: 5,
          usage: { inputTokens: 1_000, outputTokens: 200 },
          costUsd: 0.002,
        },
      },
    ]);
  });

  it("reports failures by code, an aborted sibling as aborted, and rethrows the error itself", async () => {
    const { telemetry, events } = recorder();
    const model = createScriptedModel();
    const observed = observeModel(model, telemetry, undefined);
    const failure = new AppError("provider_timeout");
    model.enqueue({ throws: failure });
    await expect(observed.complete(call)).rejects.toBe(failure);
    const abort = new AbortController();
    abort.abort();
    model.enqueue({ throws: new Error("aborted") });
    await expect(observed.complete({ ...call, signal: abort.signal })).rejects.toThrow("aborted");
    model.enqueue({ throws: new TypeError("a bug") });
    await expect(observed.complete(call)).rejects.toThrow("a bug");
    expect(events.map(({ event }) => (event as { code: string }).code)).toEqual([
      "provider_timeout",
      "aborted",
      "internal_error",
    ]);
  });
});

describe("observeGradeWrites", () => {
  const grade = (id: string) =>
    ({
      id,
      status: "graded",
      flags: [],
      gradedBy: "model",
      cached: false,
      model: "m",
    }) as unknown as StoredGrade;

  function fakeStores(inserted: string[]): TenantStores {
    const grades = { insert: (write) => Promise.resolve(void inserted.push(write.grade.id)) } as GradeStore;
    const stores = { grades } as unknown as TenantStores;
    stores.transaction = async (work) => {
      const pending: string[] = [];
      const result = await work({
        ...stores,
        grades: { ...grades, insert: (write) => Promise.resolve(void pending.push(write.grade.id)) },
      });
      inserted.push(...pending);
      return result;
    };
    return stores;
  }

  it("reports a grade once it is stored, and a grade written in a transaction only when it commits", async () => {
    const { telemetry, events } = recorder();
    const inserted: string[] = [];
    const stores = observeGradeWrites(fakeStores(inserted), telemetry);
    await stores.grades.insert({ grade: grade("plain"), answer: "", cacheKey: null, audit: {} as never });
    await stores.transaction(async (inner) => {
      await inner.grades.insert({
        grade: grade("committed"),
        answer: "",
        cacheKey: null,
        audit: {} as never,
      });
    });
    await expect(
      stores.transaction(async (inner) => {
        await inner.grades.insert({
          grade: grade("rolled-back"),
          answer: "",
          cacheKey: null,
          audit: {} as never,
        });
        throw new Error("conflict");
      }),
    ).rejects.toThrow("conflict");
    expect(inserted).toEqual(["plain", "committed"]);
    expect(events).toEqual([
      {
        kind: "stored",
        event: { status: "graded", flags: [], gradedBy: "model", cached: false, model: "m" },
      },
      {
        kind: "stored",
        event: { status: "graded", flags: [], gradedBy: "model", cached: false, model: "m" },
      },
    ]);
  });

  it("reports a transaction's grade once when the database ran the transaction twice (a deadlock's victim)", async () => {
    const { telemetry, events } = recorder();
    const inserted: string[] = [];
    const base = fakeStores(inserted);
    const once = base.transaction.bind(base);
    // What inTransaction does when PostgreSQL aborts the first run: the work runs again from the start.
    base.transaction = async (work) => {
      await once(async (inner) => {
        await work(inner);
        throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
      }).catch(() => undefined);
      return once(work);
    };
    const stores = observeGradeWrites(base, telemetry);
    await stores.transaction(async (inner) => {
      await inner.grades.insert({ grade: grade("retried"), answer: "", cacheKey: null, audit: {} as never });
    });
    expect(inserted).toEqual(["retried"]);
    expect(events.filter((event) => event.kind === "stored")).toHaveLength(1);
  });
});
