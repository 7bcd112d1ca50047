import { describe, expect, it, vi } from "vitest";
import { crashableServers, uploadScienceRubric } from "../helpers/crashable-servers.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";
import type { ServerProcess } from "../helpers/server-process.js";

/**
 * A grade in progress holds its worst-case cost against the school's daily budget, in the database, so
 * that every process sees it. The hold of a process killed (SIGKILL) while grading must lapse with the
 * other leases (GRADER_LEASE_SECONDS): it lapsed only after a fixed minute, and until then every new
 * grade of the school was refused 429 `budget_exhausted` for a grade that no longer ran.
 */

const leaseSeconds = 2;

const servers = crashableServers("grader-budget-crash-", {
  GRADER_LEASE_SECONDS: String(leaseSeconds),
  GRADER_DAILY_BUDGET_USD: "",
});

const grade = (server: ServerProcess, answer: string) =>
  fetch(`${server.url}/v1/grade`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ rubricId: scienceRubric.id, answer }),
  });

describe("a grade whose process is killed (SIGKILL) while it holds part of the daily budget", () => {
  it("stops holding the budget once its lease runs out", async () => {
    servers.fake.setDefault({ kind: "hang", ms: 60_000, then: { kind: "sample" } });
    const first = await servers.start();
    await uploadScienceRubric(first);
    const estimate = await fetch(`${first.url}/v1/estimate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rubricId: scienceRubric.id, sampleAnswers: ["Plants use light."] }),
    });
    expect(estimate.status).toBe(200);
    const worstCase = ((await estimate.json()) as { cost: { max: number } }).cost.max;
    expect(worstCase).toBeGreaterThan(0);
    // A grade is admitted while the spend and the others' holds are below it: one at a time, here.
    const settings = await fetch(`${first.url}/v1/settings`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ dailyBudgetUsd: 0.5 * worstCase }),
    });
    expect(settings.status).toBe(200);

    void grade(first, "Plants use light and water to make glucose.").catch(() => undefined);
    await vi.waitFor(() => expect(servers.fake.requests.length).toBeGreaterThan(0), {
      timeout: 20_000,
      interval: 20,
    });
    await first.stop("SIGKILL");
    servers.fake.setDefault({ kind: "sample" });

    const second = await servers.start();
    // Refused while the dead grade's hold lasts (429 with Retry-After), admitted once it lapsed: well
    // within this wait for a lease of 2 s, never within it for a hold of a minute.
    await vi.waitFor(
      async () => {
        const response = await grade(second, "Light and water make sugar in the leaves.");
        if (response.status === 429) expect(response.headers.get("retry-after")).not.toBeNull();
        expect(response.status).toBe(200);
      },
      { timeout: 20_000, interval: 250 },
    );
    // Two server processes start: slow on a loaded machine.
  }, 120_000);
});
