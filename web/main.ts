import { ApiClient } from "./lib/api.js";
import { field, h, replace } from "./lib/dom.js";
import { clearSession, loadSession, saveSession, type Session } from "./lib/session.js";
import { busy, StatusLine } from "./lib/status.js";
import type { Me, Role } from "./lib/types.js";
import { batchView } from "./views/batch.js";
import { gradeView } from "./views/grade.js";
import { integrationsView } from "./views/integrations.js";
import { reviewView } from "./views/review.js";
import { rubricsView } from "./views/rubrics.js";
import type { ViewContext, View } from "./views/view.js";

/**
 * The teacher page: sign in with a key, then one screen per task. Screens are chosen by the URL's
 * hash (#/rubrics, #/grade, …) and by the key's role: teachers get rubrics, grading, batches and
 * review; admins also get integrations. Every screen talks to the service through the public API.
 */
const views: (View & { roles: readonly Role[] })[] = [
  { ...rubricsView, roles: ["admin", "teacher"] },
  { ...gradeView, roles: ["admin", "teacher"] },
  { ...batchView, roles: ["admin", "teacher"] },
  { ...reviewView, roles: ["admin", "teacher"] },
  { ...integrationsView, roles: ["admin"] },
];

const root = document.getElementById("app")!;
let stopCurrent: (() => void) | undefined;
/**
 * The screen a 401 interrupted (a key revoked or expired in the middle of a review), kept while the
 * teacher signs in again: with a key of the same school and role it comes back as it was, with the points
 * and comments they typed, ready to save again. Any other sign-in (or signing out) drops it.
 */
let interrupted: { nodes: Node[]; session: Session; api: ApiClient } | undefined;

function start(): void {
  const session = loadSession();
  if (session) showApp(session);
  else showSignIn();
}

function showSignIn(message?: string, keepScreen = false): void {
  if (!keepScreen) {
    stopCurrent?.();
    interrupted = undefined;
  }
  document.title = "Sign in · Rubric Grader";
  const status = new StatusLine();
  if (message) status.info(message);
  const keyInput = h("input", { type: "password", name: "key", autocomplete: "off", spellcheck: false });
  const nameInput = h("input", { type: "text", name: "reviewer", autocomplete: "name", required: true });
  const submit = h("button", { type: "submit", className: "primary" }, "Sign in");
  const form = h(
    "form",
    { className: "card narrow", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title" }, "Rubric Grader"),
    h("p", {}, "Sign in with your teacher key. It is kept for this browser tab only."),
    field("API key", keyInput, "Leave empty on a server that runs without keys (loopback only)."),
    field("Your name", nameInput, "Recorded with every grade you change or approve."),
    submit,
    status.element,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(submit, status, async () => {
      const key = keyInput.value.trim();
      const me = await new ApiClient(key).json<Me>("/v1/me");
      if (me.role === "service") {
        status.error(new Error("This is a service key (for an LMS): sign in with a teacher or admin key."));
        return;
      }
      const session = { key, reviewer: nameInput.value.trim() || me.role, me };
      saveSession(session);
      const resumed = interrupted;
      interrupted = undefined;
      if (resumed && resumed.session.me.tenantId === me.tenantId && resumed.session.me.role === me.role) {
        // The views hold this session and client: they act with the new key and name from now on.
        Object.assign(resumed.session, session);
        resumed.api.useKey(key);
        replace(root, ...resumed.nodes);
        return;
      }
      stopCurrent?.();
      showApp(session);
    });
  });
  replace(root, h("main", { id: "main" }, form));
  keyInput.focus();
}

function showApp(session: Session): void {
  const allowed = views.filter((view) => view.roles.includes(session.me.role));
  const api: ApiClient = new ApiClient(session.key, () => {
    clearSession();
    // Several requests may fail at once: the screen is kept once, not the sign-in form over it.
    if (interrupted) return;
    interrupted = { nodes: [...root.childNodes], session, api };
    showSignIn(
      "Your key is no longer accepted (revoked or expired): sign in again. What you typed on this screen is kept until you do.",
      true,
    );
  });
  const context: ViewContext = { api, session };
  const nav = h(
    "nav",
    { "aria-label": "Screens" },
    h(
      "ul",
      {},
      allowed.map((view) =>
        h("li", {}, h("a", { href: `#/${view.path}`, "data-path": view.path }, view.title)),
      ),
    ),
  );
  const signOut = h("button", { type: "button", className: "link" }, "Sign out");
  signOut.addEventListener("click", () => {
    clearSession();
    window.location.hash = "";
    showSignIn("Signed out.");
  });
  const main = h("main", { id: "main", tabIndex: -1 });
  replace(
    root,
    h("a", { href: "#main", className: "skip" }, "Skip to content"),
    h(
      "header",
      { className: "top" },
      h("span", { className: "brand" }, "Rubric Grader"),
      nav,
      h(
        "span",
        { className: "who" },
        `${session.reviewer} · ${session.me.role} · ${session.me.tenantId}`,
        " ",
        signOut,
      ),
    ),
    main,
  );

  const route = () => {
    const path = window.location.hash.replace(/^#\/?/, "").split("?")[0] ?? "";
    const view = allowed.find((candidate) => candidate.path === path) ?? allowed[0]!;
    for (const link of nav.querySelectorAll("a")) {
      if (link.dataset.path === view.path) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    stopCurrent?.();
    document.title = `${view.title} · Rubric Grader`;
    replace(main);
    stopCurrent = view.render(main, context);
    main.focus({ preventScroll: true });
  };
  window.onhashchange = route;
  route();
}

start();
