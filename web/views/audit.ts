import type { ApiClient } from "../lib/api.js";
import { h } from "../lib/dom.js";
import type { Audit } from "../lib/types.js";
import { facts } from "./shared.js";

/** Everything behind a grade (GET /v1/grades/:id/audit): versions, model, usage, cost, flags, changes. */
export async function auditPanel(api: ApiClient, gradeId: string): Promise<HTMLElement> {
  const audit = await api.json<Audit>(`/v1/grades/${encodeURIComponent(gradeId)}/audit`);
  return h(
    "section",
    { className: "audit", "aria-label": `Audit of ${gradeId}` },
    h("h3", {}, "Audit record"),
    facts([
      ["Grade", h("code", {}, audit.gradeId)],
      ["Rubric", `${audit.rubricId} @ ${audit.rubricVersion.slice(0, 8)}`],
      ["Model", audit.model],
      ["Prompt version", audit.promptVersion],
      ["Model calls", String(audit.attempts.length)],
      ["Tokens", `${audit.usage.inputTokens} in, ${audit.usage.outputTokens} out`],
      [
        "Cost",
        audit.cost.amount === null ? "unknown" : `${audit.cost.amount.toFixed(4)} ${audit.cost.currency}`,
      ],
    ]),
    h("h4", {}, "Flags"),
    audit.flags.length
      ? h(
          "ul",
          {},
          audit.flags.map((flag) => h("li", {}, h("code", {}, flag.code), " ", flag.reason)),
        )
      : h("p", {}, "None."),
    h("h4", {}, "Changes by teachers"),
    audit.humanChanges.length
      ? h(
          "ol",
          { className: "changes" },
          audit.humanChanges.map((change) =>
            h(
              "li",
              {},
              `${new Date(change.at).toLocaleString()}: ${change.reviewer}`,
              ` (${change.action})`,
              // The group decision has its own fields; the reason is the teacher's words alone.
              change.groupDecisionVersion !== null && change.groupId !== null
                ? ` decision ${change.groupDecisionVersion} on group ${change.groupId}`
                : "",
              ` — ${change.reason}`,
            ),
          ),
        )
      : h("p", {}, "None."),
  );
}
