import { h, replace } from "../lib/dom.js";
import { StatusLine } from "../lib/status.js";
import { section } from "./shared.js";
import type { IntegrationList } from "../lib/types.js";
import type { View } from "./view.js";

/** Admins only: the school's LMS integrations (GET /v1/integrations); set up through the API (docs/lms.md). */
export const integrationsView: View = {
  path: "integrations",
  title: "Integrations",
  render(container, context) {
    const status = new StatusLine();
    const body = h("div", {}, "Loading…");
    container.append(
      h("h1", {}, "Integrations"),
      section(
        "Connected systems",
        h("p", {}, "LMS connections of this school. Create and change them through the API (docs/lms.md)."),
        body,
        status.element,
      ),
    );
    void context.api
      .json<IntegrationList>("/v1/integrations")
      .then(({ integrations }) =>
        replace(
          body,
          integrations.length
            ? h(
                "ul",
                {},
                integrations.map((integration) =>
                  h(
                    "li",
                    {},
                    h("code", {}, integration.id),
                    ` ${integration.name} (${integration.type})${integration.enabled ? "" : " disabled"}`,
                    // Passbacks given up wait for someone to retry them (GET /v1/submissions?passbackStatus=dead).
                    integration.deliveryCounts.dead > 0
                      ? `, ${integration.deliveryCounts.dead} passback${integration.deliveryCounts.dead === 1 ? "" : "s"} given up`
                      : "",
                  ),
                ),
              )
            : h("p", {}, "No integrations yet."),
        ),
      )
      .catch((error: unknown) => {
        replace(body);
        status.error(error);
      });
    return undefined;
  },
};
