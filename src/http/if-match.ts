import { z } from "zod";

const entityTag = String.raw`(?:W/)?"[^"]*"`;

/**
 * The `If-Match` request header of a change to something with a version (`what`: "the grade", "the answer
 * group"): one ETag, a comma-separated list of them, or `*`. A change whose tag does not match is refused
 * with 412 `errorCode` and nothing is written.
 */
export const ifMatchHeaderSchema = (what: string, errorCode: string) =>
  z.looseObject({
    "if-match": z
      .string()
      .regex(
        new RegExp(String.raw`^\s*(?:\*|${entityTag}(?:\s*,\s*${entityTag})*)\s*$`),
        `must be the ETag of ${what}, such as "3" (or a comma-separated list of ETags, or *)`,
      )
      .optional()
      .describe(
        `${what[0]!.toUpperCase()}${what.slice(1)}'s ETag as read: the change is refused with 412 \`${errorCode}\` if it changed since. Send it.`,
      ),
  });

/** The ETag of a version: it changes exactly when the thing does. */
export const etagOf = (version: number) => `"${version}"`;

/**
 * The versions an If-Match header names: undefined when there is none or it is `*` (any version of
 * something that exists). A tag that is not one of our versions matches nothing. Weak tags compare by
 * their value: a proxy that compresses responses may weaken the ETag a client saw.
 */
export function versionsFromIfMatch(header: string | undefined): number[] | undefined {
  if (header === undefined || header.trim() === "*") return undefined;
  const versions: number[] = [];
  for (const match of header.matchAll(/"([^"]*)"/g)) {
    if (/^(?:0|[1-9][0-9]{0,14})$/.test(match[1]!)) versions.push(Number(match[1]));
  }
  return versions;
}

/** `{ expectedVersions }` for a service call, or nothing when any version will do. */
export function expectedVersionsOf(ifMatch: string | undefined): { expectedVersions?: readonly number[] } {
  const expectedVersions = versionsFromIfMatch(ifMatch);
  return expectedVersions ? { expectedVersions } : {};
}
