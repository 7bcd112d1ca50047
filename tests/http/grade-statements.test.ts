import BetterSqlite3 from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { scriptedModelPrices, spendTestAnswer } from "../helpers/spend-fixtures.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * The SQL statements of the common grade, one model call: each costs about 20 µs on a path being made
 * faster, so the spend's bookkeeping (a hold, its lapse, a store reported failed) must add none to it. The
 * figures are those of the grade as it was before that bookkeeping was made exact; a change that adds a
 * statement to this path must say why here.
 */
const statement = Object.getPrototypeOf(new BetterSqlite3(":memory:").prepare("select 1")) as Record<
  "run" | "get" | "all" | "iterate",
  (...args: unknown[]) => unknown
>;
const methods = ["run", "get", "all", "iterate"] as const;
const originals = Object.fromEntries(methods.map((name) => [name, statement[name]]));
let counted = 0;
beforeAll(() => {
  for (const name of methods) {
    const original = originals[name]!;
    statement[name] = function (this: unknown, ...args: unknown[]) {
      counted++;
      return original.apply(this, args);
    };
  }
});
afterAll(() => {
  for (const name of methods) statement[name] = originals[name]!;
});

describe("the SQL statements of a one-call grade", () => {
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.close();
    test = undefined;
  });

  async function statementsOfOneGrade(env: Record<string, string>): Promise<number> {
    const model = createScriptedModel({ fallback: allCriteriaReply({ inputs: 2, outputs: 1 }) });
    test = await buildTestAppWithRubric({
      env: { GRADER_PRICES: scriptedModelPrices, ...env },
      dependencies: { model },
    });
    const grade = (answer: string) =>
      test!.app.inject({ method: "POST", url: "/v1/grade", payload: { rubricId: scienceRubric.id, answer } });
    // The first grade prepares what is prepared once.
    expect((await grade(spendTestAnswer)).statusCode).toBe(200);
    counted = 0;
    const response = await grade("Light and water make sugar in the leaves.");
    expect(response.statusCode, response.body).toBe(200);
    expect(model.calls).toHaveLength(2);
    return counted;
  }

  it("are as many as before, without a daily budget", async () => {
    expect(await statementsOfOneGrade({})).toBe(12);
  });

  it("are as many as before, with a daily budget", async () => {
    expect(await statementsOfOneGrade({ GRADER_DAILY_BUDGET_USD: "100" })).toBe(19);
  });
});
