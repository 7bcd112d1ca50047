import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  buildRubricJsonSchema,
  renderRubricJsonSchema,
  rubricJsonSchemaId,
  rubricJsonSchemaPath,
} from "../../../scripts/rubric-json-schema.js";
import { parseRubricText } from "../../../src/grading/rubric-loading.js";
import { rubricMaxPoints, type Rubric } from "../../../src/grading/rubric.js";

const rubricsDirectory = fileURLToPath(new URL("../../../rubrics/", import.meta.url));
const rubricFiles = readdirSync(rubricsDirectory)
  .filter((name) => /\.(ya?ml|json)$/.test(name))
  .sort();
const modeline = "# yaml-language-server: $schema=../docs/rubric.schema.json";

function readRubricFile(name: string): string {
  return readFileSync(`${rubricsDirectory}${name}`, "utf8");
}

function loadRubric(name: string): Rubric {
  const result = parseRubricText(readRubricFile(name));
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problems, null, 2)}`);
  return result.rubric;
}

describe("example rubrics in rubrics/", () => {
  it("include the science, essay and Persian examples", () => {
    expect(rubricFiles).toEqual(
      expect.arrayContaining([
        "science-photosynthesis.yaml",
        "essay-argumentative.yaml",
        "fa-water-cycle.yaml",
      ]),
    );
  });

  it.each(rubricFiles)("%s is a valid rubric with the editor modeline on its first line", (name) => {
    const text = readRubricFile(name);
    const result = parseRubricText(text);
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (name.endsWith(".json")) return;
    expect(text.split("\n", 1)[0]).toBe(modeline);
  });

  it("have distinct ids", () => {
    const ids = rubricFiles.map((name) => loadRubric(name).id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("science: every criterion has levels, with a reference answer, grading notes and graded examples", () => {
    const rubric = loadRubric("science-photosynthesis.yaml");
    expect(rubric.language).toBe("en");
    expect(rubric.criteria.length).toBeGreaterThanOrEqual(3);
    for (const criterion of rubric.criteria) expect(criterion.levels?.length).toBeGreaterThan(0);
    expect(rubric.referenceAnswer).toMatch(/carbon dioxide/);
    expect(rubric.gradingNotes).toMatch(/misconception/i);
    expect(rubric.exemplars?.length).toBeGreaterThanOrEqual(1);
    expect(rubric.exemplars?.length).toBeLessThanOrEqual(2);
  });

  it("essay: graded per criterion, with different maxPoints, some criteria with levels and some plain", () => {
    const rubric = loadRubric("essay-argumentative.yaml");
    expect(rubric.grading?.strategy).toBe("per-criterion");
    expect(new Set(rubric.criteria.map((criterion) => criterion.maxPoints)).size).toBeGreaterThan(1);
    expect(rubric.criteria.some((criterion) => criterion.levels)).toBe(true);
    expect(rubric.criteria.some((criterion) => !criterion.levels)).toBe(true);
    expect(rubric.criteria.map((criterion) => criterion.id)).toEqual(
      expect.arrayContaining(["thesis", "evidence", "counter-argument", "organisation", "conventions"]),
    );
    expect(rubricMaxPoints(rubric)).toBe(20);
  });

  it("Persian: language fa, Persian text spelt with ZWNJ, ASCII slug ids", () => {
    const text = readRubricFile("fa-water-cycle.yaml");
    const rubric = loadRubric("fa-water-cycle.yaml");
    expect(rubric.language).toBe("fa");
    expect(text).toContain("\u200c");
    expect(rubric.question).toContain("می\u200cشوند");
    expect(rubric.referenceAnswer).toContain("قطره\u200cها");
    // Persian letters, not their Arabic look-alikes (ي U+064A, ك U+0643).
    expect(text).not.toMatch(/[\u064a\u0643]/);
    for (const criterion of rubric.criteria) {
      expect(criterion.id).toMatch(/^[a-z0-9-]+$/);
      expect(criterion.title).toMatch(/[\u0600-\u06ff]/);
      expect(criterion.description).toMatch(/[\u0600-\u06ff]/);
    }
  });

  it("the SAF rubric's exemplars add up to the human scores they came with (1.5 and 2.5)", () => {
    const rubric = loadRubric("saf-binary-encoding.yaml");
    const totals = rubric.exemplars!.map((exemplar) =>
      Object.values(exemplar.points).reduce((sum, points) => sum + points, 0),
    );
    expect(totals).toEqual([1.5, 2.5]);
    expect(rubricMaxPoints(rubric)).toBe(2.5);
  });
});

describe("docs/rubric-format.md", () => {
  const markdown = readFileSync(
    fileURLToPath(new URL("../../../docs/rubric-format.md", import.meta.url)),
    "utf8",
  );
  const yamlBlocks = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);

  it("its complete annotated example is a valid rubric", () => {
    const example = yamlBlocks.find((block) => block.includes("criteria:"));
    expect(example).toBeDefined();
    const result = parseRubricText(example!);
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.rubric.exemplars).toHaveLength(1);
    expect(result.rubric.grading).toEqual({
      strategy: "all-criteria",
      samples: 3,
      evidencePolicy: "review",
      modelInjectionScreen: false,
    });
  });

  it("shows the same editor modeline as the example rubrics", () => {
    expect(markdown).toContain(modeline);
  });
});

describe("docs/rubric.schema.json", () => {
  const onDisk = readFileSync(rubricJsonSchemaPath, "utf8");

  it("is what scripts/generate-rubric-schema.ts generates now (run it after changing src/grading/rubric.ts)", async () => {
    expect(JSON.parse(onDisk)).toEqual(buildRubricJsonSchema());
    expect(onDisk).toBe(await renderRubricJsonSchema());
  });

  it("has its $id and title and describes strict objects with half points", () => {
    const schema = buildRubricJsonSchema() as {
      $id: string;
      title: string;
      additionalProperties: boolean;
      required: string[];
      properties: { criteria: { items: { properties: { maxPoints: { multipleOf: number } } } } };
    };
    expect(schema.$id).toBe(rubricJsonSchemaId);
    expect(schema.title).toBeTruthy();
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["id", "title", "question", "criteria"]);
    expect(schema.properties.criteria.items.properties.maxPoints.multipleOf).toBe(0.5);
  });

  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(JSON.parse(onDisk));

  it.each(rubricFiles)("accepts %s", (name) => {
    const valid = validate(parse(readRubricFile(name)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("rejects what the service rejects for the same reason: an unknown key, quarter points, a bad slug", () => {
    const rubric = parse(readRubricFile("science-photosynthesis.yaml"));
    rubric.id = "Photosynthesis 1";
    rubric.criteria[0].maxpoints = 3;
    rubric.criteria[1].maxPoints = 1.25;
    expect(validate(rubric)).toBe(false);
    const failures = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`);
    expect(failures).toEqual(
      expect.arrayContaining([
        "/id pattern",
        "/criteria/0 additionalProperties",
        "/criteria/1/maxPoints multipleOf",
      ]),
    );
  });
});
