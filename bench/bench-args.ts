/** `--name 5` from a benchmark's command line, or the fallback when absent or not a positive whole number. */
export function numberOption(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  const value = at >= 0 ? Number(argv[at + 1]) : fallback;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
