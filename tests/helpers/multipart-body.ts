/**
 * A multipart/form-data body built part by part, byte for byte, so that tests can send what a form
 * library would not: parts in any order, a part without Content-Disposition, a name left empty.
 */
export interface RawPart {
  /** The part's header lines, without the blank line that ends them. */
  headers: string[];
  body: string | Buffer;
}

export const filePart = (name: string, filename: string, body: string | Buffer): RawPart => ({
  headers: [
    `Content-Disposition: form-data; name="${name}"; filename="${filename}"`,
    "Content-Type: application/octet-stream",
  ],
  body,
});

/** A CSV file in the field `file`, as a browser's form sends `answers.csv`. */
export const csvFilePart = (csv: string): RawPart => ({
  headers: ['Content-Disposition: form-data; name="file"; filename="answers.csv"', "Content-Type: text/csv"],
  body: csv,
});

export const fieldPart = (name: string, value: string): RawPart => ({
  headers: [`Content-Disposition: form-data; name="${name}"`],
  body: value,
});

export function multipartBody(parts: RawPart[], boundary = "----grader-multipart-test") {
  const payload = Buffer.concat([
    ...parts.flatMap((part) => [
      Buffer.from(`--${boundary}\r\n${part.headers.map((line) => `${line}\r\n`).join("")}\r\n`),
      Buffer.isBuffer(part.body) ? part.body : Buffer.from(part.body, "utf8"),
      Buffer.from("\r\n"),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}
