import { z } from "zod";
import { forbiddenCharacterProblem, hasVisibleCharacter } from "../lib/code-points.js";
import { withMaxCharacters } from "./visible-text.js";

/**
 * Characters an id cannot hold: C0 and C1 controls (NUL included) and DEL, which CSV exports and log lines
 * would carry raw (a NUL cuts a cell short in some readers, an escape sequence rewrites a terminal); bidi
 * controls (embeddings, overrides, isolates, marks), which reorder the text shown around them so that one
 * id reads as another; other invisible format characters (a byte order mark, zero-width space, word joiner,
 * soft hyphen, Unicode tag characters), which make two ids that look the same two students (`\ufeffs1`
 * and `s1`), except the zero-width joiner and non-joiner that emoji and Persian names need; line and
 * paragraph separators (an id is one line); noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and the last two
 * of every plane), which are not text; and unpaired surrogates, which UTF-8 (every export, every log)
 * cannot write.
 */
const FORBIDDEN_IN_ID =
  // eslint-disable-next-line no-control-regex -- the controls are what it looks for
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|(?![\u200c\u200d])\p{Cf}|\p{Cs}|\p{Noncharacter_Code_Point}/u;

/** Bidi controls: format characters named as such in the message. */
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** What kind of character `found` (a match of FORBIDDEN_IN_ID) is, for the message. */
function forbiddenInIdKind(found: string): string {
  const unit = found.charCodeAt(0);
  if (found.length === 1 && unit >= 0xd800 && unit <= 0xdfff) return "an unpaired UTF-16 surrogate";
  if (unit <= 0x9f) return "a control character";
  if (BIDI_CONTROL.test(found)) return "a bidi control";
  if (unit === 0x2028 || unit === 0x2029) return "a line break";
  return /\p{Cf}/u.test(found) ? "an invisible format character" : "a noncharacter";
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
 * least one visible character, none of the characters above, and neither "."
 * nor "..", which URL clients collapse out of the paths that name a student
 * (`/v1/students/{studentId}/export`).
 */
const withClientIdRules = (schema: z.ZodString) =>
  withIdCharacterRules(withMaxCharacters(schema.min(1), 200)).refine(
    (id) => id !== "." && id !== "..",
    'cannot be "." or ".." (a URL path cannot carry it)',
  );

/** None of the characters above, and at least one visible character: the part every kind of id shares. */
const withIdCharacterRules = (schema: z.ZodString) =>
  schema
    .superRefine((id, context) => {
      const problem = forbiddenCharacterProblem(id, FORBIDDEN_IN_ID, forbiddenInIdKind);
      if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
    })
    // An empty id already has its message, and one with a forbidden character is refused for that: a NUL
    // alone also shows nothing, but saying so would hide what to remove.
    .refine(
      (id) => id === "" || FORBIDDEN_IN_ID.test(id) || hasVisibleCharacter(id),
      "must have a visible character",
    );

/**
 * Why `id` cannot be an id for the characters it holds (`cannot contain U+202E (a bidi control)`), or
 * undefined: the character rule of `clientIdSchema`, for an id that is not a schema's value, such as a
 * record's key.
 */
export const idCharacterProblem = (id: string): string | undefined =>
  forbiddenCharacterProblem(id, FORBIDDEN_IN_ID, forbiddenInIdKind);

/**
 * An identifier matched, as written, against what another system sends: an LTI tool's client id and key id,
 * the issuer and audience of Canvas's signed Live Events. 1 to `max` characters, with a visible one and
 * none of the characters above (400 naming the field and the character): a bidi override or a zero-width
 * space made one that an admin reads as the platform's but that never matches it, and a control character
 * reached every page and log line that shows it.
 */
export const foreignIdentifierSchema = (max: number) =>
  withIdCharacterRules(withMaxCharacters(z.string().min(1), max));

/**
 * An id the client gives for a student or a submission, under the rule above, and kept as sent but in its
 * canonical form (`canonicalClientId`), so that storage, filters, exports and erasure see one id whichever
 * form came in. The same rule holds wherever such an id comes in: a request body, a query string, a path,
 * a CSV upload, an LMS's event.
 */
export const clientIdSchema = withClientIdRules(z.string().overwrite(canonicalClientId));

/** White space at either end of an id: a space, a no-break space, an ideographic space, a tab. */
const SURROUNDING_SPACE = /^\s|\s$/u;
const surroundingSpaceMessage =
  "cannot begin or end with white space: ids are kept exactly as sent (never trimmed), so it would be another id";

/**
 * Refuses a value with white space at either end. An id is kept as sent (an LMS may rely on its exact
 * ids, so nothing is trimmed): " s-1" would be another student than "s-1", and "x " no rubric.
 */
export const withoutSurroundingSpace = <Schema extends z.ZodType<string>>(schema: Schema): Schema =>
  schema.refine((id) => !SURROUNDING_SPACE.test(id), surroundingSpaceMessage);

/**
 * An id a client sends for a new answer or as a filter: `clientIdSchema`, and no white space at either end
 * (`withoutSurroundingSpace`; an id that shows nothing, or holds a forbidden character, is refused for that
 * alone). Paths that name a student keep `clientIdSchema`, so that ids stored before this rule stay
 * reachable (export, erasure).
 */
export const sentClientIdSchema = clientIdSchema.refine(
  (id) => FORBIDDEN_IN_ID.test(id) || !hasVisibleCharacter(id) || !SURROUNDING_SPACE.test(id),
  surroundingSpaceMessage,
);

/**
 * The same rule for an id that is matched, as sent, against one an admin wrote: an LMS's assignment id,
 * looked up in the integration's assignment mapping, whose keys are kept as written.
 */
export const verbatimClientIdSchema = withClientIdRules(z.string());
