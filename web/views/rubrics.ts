import { ApiError } from "../lib/api.js";
import { field, h, isolate, isolated, replace } from "../lib/dom.js";
import { busy, StatusLine } from "../lib/status.js";
import { calibrationSample } from "../lib/text.js";
import type {
  Agreement,
  Calibration,
  ImportedRubric,
  ProblemDetail,
  Rubric,
  RubricList,
  RubricSummary,
  RubricVersions,
} from "../lib/types.js";
import { facts, formatPercent, inLanguage, readRubric, section } from "./shared.js";
import type { View, ViewContext } from "./view.js";

/**
 * Rubrics: upload (a file or pasted YAML/JSON, with the API's problems shown at their line and
 * column beside the text), the list, a rubric's versions, archive, import from Canvas or Moodle, and
 * calibration against a teacher-graded sample.
 */
export const rubricsView: View = {
  path: "rubrics",
  title: "Rubrics",
  render(container, context) {
    let stopped = false;
    const list = h("div", { className: "rubric-list" });
    const detail = h("div", { className: "rubric-detail" });
    let summaries: RubricSummary[] = [];
    const refresh = async (selectId?: string) => {
      ({ rubrics: summaries } = await context.api.json<RubricList>("/v1/rubrics"));
      if (stopped) return;
      replace(
        list,
        rubricTable(summaries, (id) => void showDetail(id)),
      );
      if (selectId) await showDetail(selectId);
    };
    const showDetail = async (id: string) => {
      const rubric = await readRubric(context.api, id);
      const archived = Boolean(summaries.find((summary) => summary.id === id)?.archivedAt);
      if (!stopped) replace(detail, rubricDetail(rubric, archived, context, refresh));
    };
    container.append(
      h("h1", {}, "Rubrics"),
      uploadCard(context, refresh),
      section("Your rubrics", list),
      detail,
      importCard(context, refresh),
    );
    void refresh().catch((error: unknown) => {
      const status = new StatusLine();
      status.error(error);
      list.append(status.element);
    });
    return () => {
      stopped = true;
    };
  },
};

function rubricTable(rubrics: RubricSummary[], open: (id: string) => void): HTMLElement {
  if (rubrics.length === 0) return h("p", {}, "No rubrics yet.");
  return h(
    "div",
    { className: "table-scroll" },
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Title", "Id", "Language", "Points", "Version", "State"].map((name) =>
            h("th", { scope: "col" }, name),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        rubrics.map((rubric) => {
          const button = h("button", { type: "button", className: "link" }, rubric.title);
          button.addEventListener("click", () => open(rubric.id));
          return h(
            "tr",
            {},
            inLanguage(h("td", {}, button), rubric.language),
            h("td", {}, h("code", {}, rubric.id)),
            h("td", {}, rubric.language),
            h("td", {}, String(rubric.maxPoints)),
            h("td", {}, h("code", {}, rubric.version.slice(0, 8))),
            h("td", {}, rubric.archivedAt ? "archived" : "active"),
          );
        }),
      ),
    ),
  );
}

function uploadCard(context: ViewContext, refresh: (id?: string) => Promise<void>): HTMLElement {
  const status = new StatusLine();
  const text = h("textarea", {
    name: "rubric-text",
    rows: 16,
    spellcheck: false,
    className: "code",
    dir: "auto",
  });
  const file = h("input", {
    type: "file",
    name: "rubric-file",
    accept: ".yaml,.yml,.json,application/json,text/yaml",
  });
  const problems = h("ol", {
    className: "problems",
    id: "rubric-problems",
    "aria-label": "Problems in the rubric",
  });
  const upload = h("button", { type: "button", className: "primary" }, "Upload rubric");
  file.addEventListener("change", () => {
    const chosen = file.files?.[0];
    if (chosen) void chosen.text().then((content) => (text.value = content));
  });
  const showProblems = (details: ProblemDetail[]) => {
    text.setAttribute("aria-invalid", details.length ? "true" : "false");
    replace(
      problems,
      details.map((problem) => {
        const where = problem.line
          ? `Line ${problem.line}${problem.column ? `, column ${problem.column}` : ""}`
          : "Document";
        const jump = h("button", { type: "button", className: "link" }, where);
        jump.addEventListener("click", () => selectPosition(text, problem.line, problem.column));
        return h(
          "li",
          {},
          jump,
          ": ",
          problem.path ? h("code", {}, problem.path) : null,
          " ",
          problem.message,
        );
      }),
    );
  };
  upload.addEventListener("click", () => {
    void busy(upload, status, async () => {
      showProblems([]);
      const source = text.value;
      if (!source.trim()) {
        status.error(new Error("Paste a rubric or choose a file first."));
        return;
      }
      try {
        const rubric = await context.api.json<Rubric>("/v1/rubrics", {
          body: source,
          contentType: source.trimStart().startsWith("{") ? "application/json" : "application/yaml",
        });
        status.info(`Saved ${isolated(rubric.title)} (${rubric.id}), version ${rubric.version.slice(0, 8)}.`);
        await refresh(rubric.id);
      } catch (error) {
        if (error instanceof ApiError && error.details.length) showProblems(error.details);
        throw error;
      }
    });
  });
  text.setAttribute("aria-describedby", problems.id);
  return section(
    "Upload a rubric",
    h("p", {}, "Paste YAML or JSON, or choose a file. Problems are listed beside the text with their line."),
    h(
      "div",
      { className: "editor" },
      h("div", {}, field("Rubric (YAML or JSON)", text), field("Or a file", file)),
      h("div", { className: "problems-panel" }, h("h3", {}, "Problems"), problems),
    ),
    upload,
    status.element,
  );
}

/** Puts the caret at a line and column (1-based) of a textarea and scrolls it into view. */
function selectPosition(text: HTMLTextAreaElement, line = 1, column = 1): void {
  const lines = text.value.split("\n");
  let offset = 0;
  for (let index = 0; index < line - 1 && index < lines.length; index += 1)
    offset += lines[index]!.length + 1;
  const lineLength = lines[line - 1]?.length ?? 0;
  const start = offset + Math.min(Math.max(column - 1, 0), lineLength);
  text.focus();
  text.setSelectionRange(start, offset + lineLength);
  const lineHeight = text.scrollHeight / Math.max(lines.length, 1);
  text.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

function rubricDetail(
  rubric: Rubric,
  archived: boolean,
  context: ViewContext,
  refresh: (id?: string) => Promise<void>,
): HTMLElement {
  const status = new StatusLine();
  const versions = h("ul", { className: "versions" });
  void context.api
    .json<RubricVersions>(`/v1/rubrics/${encodeURIComponent(rubric.id)}/versions`)
    .then(({ versions: all }) =>
      replace(
        versions,
        all.map((version) =>
          h(
            "li",
            {},
            h("code", {}, version.version.slice(0, 8)),
            ` ${new Date(version.createdAt).toLocaleString()}`,
            version.current ? " (current)" : "",
          ),
        ),
      ),
    )
    .catch((error: unknown) => status.error(error));
  // Archiving keeps every grade readable; the rubric takes no new ones until it is unarchived.
  const step = archived ? "unarchive" : "archive";
  const archiveButton = h("button", { type: "button" }, archived ? "Unarchive" : "Archive");
  archiveButton.addEventListener("click", () => {
    void busy(archiveButton, status, async () => {
      await context.api.request(`/v1/rubrics/${encodeURIComponent(rubric.id)}/${step}`, { method: "POST" });
      await refresh(rubric.id);
    });
  });
  const criteria = h(
    "ul",
    {},
    rubric.criteria.map((criterion) =>
      h("li", {}, h("code", {}, criterion.id), " ", isolate(criterion.title), ` (${criterion.maxPoints})`),
    ),
  );
  return section(
    `Rubric: ${rubric.title}`,
    inLanguage(
      h("div", {}, h("p", { className: "question-text" }, rubric.question), criteria),
      rubric.language,
    ),
    facts([
      ["Id", rubric.id],
      ["Language", rubric.language],
      ["Points", String(rubric.maxPoints)],
    ]),
    h("h3", {}, "Versions"),
    versions,
    h(
      "p",
      {},
      archived ? "Archived: it takes no new grades; its grades stay readable." : "Active: it takes grades.",
    ),
    h("div", { className: "actions" }, archiveButton),
    status.element,
    calibrateBlock(rubric, context),
  );
}

function importCard(context: ViewContext, refresh: (id?: string) => Promise<void>): HTMLElement {
  const status = new StatusLine();
  const format = h(
    "select",
    { name: "format" },
    h("option", { value: "canvas-csv" }, "Canvas rubric (CSV)"),
    h("option", { value: "moodle-rubric" }, "Moodle rubric (grading.xml)"),
    h("option", { value: "moodle-guide" }, "Moodle marking guide (grading.xml)"),
  );
  const id = h("input", { type: "text", name: "import-id", pattern: "[a-z0-9][a-z0-9-_]*" });
  const question = h("textarea", { name: "import-question", rows: 3, dir: "auto" });
  const language = h("input", { type: "text", name: "import-language", placeholder: "en" });
  const rubricName = h("input", { type: "text", name: "import-rubric-name" });
  const file = h("input", {
    type: "file",
    name: "import-file",
    accept: ".csv,.xml,text/csv,application/xml",
  });
  const warnings = h("ul", { className: "warnings" });
  const submit = h("button", { type: "button", className: "primary" }, "Import");
  submit.addEventListener(
    "click",
    () =>
      void busy(submit, status, async () => {
        const chosen = file.files?.[0];
        if (!chosen) throw new Error("Choose the file exported from Canvas or Moodle.");
        const body = new FormData();
        body.append("file", chosen);
        const rubric = await context.api.json<ImportedRubric>("/v1/rubrics/import", {
          body,
          query: {
            format: format.value,
            id: id.value.trim(),
            question: question.value.trim(),
            language: language.value.trim() || undefined,
          },
        });
        replace(
          warnings,
          rubric.warnings.map((warning) => h("li", {}, h("code", {}, warning.path), " ", warning.message)),
        );
        const count = rubric.warnings.length;
        status.info(
          `Imported ${isolated(rubric.title)} (${rubric.id}) with ${count} warning${count === 1 ? "" : "s"}.`,
        );
        await refresh(rubric.id);
      }),
  );
  return section(
    "Import from Canvas or Moodle",
    h(
      "div",
      { className: "grid-2" },
      field("Format", format),
      field("Rubric id", id, "Lowercase letters, digits and dashes."),
      field("Question", question, "The LMS file does not carry the question."),
      field("Language", language, "A language tag such as en, fa or ar."),
      field("Rubric name in the file", rubricName, "Only when the file holds several rubrics."),
      field("File", file),
    ),
    submit,
    status.element,
    warnings,
  );
}

function calibrateBlock(rubric: Rubric, context: ViewContext): HTMLElement {
  const status = new StatusLine();
  const file = h("input", { type: "file", name: "calibration-file", accept: ".csv,text/csv" });
  const report = h("div", { className: "calibration-report" });
  const submit = h("button", { type: "button" }, "Calibrate");
  submit.addEventListener(
    "click",
    () =>
      void busy(submit, status, async () => {
        const chosen = file.files?.[0];
        if (!chosen) throw new Error("Choose a CSV of teacher-graded answers.");
        const sample = calibrationSample(
          await chosen.text(),
          rubric.criteria.map((criterion) => criterion.id),
        );
        if (sample.problems.length) throw new Error(sample.problems.slice(0, 5).join(" "));
        let calibration = await context.api.json<Calibration>(
          `/v1/rubrics/${encodeURIComponent(rubric.id)}/calibrations`,
          { json: { rubricVersion: rubric.version, answers: sample.answers } },
        );
        status.info(`Grading ${calibration.answerCount} answers to compare with yours…`);
        while (calibration.status !== "completed") {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          if (!report.isConnected) return;
          calibration = await context.api.json<Calibration>(
            `/v1/calibrations/${encodeURIComponent(calibration.id)}`,
          );
        }
        status.info("Calibration complete.");
        replace(report, calibrationReport(calibration));
      }),
  );
  return h(
    "div",
    { className: "calibrate" },
    h("h3", {}, "Calibrate"),
    h(
      "p",
      {},
      `A CSV of at least 10 answers you graded: a column answer and one per criterion (${rubric.criteria
        .map((criterion) => criterion.id)
        .join(", ")}) with your points. The grader grades them and reports how well it agrees with you.`,
    ),
    field("Teacher-graded sample (CSV)", file),
    submit,
    status.element,
    report,
  );
}

function calibrationReport(calibration: Calibration): HTMLElement {
  const metrics = calibration.metrics;
  if (!metrics) return h("p", {}, "No figures: the grader scored none of the answers.");
  const interval = (estimate: { value: number | null; low: number | null; high: number | null }) =>
    estimate.value === null
      ? "—"
      : `${estimate.value.toFixed(2)} (${estimate.low?.toFixed(2) ?? "—"}–${estimate.high?.toFixed(2) ?? "—"})`;
  const row = (name: string, agreement: Agreement) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, name),
      h("td", {}, interval(agreement.quadraticKappa)),
      h("td", {}, formatPercent(agreement.exactAgreement.value)),
      h("td", {}, formatPercent(agreement.adjacentAgreement.value)),
      h("td", {}, interval(agreement.meanAbsoluteError)),
      h("td", {}, String(agreement.count)),
    );
  return h(
    "div",
    { className: "table-scroll" },
    h(
      "table",
      { "aria-label": "Agreement with the teacher" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["", "Quadratic κ (95%)", "Exact", "Adjacent", "Mean abs. error", "Answers"].map((name) =>
            h("th", { scope: "col" }, name),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        row("Total", metrics.total),
        Object.entries(metrics.criteria).map(([id, agreement]) => row(id, agreement)),
      ),
    ),
  );
}
