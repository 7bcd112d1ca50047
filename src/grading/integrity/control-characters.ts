/**
 * Control characters that hide text when the answer is shown in a terminal, a log or some editors:
 * backspaces that erase what came before, a carriage return in mid-line that overwrites it, ESC or CSI
 * sequences (concealed, black-on-black or erased lines), DEL, and runs of other C0/C1 controls. The
 * stripper removes all of them before grading; the screen reports them, because nobody types them.
 *
 * Tab, line feed and CRLF are ordinary and never reported; a carriage return is reported only when text
 * follows it on the same line (an overwrite), not as a line ending; a vertical tab or a form feed only in a
 * run or beside another control. Reads the answer as submitted.
 */
/* eslint-disable no-control-regex -- this module reads control characters on purpose */
import { decodedExcerpt, type LocatedFinding } from "./screen-types.js";

const BACKSPACES = /\u0008+/u;
const ESCAPE = /[\u001b\u009b]/u;
const ESCAPE_SEQUENCE = /(?:\u001b\[|\u009b)[0-9;?]*[ -/]*[@-~]|\u001b[@-_]/gu;
const OVERWRITING_CR = /\r(?![\r\n])(?=[^\n])/u;
const DELETE = /\u007f/u;
/** Other C0 and C1 controls (not tab, line feed, vertical tab, form feed, carriage return, NEL). */
const OTHER_CONTROL = /[\u0000-\u0007\u000e-\u001a\u001c-\u001f\u0080-\u0084\u0086-\u009a\u009c-\u009f]/gu;

/**
 * Vertical tabs and form feeds in a row: a word processor's manual line break or page break comes one at a
 * time; runs of them push a line out of view or apart from the text around it.
 */
const LINE_CONTROL_RUN = /[\u000b\u000c]{2,}/u;
const LINE_CONTROL = /[\u000b\u000c]/u;

function controlFinding(reason: string, excerpt: string, position: number): LocatedFinding {
  return { technique: "control_characters", reason, excerpt, position };
}

/**
 * Findings for hiding control characters in the answer as submitted, at most one per kind. Failure
 * modes: a single stray control character from a copy-paste (other than the kinds above) is not
 * reported; text hidden by a terminal feature we do not parse (OSC hyperlinks) is reported only as ESC.
 */
export function findControlCharacters(original: string): LocatedFinding[] {
  const findings: LocatedFinding[] = [];
  const backspaces = BACKSPACES.exec(original);
  if (backspaces) {
    const erased = original.slice(Math.max(0, backspaces.index - backspaces[0].length), backspaces.index);
    findings.push(
      controlFinding(
        "The answer uses backspace characters, which erase text on screen while the grader still reads it.",
        decodedExcerpt("erased by backspaces", erased.replace(OTHER_CONTROL, "")),
        backspaces.index,
      ),
    );
  }
  const escape = ESCAPE.exec(original);
  if (escape) {
    const after = original.slice(escape.index, escape.index + 400).replace(ESCAPE_SEQUENCE, "\u0000");
    const hidden = after.split("\u0000").find((part) => part.trim().length > 0) ?? "";
    findings.push(
      controlFinding(
        "The answer contains terminal escape sequences, which can hide or erase text on screen.",
        decodedExcerpt("text among escape codes", hidden.replace(OTHER_CONTROL, "")),
        escape.index,
      ),
    );
  }
  const overwrite = OVERWRITING_CR.exec(original);
  if (overwrite) {
    const lineStart = Math.max(original.lastIndexOf("\n", overwrite.index - 1) + 1, 0);
    findings.push(
      controlFinding(
        "The answer uses a carriage return in mid-line, which overwrites the text before it on screen.",
        decodedExcerpt("overwritten", original.slice(lineStart, overwrite.index)),
        overwrite.index,
      ),
    );
  }
  const deleted = DELETE.exec(original);
  const others = original.match(OTHER_CONTROL)?.length ?? 0;
  const lineControls = LINE_CONTROL_RUN.exec(original);
  if (lineControls) {
    const end = original.indexOf("\n", lineControls.index + lineControls[0].length);
    const set = original.slice(lineControls.index, end < 0 ? lineControls.index + 200 : end);
    findings.push(
      controlFinding(
        "The answer sets text apart with runs of vertical tabs or form feeds, which push it out of view.",
        decodedExcerpt(
          "set apart",
          set
            .replace(/[\u000b\u000c]+/gu, " ")
            .replace(OTHER_CONTROL, "")
            .trim(),
        ),
        lineControls.index,
      ),
    );
  }
  // A stray NUL with a vertical tab or a form feed: two kinds of control nobody types.
  if (deleted || others >= 2 || (others === 1 && LINE_CONTROL.test(original))) {
    findings.push(
      controlFinding(
        "The answer contains invisible control characters (DEL, NUL or others) that nobody types.",
        `(${(original.match(/\u007f/gu)?.length ?? 0) + others} control characters)`,
        deleted?.index ?? -1,
      ),
    );
  }
  return findings;
}
