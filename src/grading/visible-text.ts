import { z } from "zod";
import { forbiddenCharacterProblem, hasVisibleCharacter } from "../lib/code-points.js";

/**
 * Control characters a person's multi-line text cannot hold: the C0 controls but tab, line feed and carriage
 * return (which multi-line texts have), DEL and the C1 controls. NUL, escape sequences and the like come
 * from a broken export or a pasted terminal log, never from a teacher, and would reach every page, export,
 * log line and LMS comment the text goes to as they are (PostgreSQL cannot even store a NUL in text).
 */
// eslint-disable-next-line no-control-regex -- the controls are what it looks for
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/** Refuses a text holding a control character other than tab, line feed or carriage return, naming it. */
export const withoutControlCharacters = (schema: z.ZodString) =>
  schema.superRefine((value, context) => {
    const problem = forbiddenCharacterProblem(
      value,
      CONTROL_IN_TEXT,
      () => "a control character; tabs and line breaks are fine",
    );
    if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
  });

/**
 * What a name (one line: a reviewer, an appellant, a key, a tenant, an integration) cannot hold: any C0 or
 * C1 control or DEL, tabs and line breaks included, and the line and paragraph separators, since a name is
 * one line in every list, audit record and CSV cell; and the bidi controls that reorder the text around them
 * (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069), with which one name reads as another in
 * an audit record ("\u202eeeL sM" shows as "Ms Lee"). The bidi marks (U+200E, U+200F, U+061C) stay: they
 * only set the direction of the characters next to them, which a Persian, Arabic or Hebrew name written
 * beside Latin letters or digits may need, and they move no other text.
 */
// eslint-disable-next-line no-control-regex -- the controls are what it looks for
const FORBIDDEN_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** What kind of character `found` (a match of FORBIDDEN_IN_NAME) is, for the message. */
function forbiddenInNameKind(found: string): string {
  const unit = found.charCodeAt(0);
  if (unit <= 0x9f) return "a control character; a name is one line";
  if (unit === 0x2028 || unit === 0x2029) return "a line break; a name is one line";
  return "a bidi control, which reorders the text around it; the marks U+200E, U+200F and U+061C are fine";
}

/**
 * A person's text in a request, such as a reason for the audit record or an appeal: trimmed, at most `max`
 * characters, not empty to a reader (only zero-width spaces or bidi controls are empty too), as a rubric's
 * texts and the client ids are, and without control characters but tabs and line breaks (see
 * `CONTROL_IN_TEXT`). It lives in the core because the core's own input schemas take such texts too.
 */
export const visibleTextSchema = (max: number) =>
  withoutControlCharacters(
    z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(max)
      // An empty text already has its message, and one with a control character is refused for that: a
      // NUL alone also shows nothing, but saying so would hide what to remove.
      .refine(
        (text) => text === "" || CONTROL_IN_TEXT.test(text) || hasVisibleCharacter(text),
        "must not be empty (it has no visible character)",
      ),
  );

/**
 * A name: a visible text (above) on one line, without the characters of `FORBIDDEN_IN_NAME`: 400 naming the
 * field and the character (`body.reviewer: cannot contain U+202E (a bidi control, …)`), as ids are refused.
 */
export const nameSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max)
    .superRefine((name, context) => {
      const problem = forbiddenCharacterProblem(name, FORBIDDEN_IN_NAME, forbiddenInNameKind);
      if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
    })
    .refine(
      (name) => name === "" || FORBIDDEN_IN_NAME.test(name) || hasVisibleCharacter(name),
      "must not be empty (it has no visible character)",
    );
