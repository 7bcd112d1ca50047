import { h, replace } from "./dom.js";
import { ApiError } from "./api.js";

/**
 * A status line announced to screen readers (`role=status`, or `alert` for errors). Views write
 * progress and outcomes here instead of in alerts, so that the page never steals focus.
 */
export class StatusLine {
  readonly element = h("p", { className: "status", role: "status", "aria-live": "polite" });

  info(message: string): void {
    this.element.className = "status";
    this.element.setAttribute("role", "status");
    replace(this.element, message);
  }

  error(error: unknown): void {
    this.element.className = "status error";
    this.element.setAttribute("role", "alert");
    replace(this.element, describeError(error));
  }

  clear(): void {
    replace(this.element);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Runs an action from a button, disabling it meanwhile and reporting a failure on the status line. */
export async function busy(button: HTMLButtonElement, status: StatusLine, action: () => Promise<void>) {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    await action();
  } catch (error) {
    status.error(error);
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}
