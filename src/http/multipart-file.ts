import type { MultipartFile } from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { AppError } from "../grading/errors.js";

export interface SoleFile {
  file: MultipartFile;
  /**
   * Reads what follows the file, once its stream has been read to the end: a part after it (a second
   * file, a field) is refused with 413 `payload_too_large`, as the multipart limits refuse too many
   * parts. `request.file()` stopped at the first file, so a second one was dropped without a word.
   */
  nothingAfter: () => Promise<void>;
}

/**
 * The one file of a multipart upload, sent in the field `file` (`what` names it in the error when it
 * is missing). Fields before it are skipped, within the multipart limits. Throws what the multipart
 * reader throws (limits), or AppError `invalid_request` when there is no file in `file`.
 */
export async function soleMultipartFile(request: FastifyRequest, what: string): Promise<SoleFile> {
  const parts = request.parts();
  let next = await parts.next();
  while (!next.done && next.value.type === "field") next = await parts.next();
  if (next.done || next.value.type !== "file" || next.value.fieldname !== "file") {
    throw new AppError("invalid_request", {
      message: `file: is required (send ${what} in the multipart field \`file\`)`,
      details: [{ path: "file", message: "is required" }],
    });
  }
  return {
    file: next.value,
    nothingAfter: async () => {
      const after = await parts.next();
      if (after.done) return;
      const message = `has a ${after.value.type} part \`${after.value.fieldname}\` after the file: send one file, in the field \`file\`, and nothing else`;
      throw new AppError("payload_too_large", {
        message: `body: ${message}`,
        details: [{ path: "body", message }],
      });
    },
  };
}
