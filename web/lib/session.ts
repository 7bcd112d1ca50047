import type { Me } from "./types.js";

/** The signed-in teacher: kept in sessionStorage only, so it ends with the tab and is never in a URL. */
export interface Session {
  key: string;
  reviewer: string;
  me: Me;
}

const storageKey = "rubric-grader.session";

export function loadSession(): Session | undefined {
  try {
    const stored = sessionStorage.getItem(storageKey);
    return stored ? (JSON.parse(stored) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(storageKey, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(storageKey);
}
