import { ApiError } from "../lib/api.js";
import { field, h, isolate, replace } from "../lib/dom.js";
import { busy, StatusLine } from "../lib/status.js";
import { byLowestConfidence, lowestConfidence } from "../lib/text.js";
import type { Grade, QueueEntry, ReviewQueuePage, Rubric } from "../lib/types.js";
import { auditPanel } from "./audit.js";
import { highlightedAnswer } from "./grade-result.js";
import { formatPercent, formatPoints, inLanguage, readRubric, section } from "./shared.js";
import type { View, ViewContext } from "./view.js";

/** Most queue entries read at once (pages of 100): a teacher works through the lowest-confidence ones first. */
const maxQueueEntries = 500;

const shortcuts: [string, string][] = [
  ["j / k", "next / previous answer"],
  ["a", "approve as graded"],
  ["1–9", "change the points of criterion 1–9"],
  ["c", "comment on the criterion being edited (else the first)"],
  ["e", "edit the feedback"],
  ["s or Ctrl+Enter", "save the changes"],
  ["Esc", "leave a field (shortcuts work again)"],
  ["?", "show or hide these keys"],
];

/**
 * The review queue, keyboard first: identical answers appear once with their group's size, lowest
 * confidence first. Approve, change points, comment per criterion, edit feedback, resolve appeals,
 * and read the audit record of any grade.
 */
export const reviewView: View = {
  path: "review",
  title: "Review",
  render(container, context) {
    const status = new StatusLine();
    const list = h("ol", { className: "queue", "aria-label": "Answers to review" });
    const detail = h("section", {
      className: "card review-detail",
      "aria-label": "Answer under review",
      tabIndex: -1,
    });
    const help = h(
      "div",
      { className: "card shortcuts", hidden: true, id: "review-keys" },
      h("h2", {}, "Keys"),
      h(
        "dl",
        { className: "facts" },
        shortcuts.map(([keys, what]) => [h("dt", {}, h("kbd", {}, keys)), h("dd", {}, what)]),
      ),
    );
    let entries: QueueEntry[] = [];
    let position = 0;
    // The queue lists at most `maxQueueEntries`, the oldest; the rest wait behind them. Said, so that a
    // teacher does not take the list for the whole queue (nor its order for the lowest confidence of all).
    const beyond = h("p", { className: "queue-more", hidden: true });
    let editor: Editor | undefined;

    const load = async () => {
      const loaded: QueueEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await context.api.json<ReviewQueuePage>("/v1/review-queue", {
          query: { limit: 100, cursor },
        });
        loaded.push(...page.entries);
        cursor = page.next ?? undefined;
      } while (cursor && loaded.length < maxQueueEntries);
      entries = byLowestConfidence(loaded);
      beyond.hidden = !cursor;
      replace(
        beyond,
        `These are the ${loaded.length} oldest answers to review, lowest confidence first; more are waiting behind them, and come in as you decide these.`,
      );
      position = Math.min(position, Math.max(entries.length - 1, 0));
      drawList();
      await show();
    };

    const drawList = () => {
      replace(
        list,
        entries.map((entry, index) => {
          const button = h(
            "button",
            {
              type: "button",
              className: "queue-entry",
              "aria-current": index === position ? "true" : undefined,
            },
            h("span", { className: "queue-rubric" }, entry.grade.rubricId),
            h("span", {}, ` ${formatPoints(entry.grade.totalPoints)}/${entry.grade.maxPoints}`),
            h(
              "span",
              { className: "confidence" },
              ` confidence ${formatPercent(lowestConfidence(entry.grade.criteria))}`,
            ),
            entry.size > 1 ? h("span", { className: "badge" }, `×${entry.size} identical`) : null,
            entry.appeals.length
              ? h("span", { className: "badge appeal" }, `${entry.appeals.length} appeal`)
              : null,
            entry.grade.flags.length
              ? h("span", { className: "flags" }, ` ${entry.grade.flags.join(", ")}`)
              : null,
          );
          button.addEventListener("click", () => {
            position = index;
            drawList();
            void show();
          });
          return h("li", {}, button);
        }),
      );
      if (entries.length === 0) replace(list, h("li", {}, "Nothing to review."));
    };

    const show = async () => {
      const entry = entries[position];
      if (!entry) {
        editor = undefined;
        replace(detail, h("h2", {}, "Nothing to review"), h("p", {}, "Every grade is decided."));
        return;
      }
      const rubric = await readRubric(context.api, entry.grade.rubricId, entry.grade.rubricVersion);
      // A group's decision has a version of its own: read now, sent back as If-Match, so that a decision
      // made on what this page shows cannot overwrite one another reviewer made meanwhile.
      const groupTag = entry.groupId
        ? ((await context.api.request(`/v1/groups/${encodeURIComponent(entry.groupId)}`)).headers.get(
            "etag",
          ) ?? undefined)
        : undefined;
      editor = new Editor(entry, rubric, context, status, groupTag, async () => {
        await load();
        // The decided answer's form is gone: focus goes to the next one, not to the top of the page.
        detail.focus();
      });
      replace(detail, editor.element);
    };

    const move = (step: number) => {
      if (!entries.length) return;
      position = (position + step + entries.length) % entries.length;
      drawList();
      void show().then(() => detail.focus());
    };

    const onKey = (event: KeyboardEvent) => {
      if (!container.isConnected) return;
      const target = event.target as HTMLElement;
      const typing = target.closest("input, textarea, select") !== null;
      if (typing) {
        if (event.key === "Escape") {
          target.blur();
          detail.focus();
        } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          editor?.save();
        }
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const handled = (() => {
        if (event.key === "j" || event.key === "ArrowDown") move(1);
        else if (event.key === "k" || event.key === "ArrowUp") move(-1);
        else if (event.key === "a") editor?.approve();
        else if (event.key === "s") editor?.save();
        else if (event.key === "e") editor?.focusFeedback();
        else if (event.key === "c") editor?.focusComment();
        else if (/^[1-9]$/.test(event.key)) editor?.focusPoints(Number(event.key) - 1);
        else if (event.key === "?") help.hidden = !help.hidden;
        else return false;
        return true;
      })();
      if (handled) event.preventDefault();
    };
    document.addEventListener("keydown", onKey);

    const auditId = h("input", {
      type: "text",
      name: "audit-grade-id",
      autocomplete: "off",
      spellcheck: false,
    });
    const auditButton = h("button", { type: "button" }, "Show audit");
    const auditOut = h("div", {});
    auditButton.addEventListener(
      "click",
      () =>
        void busy(auditButton, status, async () =>
          replace(auditOut, await auditPanel(context.api, auditId.value.trim())),
        ),
    );
    const helpToggle = h(
      "button",
      { type: "button", className: "link", "aria-controls": "review-keys" },
      "Keys (?)",
    );
    helpToggle.addEventListener("click", () => (help.hidden = !help.hidden));

    container.append(
      h("h1", {}, "Review"),
      h("p", {}, "Lowest confidence first; identical answers once, decided together. ", helpToggle),
      help,
      status.element,
      h(
        "div",
        { className: "review-layout" },
        h("div", { className: "card queue-panel" }, h("h2", {}, "Queue"), beyond, list),
        detail,
      ),
      section("Audit of any grade", field("Grade id", auditId), auditButton, auditOut),
    );
    void load().catch((error: unknown) => status.error(error));
    return () => document.removeEventListener("keydown", onKey);
  },
};

/** The decision form of one queue entry: a grade, or a group of identical answers. */
class Editor {
  readonly element: HTMLElement;
  private readonly points: HTMLInputElement[] = [];
  private readonly comments: HTMLTextAreaElement[] = [];
  private readonly feedback: HTMLTextAreaElement;
  private readonly reason: HTMLInputElement;
  private readonly approveButton: HTMLButtonElement;
  private readonly saveButton: HTMLButtonElement;
  private lastCriterion = 0;
  /** A decision is on its way, or made: a second key press or click must not send it again. */
  private acting = false;

  constructor(
    private readonly entry: QueueEntry,
    private readonly rubric: Rubric,
    private readonly context: ViewContext,
    private readonly status: StatusLine,
    private readonly groupTag: string | undefined,
    private readonly reload: () => Promise<void>,
  ) {
    const { grade } = entry;
    const titles = new Map(rubric.criteria.map((criterion) => [criterion.id, criterion]));
    const rows = grade.criteria.map((criterion, index) => {
      const definition = titles.get(criterion.criterionId);
      const title = definition?.title ?? criterion.criterionId;
      const points = h("input", {
        type: "number",
        name: `points-${criterion.criterionId}`,
        min: 0,
        max: criterion.maxPoints,
        step: 0.5,
        value: criterion.points === null ? "" : String(criterion.points),
        inputMode: "decimal",
      });
      const comment = h("textarea", {
        name: `comment-${criterion.criterionId}`,
        rows: 2,
        value: criterion.comment ?? "",
      });
      inLanguage(comment, rubric.language);
      points.addEventListener("focus", () => (this.lastCriterion = index));
      comment.addEventListener("focus", () => (this.lastCriterion = index));
      this.points.push(points);
      this.comments.push(comment);
      return h(
        "fieldset",
        { className: "criterion" },
        inLanguage(h("legend", {}, `${index + 1}. `, isolate(title)), rubric.language),
        inLanguage(h("p", { className: "rationale" }, criterion.rationale), rubric.language),
        h(
          "div",
          { className: "criterion-fields" },
          field(["Points for ", isolate(title), ` (of ${criterion.maxPoints})`], points),
          field(["Comment on ", isolate(title)], comment),
        ),
        h("p", { className: "confidence" }, `Confidence ${formatPercent(criterion.confidence)}`),
      );
    });
    this.feedback = inLanguage(
      h("textarea", { name: "feedback", rows: 3, value: grade.feedback }),
      rubric.language,
    );
    this.reason = h("input", { type: "text", name: "reason", autocomplete: "off" });
    this.approveButton = h(
      "button",
      { type: "button", className: "primary", "aria-keyshortcuts": "a" },
      "Approve (a)",
    );
    this.saveButton = h(
      "button",
      { type: "button", "aria-keyshortcuts": "s Control+Enter" },
      "Save changes (s)",
    );
    this.approveButton.addEventListener("click", () => this.approve());
    this.saveButton.addEventListener("click", () => this.save());
    const audit = h("button", { type: "button", className: "link" }, "Audit record");
    const auditOut = h("div", {});
    audit.addEventListener(
      "click",
      () => void busy(audit, status, async () => replace(auditOut, await auditPanel(context.api, grade.id))),
    );
    this.element = h(
      "div",
      {},
      h("h2", {}, entry.size > 1 ? `${entry.size} identical answers` : "Answer", ` · ${grade.rubricId}`),
      entry.size > 1
        ? h(
            "p",
            { className: "group-note" },
            `A decision here grades all ${entry.size} answers of this group (${entry.pending} waiting).`,
          )
        : null,
      h(
        "p",
        { className: "flags" },
        grade.flags.length ? `Flags: ${grade.flags.join(", ")}` : "No flags",
        ` · total ${formatPoints(grade.totalPoints)} / ${grade.maxPoints}`,
      ),
      highlightedAnswer(entry.answer, grade, rubric),
      this.appealsBlock(),
      rows,
      field("Feedback for the student", this.feedback),
      field("Reason (for the audit record)", this.reason),
      h("div", { className: "actions" }, this.approveButton, this.saveButton, audit),
      auditOut,
    );
  }

  private get isGroup(): boolean {
    return this.entry.groupId !== null && this.entry.size > 1;
  }

  private get grade(): Grade {
    return this.entry.grade;
  }

  focusPoints(index: number): void {
    this.points[index]?.focus();
    this.points[index]?.select();
  }

  focusComment(): void {
    this.comments[this.lastCriterion]?.focus();
  }

  focusFeedback(): void {
    this.feedback.focus();
  }

  /**
   * Runs a decision once: the keys reach here even while the button is disabled, and a second approval
   * of a grade already approved was refused as stale (or, for a group, recorded twice). A refusal for a
   * stale version says what happened in a teacher's words; what was typed stays in the form.
   */
  private decide(button: HTMLButtonElement, action: () => Promise<boolean | void>): void {
    if (this.acting) return;
    this.acting = true;
    let done = false;
    void busy(button, this.status, async () => {
      try {
        done = (await action()) !== false;
        if (done) await this.reload();
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) {
          throw new Error(
            `Another reviewer changed ${this.isGroup ? "this group's decision" : "this grade"} since you opened it: nothing of yours was saved, and their change stands. Your edits are still in the form; open the answer again to see the current grade.`,
          );
        }
        throw error;
      }
    }).finally(() => {
      if (!done) this.acting = false;
    });
  }

  approve(): void {
    this.decide(this.approveButton, async () => {
      const reviewer = this.context.session.reviewer;
      const reason = this.reason.value.trim();
      if (this.isGroup) {
        await this.context.api.json(`/v1/groups/${this.entry.groupId}`, {
          method: "PATCH",
          json: { reviewer, reason: reason || "Approved as graded", criteria: [] },
          ...(this.groupTag ? { headers: { "if-match": this.groupTag } } : {}),
        });
      } else {
        await this.context.api.json(`/v1/grades/${encodeURIComponent(this.grade.id)}/approve`, {
          json: { reviewer, ...(reason ? { reason } : {}) },
          headers: { "if-match": `"${this.grade.version}"` },
        });
      }
      this.status.info(this.isGroup ? `Approved ${this.entry.size} identical answers.` : "Approved.");
    });
  }

  save(): void {
    this.decide(this.saveButton, async () => {
      const reviewer = this.context.session.reviewer;
      const reason = this.reason.value.trim() || "Changed in review";
      const values = this.points.map((input) => (input.value.trim() === "" ? null : Number(input.value)));
      const pointsChanged = values.some((value, index) => value !== this.grade.criteria[index]!.points);
      if (pointsChanged && values.some((value) => value === null || Number.isNaN(value))) {
        throw new Error("Give points for every criterion when you change any.");
      }
      const criteria = this.grade.criteria.flatMap((criterion, index) => {
        const comment = this.comments[index]!.value.trim() || null;
        const edit: { criterionId: string; points?: number; comment?: string | null } = {
          criterionId: criterion.criterionId,
        };
        if (pointsChanged) edit.points = values[index]!;
        if (comment !== criterion.comment) edit.comment = comment;
        return edit.points !== undefined || edit.comment !== undefined ? [edit] : [];
      });
      const feedback = this.feedback.value !== this.grade.feedback ? this.feedback.value : undefined;
      if (criteria.length === 0 && feedback === undefined) {
        this.status.info("Nothing changed: press a to approve as graded.");
        return false;
      }
      const body = { reviewer, reason, criteria, ...(feedback !== undefined ? { feedback } : {}) };
      if (this.isGroup) {
        await this.context.api.json(`/v1/groups/${this.entry.groupId}`, {
          method: "PATCH",
          json: body,
          ...(this.groupTag ? { headers: { "if-match": this.groupTag } } : {}),
        });
      } else {
        await this.context.api.json(`/v1/grades/${encodeURIComponent(this.grade.id)}`, {
          method: "PATCH",
          json: body,
          headers: { "if-match": `"${this.grade.version}"` },
        });
      }
      this.status.info(pointsChanged ? "Saved: the grade is now yours." : "Saved.");
      return true;
    });
  }

  private appealsBlock(): HTMLElement | null {
    if (this.entry.appeals.length === 0) return null;
    return h(
      "div",
      { className: "appeals" },
      h("h3", {}, "Appeals"),
      this.entry.appeals.map((appeal) => {
        const criterion = this.grade.criteria.find(
          (candidate) => candidate.criterionId === appeal.criterionId,
        );
        const points = h("input", {
          type: "number",
          name: `appeal-points-${appeal.id}`,
          min: 0,
          max: criterion?.maxPoints ?? 0,
          step: 0.5,
          value: criterion?.points === null || criterion === undefined ? "" : String(criterion.points),
        });
        const resolve = (outcome: "upheld" | "denied", button: HTMLButtonElement) =>
          void busy(button, this.status, async () => {
            await this.context.api.json(`/v1/appeals/${encodeURIComponent(appeal.id)}/resolve`, {
              json: {
                outcome,
                reviewer: this.context.session.reviewer,
                reason:
                  this.reason.value.trim() || (outcome === "upheld" ? "Appeal upheld" : "Appeal denied"),
                ...(outcome === "upheld" && points.value.trim() !== ""
                  ? { points: Number(points.value) }
                  : {}),
              },
              headers: { "if-match": `"${this.grade.version}"` },
            });
            this.status.info(`Appeal ${outcome}.`);
            await this.reload();
          });
        const uphold = h("button", { type: "button" }, "Uphold");
        const deny = h("button", { type: "button" }, "Deny");
        uphold.addEventListener("click", () => resolve("upheld", uphold));
        deny.addEventListener("click", () => resolve("denied", deny));
        return h(
          "div",
          { className: "appeal" },
          h("p", {}, h("strong", {}, `${appeal.by} appeals ${appeal.criterionId}: `), appeal.reason),
          field(`New points for ${appeal.criterionId}`, points),
          h("div", { className: "actions" }, uphold, deny),
        );
      }),
    );
  }
}
