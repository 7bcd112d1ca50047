/**
 * Small JSON-schema primitives shared by the fake provider servers: their structured-output
 * checkers (`findStrictSchemaProblems`, `findAnthropicSchemaProblems`) and the schema-driven
 * sample replies walk schemas the same way, so they resolve `$ref`s and read `type` the same way.
 */

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The types a schema node names: `type: "x"` → `["x"]`, `type: ["x", "null"]` → both, none → `[]`. */
export function typesOf(node: JsonObject): string[] {
  if (typeof node.type === "string") return [node.type];
  if (Array.isArray(node.type)) return node.type.filter((type): type is string => typeof type === "string");
  return [];
}

/**
 * Resolves a local `$ref` (`#` or a JSON pointer like `#/$defs/Name`) against the root schema, or
 * returns `undefined` when it points outside the document or at nothing.
 */
export function resolveRef(root: JsonObject, ref: string): { schema: unknown; pointer: string } | undefined {
  if (ref === "#") return { schema: root, pointer: "#" };
  if (!ref.startsWith("#/")) return undefined;
  let current: unknown = root;
  for (const segment of ref.slice(2).split("/").map(unescapePointer)) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isJsonObject(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current === undefined ? undefined : { schema: current, pointer: ref };
}

/** Escapes a property name for use as a JSON-pointer segment (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

export function unescapePointer(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}
