/**
 * Money as exact integers in the currency's minor unit (cents for EUR, yen for JPY, fils for
 * BHD), so sums never pass through floating point. Amounts leave the planner as decimal
 * strings with exactly the currency's number of decimals ("684.00", "-57.00", "1200").
 */

/** An ISO 4217 currency and how many decimals its minor unit has (EUR 2, JPY 0, BHD 3). */
export interface Currency {
  code: string;
  digits: number;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/u;

/**
 * A decimal written as text ("33.75", "1200", "0.5") in minor units, or undefined when it is
 * not a plain decimal or has more decimals than the currency allows (trailing zeros are fine).
 */
export function parseMinorUnits(text: string, digits: number): bigint | undefined {
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const significant = fraction.replace(/0+$/u, '');
  if (significant.length > digits) return undefined;
  const minor = BigInt(whole) * 10n ** BigInt(digits) + (digits === 0 ? 0n : BigInt(significant.padEnd(digits, '0') || '0'));
  return sign === '-' ? -minor : minor;
}

/** Minor units as a decimal string with exactly `digits` decimals: 68400n, 2 -> "684.00". */
export function formatMinorUnits(minor: bigint, digits: number): string {
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${text.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
