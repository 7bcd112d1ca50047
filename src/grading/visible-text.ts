import { z } from "zod";
import { hasVisibleCharacter } from "../lib/code-points.js";

/**
 * A person's text in a request, such as a reviewer's name, a reason for the audit record, or the name of a
 * key or an integration: trimmed, at most `max` characters, and not empty to a reader (only zero-width
 * spaces or bidi controls are empty too), as a rubric's texts and the client ids are. It lives in the core
 * because the core's own input schemas (an integration's) take such names too.
 */
export const visibleTextSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max)
    // An empty text already has its message.
    .refine(
      (text) => text === "" || hasVisibleCharacter(text),
      "must not be empty (it has no visible character)",
    );
