import { AppError, formatPath } from "../grading/errors.js";

/**
 * Text a client sends must reach storage exactly as sent. Bytes that are not UTF-8 would be decoded to
 * U+FFFD and an unpaired UTF-16 surrogate (`"\ud800"` in JSON) would be stored as U+FFFD too: in both
 * cases what the service keeps is not what was submitted. Both are refused with 400, naming where.
 */

const strictDecoder = new TextDecoder("utf-8", { fatal: true });

/** Decodes UTF-8 strictly (a leading byte order mark is dropped). Throws `invalid_request` naming the byte. */
export function decodeUtf8Strictly(bytes: Buffer, where: string): string {
  try {
    return strictDecoder.decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const message = `is not valid UTF-8 text (near byte ${offset}): send UTF-8`;
    throw new AppError("invalid_request", {
      message: `${where}: ${message}`,
      details: [{ path: where, message }],
    });
  }
}

/**
 * The first string in a parsed JSON value that holds an unpaired surrogate, with its path
 * (`body.criteria[1].title`), or undefined. Object keys are checked too.
 */
export function findUnpairedSurrogate(
  value: unknown,
  root: string,
): { path: string; offset: number; inPropertyName?: true } | undefined {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === "string") {
      if (!current.isWellFormed()) return { path: joinPath(root, path), offset: unpairedOffset(current) };
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
    } else if (current !== null && typeof current === "object") {
      for (const [key, child] of Object.entries(current)) {
        if (!key.isWellFormed()) {
          return { path: joinPath(root, path), offset: unpairedOffset(key), inPropertyName: true };
        }
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return undefined;
}

/** Throws `code` (default `invalid_request`) when `value` holds an unpaired surrogate. */
export function refuseUnpairedSurrogates(
  value: unknown,
  root: string,
  code: "invalid_request" | "invalid_rubric" = "invalid_request",
): void {
  const found = findUnpairedSurrogate(value, root);
  if (!found) return;
  const where = found.inPropertyName ? "has a property name that contains" : "contains";
  const message = `${where} an unpaired UTF-16 surrogate at offset ${found.offset}, which cannot be stored as sent: send valid Unicode text`;
  throw new AppError(code, {
    message: `${found.path}: ${message}`,
    details: [{ path: found.path, message }],
  });
}

function joinPath(root: string, path: PropertyKey[]): string {
  const rest = formatPath(path);
  if (root === "") return rest || "(document)";
  if (rest === "") return root;
  return rest.startsWith("[") ? `${root}${rest}` : `${root}.${rest}`;
}

function unpairedOffset(text: string): number {
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index++;
        continue;
      }
      return index;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return index;
  }
  return -1;
}

function firstInvalidUtf8Offset(bytes: Buffer): number {
  // Decode prefixes by halving: the longest valid prefix ends at the first bad byte (at most 3 bytes off).
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      strictDecoder.decode(bytes.subarray(0, middle));
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  return low;
}
