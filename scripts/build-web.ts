/**
 * Builds the teacher page (web/) into static files the server serves at /app/ (src/http/teacher-page.ts):
 * one JavaScript bundle and one stylesheet named by content hash, and index.html naming them.
 *
 *   npx tsx scripts/build-web.ts [outDir]     (default dist/web; `npm run build` runs it)
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const defaultWebOutDir = join(root, "dist", "web");

export async function buildTeacherPage(outDir: string = defaultWebOutDir): Promise<{ files: string[] }> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, "assets"), { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { app: "web/main.ts", styles: "web/styles.css" },
    bundle: true,
    minify: true,
    sourcemap: "linked",
    format: "esm",
    // Browsers of the last few years, phones included; nothing needs a polyfill.
    target: ["es2022", "chrome100", "firefox100", "safari15"],
    outdir: join(outDir, "assets"),
    entryNames: "[name]-[hash]",
    metafile: true,
    legalComments: "none",
    logLevel: "warning",
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
  const script = outputs.find((name) => name.startsWith("app-") && name.endsWith(".js"));
  const styles = outputs.find((name) => name.startsWith("styles-") && name.endsWith(".css"));
  if (!script || !styles) throw new Error(`esbuild wrote no bundle or stylesheet: ${outputs.join(", ")}`);
  const template = await readFile(join(root, "web", "index.html"), "utf8");
  await writeFile(
    join(outDir, "index.html"),
    template.replace("%SCRIPT%", script).replace("%STYLES%", styles),
  );
  return { files: ["index.html", ...outputs.map((name) => `assets/${name}`)] };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? defaultWebOutDir);
  const { files } = await buildTeacherPage(outDir);
  console.log(`teacher page built in ${outDir}: ${files.join(", ")}`);
}
