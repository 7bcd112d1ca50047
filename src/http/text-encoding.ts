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
  // Each node links to its parent instead of carrying a copy of its path: copying made the walk quadratic
  // in the nesting depth (an 80 KB body of nested arrays held the event loop for ten seconds). The path is
  // built only for the string that is found.
  interface Node {
    value: unknown;
    key: PropertyKey | undefined;
    parent: Node | undefined;
  }
  const pathOf = (node: Node | undefined): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let current = node; current?.key !== undefined; current = current.parent) path.push(current.key);
    return path.reverse();
  };
  const stack: Node[] = [{ value, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const current = node.value;
    if (typeof current === "string") {
      if (!current.isWellFormed())
        return { path: joinPath(root, pathOf(node)), offset: unpairedOffset(current) };
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        stack.push({ value: current[index], key: index, parent: node });
      }
    } else if (current !== null && typeof current === "object") {
      const entries = Object.entries(current);
      for (const [key] of entries) {
        if (!key.isWellFormed()) {
          return { path: joinPath(root, pathOf(node)), offset: unpairedOffset(key), inPropertyName: true };
        }
      }
      for (let index = entries.length - 1; index >= 0; index--) {
        stack.push({ value: entries[index]![1], key: entries[index]![0], parent: node });
      }
    }
  }
  return undefined;
}

/**
 * The path (`body.deep[0][0]`) of the first value nested deeper than `maxDepth` objects and arrays, or undefined. No request
 * body needs more than a few levels; a body of thousands costs every later walk over it.
 */
export function findDeepNesting(value: unknown, maxDepth: number, root: string): string | undefined {
  const stack: { value: unknown; depth: number; path: PropertyKey[] | undefined }[] = [
    { value, depth: 0, path: [] },
  ];
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth >= maxDepth) return joinPath(root, path ?? []);
    // Paths are kept for the first levels only (what the message shows); deeper ones are cut there.
    const childPath = (key: PropertyKey) => (path && path.length < 8 ? [...path, key] : path);
    if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, depth: depth + 1, path: childPath(index) }));
    } else {
      for (const [key, child] of Object.entries(current)) {
        stack.push({ value: child, depth: depth + 1, path: childPath(key) });
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
