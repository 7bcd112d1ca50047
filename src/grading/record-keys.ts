import { z } from "zod";
import { quoteShown } from "../lib/code-points.js";

/**
 * A JSON object keyed by ids of 1 to `max` characters (an assignment id, a criterion id, a credential's
 * name), each refused id named in the message with the rule it breaks. A key schema refused them with
 * zod's "Invalid key in record", which named neither; and an empty key had no place of its own in the
 * path (`body.assignments`). The object is the path, since a key that is "" or holds "/" has none in a
 * JSON pointer.
 */
export const recordWithNamedKeys = <Value extends z.ZodType>(
  what: string,
  max: number,
  value: Value,
  /** A further rule on each key: why it cannot be taken, or undefined. */
  keyProblem: (key: string) => string | undefined = () => undefined,
) =>
  z.record(z.string(), value).superRefine((record, context) => {
    for (const key of Object.keys(record)) {
      const problem =
        key === ""
          ? "cannot be empty"
          : key.length > max
            ? `must be at most ${max} characters`
            : keyProblem(key);
      if (problem !== undefined) {
        context.addIssue({ code: "custom", message: `the ${what} ${quoteShown(key)} ${problem}` });
      }
    }
  });
