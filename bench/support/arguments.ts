/** The command line of a benchmark: `--name value` options and `--flag` switches. */
export const benchArguments = process.argv.slice(2);

/** The number after `--name`, or `fallback` when the option is not given. */
export function numberOption(name: string, fallback: number): number {
  const index = benchArguments.indexOf(`--${name}`);
  return index >= 0 ? Number(benchArguments[index + 1]) : fallback;
}
