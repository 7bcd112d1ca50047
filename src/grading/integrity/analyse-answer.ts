/**
 * One pass over a student answer that yields everything grading needs from it: the text the model, the
 * cache key and the evidence check see, what was stripped, and the injection screen's findings. Pure and
 * synchronous; the adapter in src/analysis/ runs it on a worker thread for long answers.
 *
 * Decisions about the text the model sees:
 *  - It is the answer as written minus smuggling characters (stripSmuggling): never NFKC-folded, because
 *    folding changes meaning (`x² + y² = r²` → `x2 + y2 = r2`, `½` → `1⁄2`, `10⁻³` → `10−3`).
 *  - Line breaks are normalised: CRLF, CR, NEL, LS, PS, VT and FF each become "\n". They all end a line;
 *    one form means the same answer typed on Windows or macOS gets one cache entry.
 *  - The text is trimmed at both ends; whitespace inside it (indentation in code, spacing in tables) is
 *    kept as written. Two answers that differ only inside in spacing are two cache entries: cheap, and the
 *    model may well grade indentation.
 *
 * The screen reads a folded copy made once here (canonicaliseStripped), never the text above.
 */
import {
  canonicaliseStripped,
  foldForEvidence,
  stripSmuggling,
  type RemovedCharacterSummary,
} from "./canonicalise-answer.js";
import { screenAnswer } from "./injection-screen.js";
import { type InjectionFinding } from "./screen-types.js";

export interface AnswerAnalysis {
  /**
   * The answer as written minus smuggling characters; CRLF/CR → "\n"; trimmed. The model, the cache key and
   * the evidence check see this; never NFKC-folded. Empty when the answer is blank.
   */
  text: string;
  /**
   * `foldForEvidence(text)`: what the model's evidence quotes are looked for in. Folded here, with the
   * rest of the analysis (on a worker thread for a long answer), not on the event loop after the reply.
   */
  evidenceText: string;
  /** What was removed, by kind (as today's RemovedCharacterSummary). */
  removed: RemovedCharacterSummary[];
  /** The injection screen's findings (empty: nothing found). */
  findings: InjectionFinding[];
}

const LINE_BREAK = /\r\n?|[\v\f\u0085\u2028\u2029]/gu;

/**
 * A text as a reader sees it: smuggling characters removed (stripSmuggling: tag characters, bidi controls,
 * variation-selector runs, other invisibles, C0/C1 controls, lone surrogates, noncharacters) and every line
 * break made "\n". Not trimmed. What the model sees of an answer, and what is kept of the model's own text
 * (feedback, rationales, quotes): both reach people, LMS gradebooks (XML among them, which refuses most
 * control characters) and PostgreSQL (which refuses NUL).
 */
export function readableText(text: string): string {
  return stripSmuggling(text).kept.replace(LINE_BREAK, "\n");
}

/**
 * Strips smuggling characters, folds once for screening, and screens. Pure and synchronous; never throws
 * for any string (lone surrogates are removed and counted). Linear in the answer length; about 1 µs per
 * character for ordinary text (see bench/event-loop.ts), which is why long answers go to a worker thread.
 * Failure modes: those of the screen (see screenAnswer) — a manipulation it does not recognise yields no
 * finding; `text` keeps look-alike and fullwidth letters, exactly as the student typed them.
 */
export function analyseAnswer(answer: string): AnswerAnalysis {
  const { text, evidenceText, removed, findings } = prepareAnswer(answer);
  return { text, evidenceText, removed, findings: findings() };
}

/** An answer's analysis whose screen may not have run yet (the AnswerAnalyser port's `prepare`). */
export interface PreparedAnswer extends Omit<AnswerAnalysis, "findings"> {
  /**
   * True when `findings()` will run the screen on the calling thread; false when it has run already or is
   * running elsewhere (an analysis thread).
   */
  readonly screenPending: boolean;
  /**
   * The screen's findings: runs the screen on the first call when it is pending, the same list after; a
   * promise when the screen runs on another thread.
   */
  findings: () => InjectionFinding[] | Promise<InjectionFinding[]>;
  /**
   * Called once the grade that asked for this analysis is over, however it ended: an analyser that counts
   * grades in progress (to choose where to screen) counts this one out. Calling it twice is harmless.
   */
  finished?: () => void;
}

/** A PreparedAnswer whose screen runs, or ran, on the calling thread. */
export interface InlinePreparedAnswer extends PreparedAnswer {
  findings: () => InjectionFinding[];
}

/**
 * analyseAnswer in two steps: the text the model sees now (a few microseconds for a short answer), the
 * screen when `findings()` is first called. A caller can so send the model its request first and screen
 * while it waits for the reply. Same results as analyseAnswer.
 */
export function prepareAnswer(answer: string): InlinePreparedAnswer {
  const stripped = stripSmuggling(answer);
  const text = stripped.kept.replace(LINE_BREAK, "\n").trim();
  let findings: InjectionFinding[] | undefined;
  return {
    text,
    evidenceText: foldForEvidence(text),
    removed: stripped.removed,
    get screenPending() {
      return findings === undefined;
    },
    findings: () => {
      if (findings === undefined) {
        const { canonical, removed, unfolded } = canonicaliseStripped(stripped);
        findings = screenAnswer({ original: answer, canonical, unfolded, removed });
      }
      return findings;
    },
  };
}

/** An analysis made whole already (on a worker thread, or by an analyser without `prepare`), prepared. */
export function alreadyScreened({ findings, ...prepared }: AnswerAnalysis): PreparedAnswer {
  return { ...prepared, screenPending: false, findings: () => findings };
}
