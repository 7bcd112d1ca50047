import { z } from "zod";
import { codePointName, hasVisibleCharacter } from "../lib/code-points.js";

/**
 * Characters an id cannot hold: C0 and C1 controls (NUL included) and DEL, which CSV exports and log lines
 * would carry raw (a NUL cuts a cell short in some readers, an escape sequence rewrites a terminal); bidi
 * controls (embeddings, overrides, isolates, marks), which reorder the text shown around them so that one
 * id reads as another; and unpaired surrogates, which UTF-8 (every export, every log) cannot write.
 */
// eslint-disable-next-line no-control-regex -- the controls are what it looks for
const FORBIDDEN_IN_ID = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;

/** Why `id` holds a character no id may hold (naming the first one), or undefined when it holds none. */
function forbiddenCharacterProblem(id: string): string | undefined {
  const found = FORBIDDEN_IN_ID.exec(id)?.[0];
  if (found === undefined) return undefined;
  const unit = found.charCodeAt(0);
  const kind =
    unit >= 0xd800 && unit <= 0xdfff
      ? "an unpaired UTF-16 surrogate"
      : unit <= 0x9f
        ? "a control character"
        : "a bidi control";
  return `cannot contain ${codePointName(found)} (${kind})`;
}

/**
 * An id in the one form it is stored, compared and erased in: Unicode's canonical composition (NFC). "José"
 * typed with a precomposed é and with an e and a combining accent are canonically equivalent, and a
 * keyboard, an LMS or a spreadsheet may send either: kept as sent, they were two students, and an erasure
 * of one left the other's grades behind.
 */
export const canonicalClientId = (id: string): string => id.normalize("NFC");

/**
 * The rule of every id a client gives: 1 to 200 characters (counted in the form the schema checks), with at
 * least one visible character, no control character, bidi control or unpaired surrogate, and neither "."
 * nor "..", which URL clients collapse out of the paths that name a student
 * (`/v1/students/{studentId}/export`).
 */
const withClientIdRules = (schema: z.ZodString) =>
  schema
    .min(1)
    .max(200, "must be at most 200 characters")
    .superRefine((id, context) => {
      const problem = forbiddenCharacterProblem(id);
      if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
    })
    // An empty id already has its message, and one with a forbidden character is refused for that: a NUL
    // alone also shows nothing, but saying so would hide what to remove.
    .refine(
      (id) => id === "" || FORBIDDEN_IN_ID.test(id) || hasVisibleCharacter(id),
      "must have a visible character",
    )
    .refine((id) => id !== "." && id !== "..", 'cannot be "." or ".." (a URL path cannot carry it)');

/**
 * An id the client gives for a student or a submission, under the rule above, and kept as sent but in its
 * canonical form (`canonicalClientId`), so that storage, filters, exports and erasure see one id whichever
 * form came in. The same rule holds wherever such an id comes in: a request body, a query string, a path,
 * a CSV upload, an LMS's event.
 */
export const clientIdSchema = withClientIdRules(z.string().overwrite(canonicalClientId));

/**
 * The same rule for an id that is matched, as sent, against one an admin wrote: an LMS's assignment id,
 * looked up in the integration's assignment mapping, whose keys are kept as written.
 */
export const verbatimClientIdSchema = withClientIdRules(z.string());
