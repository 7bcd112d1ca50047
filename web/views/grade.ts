import { field, h, replace } from "../lib/dom.js";
import { busy, StatusLine } from "../lib/status.js";
import type { Grade } from "../lib/types.js";
import { auditPanel } from "./audit.js";
import { gradeResult } from "./grade-result.js";
import { inLanguage, questionBlock, readRubric, rubricSelect } from "./shared.js";
import type { View } from "./view.js";

/** Grade one answer and see the result as the student and as the teacher would. */
export const gradeView: View = {
  path: "grade",
  title: "Grade",
  render(container, context) {
    const status = new StatusLine();
    const form = h("div", { className: "card" });
    const result = h("section", { className: "card", "aria-label": "Result", hidden: true });
    container.append(h("h1", {}, "Grade one answer"), form, result);
    void (async () => {
      const picker = await rubricSelect(context.api);
      const question = h("div", {});
      const answer = h("textarea", { name: "answer", rows: 8, required: true });
      const student = h("input", { type: "text", name: "student-id", autocomplete: "off" });
      const submit = h("button", { type: "button", className: "primary" }, "Grade");
      const showRubric = async () => {
        if (!picker.select.value) return;
        const rubric = await readRubric(context.api, picker.select.value);
        replace(question, questionBlock(rubric));
        inLanguage(answer, rubric.language);
      };
      picker.select.addEventListener("change", () => void showRubric());
      await showRubric();
      submit.addEventListener(
        "click",
        () =>
          void busy(submit, status, async () => {
            status.info("Grading…");
            const grade = await context.api.json<Grade>("/v1/grade", {
              json: {
                rubricId: picker.select.value,
                answer: answer.value,
                ...(student.value.trim() ? { studentId: student.value.trim() } : {}),
              },
            });
            const rubric = await readRubric(context.api, grade.rubricId, grade.rubricVersion);
            status.info(`Graded: ${grade.totalPoints ?? "—"} of ${grade.maxPoints} points.`);
            showResult(grade, answer.value, rubric);
          }),
      );
      replace(
        form,
        picker.element,
        question,
        field("Student's answer", answer),
        field("Student id (optional)", student),
        submit,
        status.element,
      );
    })().catch((error: unknown) => {
      status.error(error);
      form.append(status.element);
    });

    const showResult = (grade: Grade, answerText: string, rubric: Awaited<ReturnType<typeof readRubric>>) => {
      const body = h("div", {});
      const tabs = (["teacher", "student"] as const).map((audience) => {
        const tab = h(
          "button",
          {
            type: "button",
            role: "tab",
            "aria-selected": audience === "teacher" ? "true" : "false",
            "aria-controls": "grade-panel",
          },
          audience === "teacher" ? "Teacher view" : "Student view",
        );
        tab.addEventListener("click", () => {
          for (const other of tabList.querySelectorAll("button"))
            other.setAttribute("aria-selected", String(other === tab));
          replace(body, gradeResult(grade, answerText, rubric, context.api, audience));
        });
        return tab;
      });
      const tabList = h("div", { role: "tablist", "aria-label": "Whose view" }, tabs);
      const audit = h("button", { type: "button" }, "Show the audit record");
      audit.addEventListener(
        "click",
        () => void auditPanel(context.api, grade.id).then((panel) => body.append(panel)),
      );
      replace(body, gradeResult(grade, answerText, rubric, context.api, "teacher"));
      replace(
        result,
        h("h2", {}, "Result"),
        tabList,
        h("div", { id: "grade-panel", role: "tabpanel" }, body),
        audit,
      );
      result.hidden = false;
    };
    return undefined;
  },
};
