import { z } from "zod";
import { codePointCount, forbiddenCharacterProblem, hasVisibleCharacter } from "../lib/code-points.js";

/**
 * At most `max` characters, counted as a reader counts them, and as JSON Schema's `maxLength` in the API
 * document does: in code points. Zod's `.max` counts UTF-16 units, so 101 emoji were "more than 200
 * characters" in a field of 200 (the answer limit had the same fault).
 */
export const withMaxCharacters = <Schema extends z.ZodString>(schema: Schema, max: number): Schema =>
  schema
    .superRefine((value, context) => {
      // At most `max` UTF-16 units are at most `max` code points: only a longer text is counted.
      if (value.length > max && codePointCount(value) > max) {
        context.addIssue({
          code: "too_big",
          origin: "string",
          maximum: max,
          inclusive: true,
          input: value,
          message: `must be at most ${max} characters`,
        });
      }
    })
    .meta({ maxLength: max });

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
 * one line in every list, audit record and CSV cell; the bidi controls that reorder the text around them
 * (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069), with which one name reads as another in
 * an audit record ("\u202eeeL sM" shows as "Ms Lee"); every other invisible format character (a zero-width
 * space, a soft hyphen, a BOM, a word joiner, tag characters), with which two keys or tenants that look the
 * same are two ("Ms\u200bLee" and "Ms Lee"), as client ids refuse them; unpaired surrogates, which UTF-8
 * cannot write, and noncharacters. The zero-width non-joiner and joiner (U+200C, U+200D) stay: Persian
 * names and emoji need them. So do the bidi marks (U+200E, U+200F, U+061C): they only set the direction of
 * the characters next to them, which a Persian, Arabic or Hebrew name written beside Latin letters or
 * digits may need, and they move no other text.
 */
const FORBIDDEN_IN_NAME =
  // eslint-disable-next-line no-control-regex -- the controls are what it looks for
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|(?![\u200c-\u200f\u061c])\p{Cf}|\p{Cs}|\p{Noncharacter_Code_Point}/u;

/** Bidi controls that reorder the text around them: named as such in the message. */
const BIDI_REORDERING = /[\u202a-\u202e\u2066-\u2069]/u;

/** What kind of character `found` (a match of FORBIDDEN_IN_NAME) is, for the message. */
function forbiddenInNameKind(found: string): string {
  const unit = found.charCodeAt(0);
  if (found.length === 1 && unit >= 0xd800 && unit <= 0xdfff) return "an unpaired UTF-16 surrogate";
  if (unit <= 0x9f) return "a control character; a name is one line";
  if (unit === 0x2028 || unit === 0x2029) return "a line break; a name is one line";
  if (BIDI_REORDERING.test(found)) {
    return "a bidi control, which reorders the text around it; the marks U+200E, U+200F and U+061C are fine";
  }
  if (/\p{Cf}/u.test(found)) {
    return "an invisible format character, with which two names look the same; the joiners U+200C and U+200D are fine";
  }
  return "a noncharacter";
}

/**
 * A person's text in a request, such as a reason for the audit record or an appeal: trimmed, at most `max`
 * characters, not empty to a reader (only zero-width spaces or bidi controls are empty too), as a rubric's
 * texts and the client ids are, and without control characters but tabs and line breaks (see
 * `CONTROL_IN_TEXT`). It lives in the core because the core's own input schemas take such texts too.
 */
export const visibleTextSchema = (max: number) =>
  withoutControlCharacters(
    withMaxCharacters(z.string().trim().min(1, "must not be empty"), max)
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
  withMaxCharacters(z.string().trim().min(1, "must not be empty"), max)
    .superRefine((name, context) => {
      const problem = forbiddenCharacterProblem(name, FORBIDDEN_IN_NAME, forbiddenInNameKind);
      if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
    })
    .refine(
      (name) => name === "" || FORBIDDEN_IN_NAME.test(name) || hasVisibleCharacter(name),
      "must not be empty (it has no visible character)",
    );
