import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ImportOptions, InterchangeFormat } from "../../../src/grading/rubric-interchange.js";
import { parseRubricText } from "../../../src/grading/rubric-loading.js";
import type { Rubric } from "../../../src/grading/rubric.js";
import { splitDescription } from "../../../src/interchange/moodle-guide.js";
import {
  criteriaWithoutIds,
  importValid,
  interchange,
  interchangeFixture,
} from "../../helpers/interchange-fixtures.js";

/** Every real example under tests/fixtures/rubric-interchange/ that converts (README: sources). */
const fixtures: [InterchangeFormat, string, ImportOptions][] = [
  ["canvas-csv", "canvas/import-template.csv", {}],
  ["canvas-csv", "canvas/spec-varying-ratings.csv", {}],
  ["canvas-csv", "canvas/spec-multiple-rubrics.csv", { rubricName: "Rubric 1" }],
  ["canvas-csv", "canvas/spec-multiple-rubrics.csv", { rubricName: "Rubric 2" }],
  ["canvas-csv", "canvas/spec-decimal-points.csv", { rubricName: "Rubric 1" }],
  ["canvas-csv", "canvas/spec-decimal-points.csv", { rubricName: "Rubric 2" }],
  ["moodle-rubric", "moodle/edit-rubric.grading.xml", {}],
  ["moodle-guide", "moodle/edit-guide.grading.xml", {}],
];

describe("round trip of the real LMS examples", () => {
  it.each(fixtures)("%s %s (%j): import → export → import gives the same rubric", (format, path, options) => {
    const first = importValid(format, interchangeFixture(path), options);
    const exported = interchange.exportRubric(format, first.rubric);
    // What the format does not carry comes back from the same options, as a teacher would give them.
    const second = importValid(format, exported.body, {
      id: first.rubric.id,
      question: first.rubric.question,
      language: first.rubric.language,
    });
    expect(second.rubric).toEqual(first.rubric);
    expect(second.rubric.version).toBe(first.rubric.version);
  });

  it("the exported Canvas file is the import template again, but for the two 1-point ratings merged into one", () => {
    const template = interchangeFixture("canvas/import-template.csv").toString("utf8");
    const { rubric } = importValid("canvas-csv", template);
    const { body } = interchange.exportRubric("canvas-csv", rubric);
    const [header, first] = body.split("\n");
    expect([header, first]).toEqual(template.split("\n").slice(0, 2));
  });
});

const rubricsDirectory = new URL("../../../rubrics/", import.meta.url);
const examples: Rubric[] = readdirSync(rubricsDirectory)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()
  .map((name) => {
    const result = parseRubricText(readFileSync(new URL(name, rubricsDirectory), "utf8"));
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problems)}`);
    return result.rubric;
  });

function reimport(format: InterchangeFormat, rubric: Rubric) {
  const exported = interchange.exportRubric(format, rubric);
  return {
    exported,
    back: importValid(format, exported.body, {
      id: rubric.id,
      question: rubric.question,
      language: rubric.language,
    }).rubric,
  };
}

describe("our example rubrics through each LMS format", () => {
  it.each(examples.map((rubric) => [rubric.id, rubric] as const))(
    "%s: Canvas CSV and Moodle rubric give back the same criteria, levels and points",
    (_id, rubric) => {
      for (const format of ["canvas-csv", "moodle-rubric"] as const) {
        const { back } = reimport(format, rubric);
        expect(back.title).toBe(rubric.title);
        expect(criteriaWithoutIds(back)).toEqual(criteriaWithoutIds(rubric));
      }
    },
  );

  it.each(examples.map((rubric) => [rubric.id, rubric] as const))(
    "%s: a Moodle marking guide gives back the same criteria and points (levels become markers' text)",
    (_id, rubric) => {
      const { back } = reimport("moodle-guide", rubric);
      expect(back.criteria.map((criterion) => [criterion.title, criterion.maxPoints])).toEqual(
        rubric.criteria.map((criterion) => [criterion.title, criterion.maxPoints]),
      );
      back.criteria.forEach((criterion, index) => {
        const original = rubric.criteria[index]!;
        expect(criterion.levels).toBeUndefined();
        expect(splitDescription(criterion.description).students).toBe(original.description);
        for (const level of original.levels ?? []) {
          expect(criterion.description).toContain(`- ${level.points}: `);
        }
      });
    },
  );

  it("reports, for each format, every field of the essay rubric the format cannot carry", () => {
    const essay = examples.find((rubric) => rubric.id === "essay-later-school-start")!;
    for (const format of ["canvas-csv", "moodle-rubric", "moodle-guide"] as const) {
      const paths = reimport(format, essay).exported.warnings.map((warning) => warning.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          "id",
          "question",
          "language",
          "referenceAnswer",
          "gradingNotes",
          "exemplars",
          "grading",
        ]),
      );
      // Criteria without levels (organisation, conventions) are converted, and said so.
      if (format !== "moodle-guide")
        expect(paths).toEqual(expect.arrayContaining(["criteria[3]", "criteria[4]"]));
    }
  });
});
