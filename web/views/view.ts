import type { ApiClient } from "../lib/api.js";
import type { Session } from "../lib/session.js";

export interface ViewContext {
  api: ApiClient;
  session: Session;
}

/** A screen: draws itself into `container`; what it returns is called when another screen replaces it. */
export interface View {
  path: string;
  title: string;
  render(container: HTMLElement, context: ViewContext): (() => void) | undefined;
}
