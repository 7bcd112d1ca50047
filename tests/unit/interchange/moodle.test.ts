import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { validateRubricDocument } from "../../../src/grading/rubric-loading.js";
import type { Rubric } from "../../../src/grading/rubric.js";
import {
  conversionError,
  importValid,
  interchange,
  interchangeFixture,
  requiredOptions,
} from "../../helpers/interchange-fixtures.js";
import { scienceRubric } from "../../helpers/rubric-fixtures.js";

const rubricFixture = () => interchangeFixture("moodle/edit-rubric.grading.xml").toString("utf8");
const guideFixture = () => interchangeFixture("moodle/edit-guide.grading.xml").toString("utf8");

function stored(document: unknown): Rubric {
  const validation = validateRubricDocument(document);
  if (!validation.ok) throw new Error(JSON.stringify(validation.problems));
  return validation.rubric;
}

/** A minimal grading.xml around one rubric definition's criteria. */
function rubricXml(criteria: string, extra = ""): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<areas>
  <area id="1">
    <areaname>submissions</areaname>
    <activemethod>rubric</activemethod>
    <definitions>
      <definition id="1">
        <method>rubric</method>
        <name>Short rubric</name>${extra}
        <plugin_gradingform_rubric_definition>
          <criteria>${criteria}
          </criteria>
        </plugin_gradingform_rubric_definition>
      </definition>
    </definitions>
  </area>
</areas>
`;
}

function criterion(
  id: number,
  sortorder: number,
  description: string,
  levels: [number | string, string][],
): string {
  const levelXml = levels
    .map(
      ([score, definition], index) =>
        `<level id="${id * 10 + index}"><score>${score}</score><definition>${definition}</definition></level>`,
    )
    .join("");
  return `
            <criterion id="${id}">
              <sortorder>${sortorder}</sortorder>
              <description>${description}</description>
              <levels>${levelXml}</levels>
            </criterion>`;
}

describe("Moodle rubric import", () => {
  it("reads the rubric of Moodle's edit_rubric.feature: criteria, levels and scores", () => {
    const { rubric } = importValid("moodle-rubric", rubricFixture());
    expect(rubric.title).toBe("Assignment 1 rubric");
    expect(rubric.criteria).toEqual([
      {
        id: "criterion-1",
        title: "Criterion 1",
        description: "Criterion 1",
        maxPoints: 50,
        levels: [
          { points: 1, description: "Level 11" },
          { points: 20, description: "Level 12" },
          { points: 40, description: "Level 13" },
          { points: 50, description: "Level 14" },
        ],
      },
      {
        id: "criterion-2",
        title: "Criterion 2",
        description: "Criterion 2",
        maxPoints: 30,
        levels: [
          { points: 10, description: "Level 21" },
          { points: 20, description: "Level 22" },
          { points: 30, description: "Level 23" },
        ],
      },
      {
        id: "criterion-3",
        title: "Criterion 3",
        description: "Criterion 3",
        maxPoints: 20,
        levels: [
          { points: 5, description: "Level 31" },
          { points: 20, description: "Level 32" },
        ],
      },
    ]);
  });

  it("reports the description, every option, the backup metadata and the students' grades it does not import", () => {
    const { warnings } = importValid("moodle-rubric", rubricFixture());
    expect(warnings.map((warning) => warning.path)).toEqual([
      "definition.description",
      "definition.options.sortlevelsasc",
      "definition.options.lockzeropoints",
      "definition.options.alwaysshowdefinition",
      "definition.options.showdescriptionteacher",
      "definition.options.showdescriptionstudent",
      "definition.options.showscoreteacher",
      "definition.options.showscorestudent",
      "definition.options.enableremarks",
      "definition.options.showremarksstudent",
      "definition",
      "definition.instances",
    ]);
    expect(warnings[0]!.message).toContain('"<p>Rubric test description</p>"');
    expect(warnings[2]!.message).toMatch(
      /^"1" \(whether Moodle calculates the grade as if the rubric's minimum score were 0\)/,
    );
    expect(warnings[10]!.message).toContain(
      "status, timecreated, usercreated, timemodified, usermodified, timecopied",
    );
    expect(warnings[11]!.message).toContain("1 filled-in form (students' grades)");
  });

  it("refuses the negative levels of Moodle's negative_points.feature, naming the level and its line", () => {
    const text = interchangeFixture("moodle/negative-points.grading.xml");
    const error = conversionError(() => interchange.importRubric("moodle-rubric", text, requiredOptions));
    expect(error.kind).toBe("invalid-file");
    expect(error.problems).toEqual([
      {
        path: "criterion[id=1].level[id=1].score",
        message: expect.stringContaining("-11 points: negative points (a penalty) have no equivalent"),
        line: 27,
      },
    ]);
  });

  it("orders criteria by sortorder, splits a criterion's text into title and description, and keeps HTML as written", () => {
    const xml = rubricXml(
      criterion(7, 2, "Evidence&#10;&#10;Cites at least two sources.", [
        [0, "None"],
        [2, "Two sources"],
      ]) +
        criterion(3, 1, "Thesis", [
          [1, "Stated"],
          [2, "Stated &amp; previewed"],
        ]),
    );
    const { rubric } = importValid("moodle-rubric", xml);
    expect(rubric.criteria.map((item) => [item.id, item.title, item.description])).toEqual([
      ["thesis", "Thesis", "Thesis"],
      ["evidence", "Evidence", "Cites at least two sources."],
    ]);
    expect(rubric.criteria[0]!.levels![1]!.description).toBe("Stated & previewed");
  });

  it("rounds scores that are not whole or half, merges levels that end up equal, and fills an empty level text", () => {
    const xml = rubricXml(
      criterion(1, 1, "Accuracy", [
        ["0.00000", ""],
        ["1.20000", "Some"],
        ["1.00000", "A little"],
        ["3.00000", "All"],
      ]),
    );
    const { rubric, warnings } = importValid("moodle-rubric", xml);
    expect(rubric.criteria[0]!.levels).toEqual([
      { points: 0, description: "0 points" },
      { points: 1, description: "Some\n\nA little" },
      { points: 3, description: "All" },
    ]);
    expect(warnings.map((warning) => [warning.path, warning.message.slice(0, 40)])).toEqual([
      ["criterion[id=1].level[id=10].definition", "is empty; every level here needs a descr"],
      ["criterion[id=1].level[id=11].score", "1.2 points is not a whole or half number"],
      ["criterion[id=1].level[id=12]", "gives 1 points like criterion[id=1].leve"],
    ]);
  });

  it("reports elements it does not know instead of dropping them", () => {
    const xml = rubricXml(
      criterion(1, 1, "Accuracy", [
        [0, "None"],
        [1, "All"],
      ]).replace("<sortorder>", "<weight>2</weight><sortorder>"),
      "\n        <outcomeid>12</outcomeid>",
    );
    const { warnings } = importValid("moodle-rubric", xml);
    expect(warnings).toEqual([
      { path: "definition.outcomeid", message: "is an element this reader does not know: not imported" },
      { path: "criterion[id=1].weight", message: "is an element this reader does not know: not imported" },
    ]);

    const beside = importValid(
      "moodle-rubric",
      xml.replace(
        "<plugin_gradingform_rubric_definition>",
        "<plugin_gradingform_rubric_definition><scale>5</scale>",
      ),
    );
    expect(beside.warnings).toContainEqual({
      path: "plugin_gradingform_rubric_definition.scale",
      message: "is an element this reader does not know: not imported",
    });
  });

  it("points to the marking-guide format for a guide, and asks which rubric when there are several", () => {
    const guide = conversionError(() =>
      interchange.importRubric("moodle-rubric", guideFixture(), requiredOptions),
    );
    expect(guide.problems[0]!.message).toBe(
      'has no rubric definition; it has guide "Assignment 1 marking guide" (use format=moodle-guide for it)',
    );
    const second = rubricFixture().replace(
      "      </definition>\n    </definitions>",
      '      </definition>\n      <definition id="2"><method>rubric</method><name>Second</name><plugin_gradingform_rubric_definition><criteria><criterion id="9"><sortorder>1</sortorder><description>Only</description><levels><level id="99"><score>1</score><definition>One</definition></level></levels></criterion></criteria></plugin_gradingform_rubric_definition></definition>\n    </definitions>',
    );
    expect(
      conversionError(() => interchange.importRubric("moodle-rubric", second, requiredOptions)),
    ).toMatchObject({
      kind: "missing-option",
      option: "rubricName",
    });
    const chosen = importValid("moodle-rubric", second, { rubricName: "Second" });
    expect(chosen.rubric.criteria).toHaveLength(1);
    // The definition left in the file is reported, not dropped silently.
    expect(chosen.warnings).toContainEqual({
      path: "definition[id=1]",
      message:
        'the file also holds the rubric "Assignment 1 rubric": not imported (import it on its own, with format=moodle-rubric and rubricName)',
    });
  });

  it("chooses a rubric by a name that looks the same, whether its accents are composed or not", () => {
    // Regression: rubricName "Cafe\u0301" (NFD) answered 'no rubric "Café" in the file; it has …, "Café"'.
    const file = rubricFixture().replace(
      "      </definition>\n    </definitions>",
      '      </definition>\n      <definition id="2"><method>rubric</method><name>Café</name><plugin_gradingform_rubric_definition><criteria><criterion id="9"><sortorder>1</sortorder><description>Only</description><levels><level id="99"><score>1</score><definition>One</definition></level></levels></criterion></criteria></plugin_gradingform_rubric_definition></definition>\n    </definitions>',
    );
    const chosen = importValid("moodle-rubric", file, { rubricName: "Cafe\u0301" });
    expect(chosen.rubric.criteria).toHaveLength(1);
    expect(chosen.rubric.title).toBe("Café");
  });

  it("reports a marking guide beside the imported rubric, and says which format reads it", () => {
    const both = rubricFixture().replace(
      "      </definition>\n    </definitions>",
      '      </definition>\n      <definition id="7"><method>guide</method><name>Marking</name></definition>\n    </definitions>',
    );
    expect(both).not.toBe(rubricFixture());
    const { warnings } = importValid("moodle-rubric", both);
    expect(warnings).toContainEqual({
      path: "definition[id=7]",
      message:
        'the file also holds the guide "Marking": not imported (import it on its own, with format=moodle-guide and rubricName)',
    });
  });

  it("refuses a file whose root is not <areas>", () => {
    const error = conversionError(() =>
      interchange.importRubric("moodle-rubric", "<activity><assign/></activity>", requiredOptions),
    );
    expect(error.problems[0]!.message).toBe(
      "the root element is <activity>: expected <areas>, the grading.xml of a Moodle activity backup",
    );
  });
});

describe("XML safety", () => {
  it("refuses an external entity (XXE) before parsing, with its line", () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE areas [\n  <!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n<areas><area><definitions><definition><method>rubric</method><name>&secret;</name></definition></definitions></area></areas>`;
    const error = conversionError(() => interchange.importRubric("moodle-rubric", xxe, requiredOptions));
    expect(error.kind).toBe("invalid-file");
    expect(error.problems[0]).toMatchObject({ path: "file", line: 2 });
    expect(error.problems[0]!.message).toContain("DOCTYPE declaration, which is refused");
    expect(error.problems[0]!.message).not.toContain("root:");
  });

  it("refuses entity expansion (billion laughs) and an ENTITY without a DOCTYPE", () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<areas>&lol2;</areas>`;
    expect(
      conversionError(() => interchange.importRubric("moodle-guide", laughs, requiredOptions)).problems[0],
    ).toMatchObject({
      line: 2,
    });
    const bare = `<areas>\n<!ENTITY x "y">\n</areas>`;
    expect(
      conversionError(() => interchange.importRubric("moodle-guide", bare, requiredOptions)).problems[0],
    ).toMatchObject({
      line: 2,
      message: expect.stringContaining("ENTITY declaration"),
    });
  });

  it("refuses XML that is not well-formed, with its line and column", () => {
    const broken = rubricFixture().replace(
      "<name>Assignment 1 rubric</name>",
      "<name>Assignment 1 rubric</nam>",
    );
    const error = conversionError(() => interchange.importRubric("moodle-rubric", broken, requiredOptions));
    expect(error.problems[0]).toMatchObject({ path: "file", line: 9 });
    expect(error.problems[0]!.message).toMatch(/^is not well-formed XML \(line 9, column \d+: /);
  });

  it("refuses nesting deeper than a grading.xml has, and files with too many elements", () => {
    const deep = `${"<a>".repeat(200)}${"</a>".repeat(200)}`;
    expect(conversionError(() => interchange.importRubric("moodle-rubric", deep, requiredOptions)).kind).toBe(
      "invalid-file",
    );
    const many = `<areas>${"<x/>".repeat(50_001)}</areas>`;
    expect(
      conversionError(() => interchange.importRubric("moodle-rubric", many, requiredOptions)).problems[0]!
        .message,
    ).toContain("at most 50000 are read");
  });
});

describe("Moodle marking guide import", () => {
  it("reads the guide of Moodle's edit_guide.feature, keeping the markers' text under its own heading", () => {
    const { rubric, warnings } = importValid("moodle-guide", guideFixture());
    expect(rubric.title).toBe("Assignment 1 marking guide");
    expect(rubric.criteria).toEqual(
      ["A", "B", "C"].map((letter, index) => ({
        id: `guide-criterion-${letter.toLowerCase()}`,
        title: `Guide criterion ${letter}`,
        description: `Guide ${letter} description for students\n\nFor markers:\nGuide ${letter} description for markers`,
        maxPoints: [30, 30, 40][index],
      })),
    );
    expect(warnings.map((warning) => warning.path)).toEqual([
      "definition.description",
      "definition.options.alwaysshowdefinition",
      "definition.options.showmarkspercriterionstudents",
      "definition",
      "guidecomments",
    ]);
    expect(warnings[4]!.message).toBe(
      '4 frequently used comments ("Comment 1", "Comment 2", "Comment 3", …): remarks a marker inserts into feedback; no equivalent here: not imported',
    );
  });

  it("reads frequently used comments where backups before MDL-37714 wrote them (inside guidecriteria)", () => {
    const legacy = guideFixture()
      .replace("          </guidecriteria>\n", "")
      .replace("          </guidecomments>\n", "          </guidecomments>\n          </guidecriteria>\n");
    const { warnings } = importValid("moodle-guide", legacy);
    expect(warnings.find((warning) => warning.path === "guidecomments")!.message).toMatch(
      /^4 frequently used comments/,
    );
    expect(warnings.some((warning) => warning.message.includes("does not know"))).toBe(false);
  });

  it("shortens a long short name between whole characters: an emoji, a flag or a family at the cut stays whole or goes", () => {
    // Regression: the title was cut after 199 UTF-16 units, inside the emoji there, and the import was
    // refused with "criteria[0].title: contains an unpaired UTF-16 surrogate ... send valid Unicode text".
    for (const [name, kept] of [
      ["x".repeat(198) + "😀 and more words", "x".repeat(198) + "😀"],
      ["x".repeat(198) + "🇩🇪 and more words", "x".repeat(198)],
      ["x".repeat(195) + "👩‍👩‍👧 and more words", "x".repeat(195)],
      ["x".repeat(198) + "e\u0301 and more words", "x".repeat(198)],
    ] as const) {
      const xml = guideFixture().replace(
        "<shortname>Guide criterion A</shortname>",
        `<shortname>${name}</shortname>`,
      );
      const { rubric } = importValid("moodle-guide", xml);
      expect(rubric.criteria[0]!.title).toBe(`${kept}…`);
    }
    // A title's 200 characters are counted as the rubric counts them (an emoji is one): a name of 150
    // emoji fits and is kept whole, without a warning (it was cut at 100 emoji, 199 UTF-16 units).
    const emoji = "🌱".repeat(150);
    const { rubric, warnings } = importValid(
      "moodle-guide",
      guideFixture().replace("<shortname>Guide criterion A</shortname>", `<shortname>${emoji}</shortname>`),
    );
    expect(rubric.criteria[0]!.title).toBe(emoji);
    expect(warnings.map((warning) => warning.path)).not.toContain("guidecriterion[id=1].shortname");
    const long = guideFixture().replace(
      "<shortname>Guide criterion A</shortname>",
      `<shortname>${"🌱".repeat(250)}</shortname>`,
    );
    const shortened = importValid("moodle-guide", long);
    expect(shortened.rubric.criteria[0]!.title).toBe(`${"🌱".repeat(199)}…`);
    expect(
      shortened.warnings.find((warning) => warning.path === "guidecriterion[id=1].shortname")!.message,
    ).toMatch(/^is 250 characters; a title has at most 200/);
  });

  it("uses the short name when a criterion has no description, and refuses a negative maximum", () => {
    const noDescription = guideFixture()
      .replace("<description>Guide A description for students</description>", "<description></description>")
      .replace(
        "<descriptionmarkers>Guide A description for markers</descriptionmarkers>",
        "<descriptionmarkers>$@NULL@$</descriptionmarkers>",
      );
    const { rubric, warnings } = importValid("moodle-guide", noDescription);
    expect(rubric.criteria[0]!.description).toBe("Guide criterion A");
    expect(warnings).toContainEqual({
      path: "guidecriterion[id=1]",
      message: expect.stringContaining("short name is used"),
    });

    const negative = guideFixture().replace("<maxscore>30.00000</maxscore>", "<maxscore>-5</maxscore>");
    expect(
      conversionError(() => interchange.importRubric("moodle-guide", negative, requiredOptions)).problems[0],
    ).toMatchObject({
      path: "guidecriterion[id=1].maxscore",
      line: 22,
    });
  });
});

describe("Moodle export", () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    isArray: (name) => ["criterion", "level", "guidecriterion"].includes(name),
  });

  it("writes a rubric as a grading.xml with Moodle's default options and a level for 0 where none gives it", () => {
    const { body, mediaType, filename, warnings } = interchange.exportRubric(
      "moodle-rubric",
      stored(scienceRubric),
    );
    expect(mediaType).toBe("application/xml; charset=utf-8");
    expect(filename).toBe("photosynthesis-basics.moodle-rubric.xml");
    expect(body).toContain('<options>{"sortlevelsasc":"1","lockzeropoints":"1",');
    const definition = parser.parse(body).areas.area.definitions.definition;
    expect(definition).toMatchObject({ method: "rubric", name: "Photosynthesis basics", status: "20" });
    const [inputs, outputs] = definition.plugin_gradingform_rubric_definition.criteria.criterion;
    expect(inputs.description).toBe("Inputs\n\nNames light, water and carbon dioxide.");
    expect(
      inputs.levels.level.map((level: { score: string; definition: string }) => [
        level.score,
        level.definition,
      ]),
    ).toEqual([
      ["2.00000", "All three inputs."],
      ["1.00000", "Two of the inputs."],
      ["0.00000", "0 / 2"],
    ]);
    expect(outputs.levels.level.map((level: { score: string }) => level.score)).toEqual([
      "0.00000",
      "0.50000",
      "1.00000",
      "1.50000",
      "2.00000",
    ]);
    expect(warnings.map((warning) => warning.path)).toEqual([
      "id",
      "question",
      "language",
      "referenceAnswer",
      "criteria[0].levels",
      "criteria[1]",
    ]);
  });

  it("refuses a criterion without levels that allows too many points to list, pointing to the marking guide", () => {
    const rubric = stored({ ...scienceRubric, criteria: [{ ...scienceRubric.criteria[1], maxPoints: 40 }] });
    const error = conversionError(() => interchange.exportRubric("moodle-rubric", rubric));
    expect(error).toMatchObject({ kind: "cannot-export" });
    expect(error.problems[0]).toMatchObject({
      path: "criteria[0]",
      message: expect.stringContaining("format=moodle-guide"),
    });
  });

  it("writes a marking guide, putting levels into the markers' description", () => {
    const { body, warnings } = interchange.exportRubric("moodle-guide", stored(scienceRubric));
    const plugin = parser.parse(body).areas.area.definitions.definition.plugin_gradingform_guide_definition;
    expect(plugin.guidecriteria.guidecriterion).toEqual([
      expect.objectContaining({
        shortname: "Inputs",
        description: "Names light, water and carbon dioxide.",
        descriptionmarkers: "Levels:\n- 2: All three inputs.\n- 1: Two of the inputs.",
        maxscore: "2.00000",
      }),
      expect.objectContaining({ shortname: "Outputs", descriptionmarkers: "", maxscore: "2.00000" }),
    ]);
    expect(plugin.guidecomments).toBe("");
    expect(warnings).toContainEqual({
      path: "criteria[0].levels",
      message: expect.stringContaining("a marking guide has no levels"),
    });
  });

  it("escapes what XML needs and removes characters XML cannot hold, with a warning", () => {
    const valid = stored({
      ...scienceRubric,
      title: 'Plants <&> "light"',
      criteria: [scienceRubric.criteria[0]],
    });
    // Rubrics no longer take control characters (rubric.test.ts), but one stored before that may hold them.
    const rubric: Rubric = {
      ...valid,
      criteria: [{ ...valid.criteria[0]!, description: "Names light\u0007 and water." }],
    };
    const { body, warnings } = interchange.exportRubric("moodle-rubric", rubric);
    expect(body).toContain('<name>Plants &lt;&amp;&gt; "light"</name>');
    expect(warnings).toContainEqual({
      path: "criteria[0].description",
      message: "holds control characters that XML cannot hold: removed",
    });
    expect(importValid("moodle-rubric", body).rubric.title).toBe('Plants <&> "light"');
  });
});
