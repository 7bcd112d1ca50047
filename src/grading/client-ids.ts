import { z } from "zod";
import { hasVisibleCharacter } from "../lib/code-points.js";

/**
 * An id the client gives for a student or a submission: 1 to 200 characters, kept exactly as sent, with at
 * least one visible character, and neither "." nor "..", which URL clients collapse out of the paths that
 * name a student (`/v1/students/{studentId}/export`). The same rule holds wherever such an id comes in: a
 * request body, a CSV upload, an LMS's event.
 */
export const clientIdSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((id) => id === "" || hasVisibleCharacter(id), "must have a visible character")
  .refine((id) => id !== "." && id !== "..", 'cannot be "." or ".." (a URL path cannot carry it)');
