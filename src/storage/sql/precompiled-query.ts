import { CompiledQuery, type Compilable, type Kysely } from "kysely";
import type { Database } from "./schema.js";

/**
 * A query built and compiled once per database dialect, then run with new parameters. Kysely builds an
 * immutable query tree and compiles it to SQL on every call, which costs ten times what SQLite needs to
 * run a small indexed query; the queries on every grade's path use this instead.
 *
 * `build` receives a placeholder for each parameter and must use each one where the value goes;
 * every other value it uses is a constant (Kysely parameterises those too, e.g. `limit(1)`).
 * Throws at first use when a placeholder does not appear among the compiled parameters.
 */
export function precompiledQuery<Params extends readonly unknown[]>(
  build: (db: Kysely<Database>, params: { [Index in keyof Params]: string }) => Compilable,
): (db: Kysely<Database>, params: Params) => CompiledQuery {
  // Keyed by the executor's adapter: one compiled form per dialect (SQLite `?`, PostgreSQL `$1`).
  const templates = new WeakMap<
    object,
    { sql: string; slots: ({ param: number } | { constant: unknown })[] }
  >();
  return (db, params) => {
    const adapter = db.getExecutor().adapter;
    let template = templates.get(adapter);
    if (!template) {
      const placeholders = params.map((_, index) => `\u0000precompiled-parameter-${index}\u0000`);
      const compiled = build(db, placeholders as { [Index in keyof Params]: string }).compile();
      const slots = compiled.parameters.map((value) => {
        const index = placeholders.indexOf(value as string);
        return index >= 0 ? { param: index } : { constant: value };
      });
      for (let index = 0; index < placeholders.length; index++) {
        if (!slots.some((slot) => "param" in slot && slot.param === index)) {
          throw new Error(`precompiled query: parameter ${index} is not used as a value in ${compiled.sql}`);
        }
      }
      template = { sql: compiled.sql, slots };
      templates.set(adapter, template);
    }
    return CompiledQuery.raw(
      template.sql,
      template.slots.map((slot) => ("param" in slot ? params[slot.param] : slot.constant)),
    );
  };
}
