/**
 * Whether two lists of switched-off service plans name the same plans: order, letter case and
 * repeats do not matter, so `[SWAY, SWAY]` is not the same as `[SWAY, TEAMS]`.
 */
export function samePlans(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map((plan) => plan.toLowerCase()));
  const right = new Set(b.map((plan) => plan.toLowerCase()));
  return left.size === right.size && [...left].every((plan) => right.has(plan));
}
