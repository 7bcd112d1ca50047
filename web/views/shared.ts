import type { ApiClient } from "../lib/api.js";
import { field, h, isolated, replace } from "../lib/dom.js";
import { directionOf } from "../lib/text.js";
import type { Rubric, RubricList, RubricSummary } from "../lib/types.js";

/** A select of the tenant's rubrics that take grades (archived ones are left out). */
export async function rubricSelect(
  api: ApiClient,
  label = "Rubric",
): Promise<{
  element: HTMLElement;
  select: HTMLSelectElement;
  rubrics: RubricSummary[];
}> {
  const { rubrics } = await api.json<RubricList>("/v1/rubrics");
  const open = rubrics.filter((rubric) => !rubric.archivedAt);
  const select = h(
    "select",
    { name: "rubric" },
    open.map((rubric) => h("option", { value: rubric.id }, `${isolated(rubric.title)} (${rubric.id})`)),
  );
  const hint = open.length ? undefined : "No rubric yet: upload one under Rubrics.";
  return { element: field(label, select, hint), select, rubrics: open };
}

const rubricCache = new Map<string, Rubric>();

/** A rubric version, read once per page load (versions never change). */
export async function readRubric(api: ApiClient, id: string, version?: string): Promise<Rubric> {
  const cacheKey = `${id}@${version ?? ""}`;
  const cached = version ? rubricCache.get(cacheKey) : undefined;
  if (cached) return cached;
  const rubric = await api.json<Rubric>(`/v1/rubrics/${encodeURIComponent(id)}`, { query: { version } });
  rubricCache.set(`${id}@${rubric.version}`, rubric);
  return rubric;
}

/** Marks an element as written in the rubric's language, so that Persian or Arabic runs right to left. */
export function inLanguage<T extends HTMLElement>(element: T, language: string): T {
  element.lang = language;
  element.dir = directionOf(language);
  return element;
}

/** The question of a rubric, in its language. */
export function questionBlock(rubric: Rubric): HTMLElement {
  return inLanguage(
    h("blockquote", { className: "question" }, h("strong", {}, rubric.title), h("p", {}, rubric.question)),
    rubric.language,
  );
}

export function formatPoints(points: number | null): string {
  return points === null ? "—" : String(points);
}

export function formatPercent(value: number | null): string {
  return value === null ? "—" : `${Math.round(value * 100)}%`;
}

/** A definition list from label/value pairs. */
export function facts(pairs: [string, string | Node][]): HTMLElement {
  return h(
    "dl",
    { className: "facts" },
    pairs.map(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]),
  );
}

export function section(title: string, ...children: (Node | null | false)[]): HTMLElement {
  const heading = h("h2", {}, title);
  const element = h("section", { className: "card" }, heading);
  for (const child of children) if (child) element.append(child);
  return element;
}

export function clear(element: HTMLElement): void {
  replace(element);
}
