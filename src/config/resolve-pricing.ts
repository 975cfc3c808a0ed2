import { createRequire } from 'node:module';
import type currencyCodesModule from 'currency-codes';
import { joinAlternatives, quoteText, suggestNames } from '../catalog/index.js';
import type { DesiredSettings } from '../model/desired.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Currency } from '../model/money.js';
import { parseMinorUnits } from '../model/money.js';
import type { LicenseResolver } from './license-resolver.js';
import type { Located, SettingsSpec } from './loaded-config.js';

/**
 * ISO 4217 currencies prices can be in, with the decimals of each one's minor unit. The
 * list's entries for precious metals, bond units, the testing code and "no currency" (the
 * ones without a country) are not currencies anyone is billed in.
 */
function billableCurrencies(): Map<string, Currency> {
  // Loaded on the first price: the ISO 4217 list is four modules that every `plan` and
  // `validate` would otherwise load at start-up, and most configs have no prices.
  const currencyCodes = createRequire(import.meta.url)('currency-codes') as typeof currencyCodesModule;
  const currencies = new Map<string, Currency>();
  for (const record of currencyCodes.data) {
    if (record.countries.some((country) => country.startsWith('Zz'))) continue;
    currencies.set(record.code, { code: record.code, digits: record.digits });
  }
  return currencies;
}

let known: Map<string, Currency> | undefined;

/** The currency an ISO 4217 code names, or a diagnostic with a suggestion. */
function resolveCurrency(code: Located<string>): Currency | Diagnostic {
  known ??= billableCurrencies();
  const currency = known.get(code.value.toUpperCase());
  if (currency !== undefined) return currency;
  const suggestions = suggestNames(code.value.toUpperCase(), known.keys());
  return {
    severity: 'error',
    code: 'unknown-currency',
    message: `unknown currency ${quoteText(code.value)}: not an ISO 4217 currency code`,
    location: code.location,
    hint: suggestions.length > 0 ? `did you mean ${joinAlternatives(suggestions)}?` : 'write the three-letter code, e.g. EUR, USD or GBP',
  };
}

const isDiagnostic = (value: Currency | Diagnostic): value is Diagnostic => 'severity' in value;

/**
 * `currency`, `prices` and `billing` resolved: each price's SKU name against the tenant's
 * SKUs (with "did you mean"), its amount exactly in the currency's minor units. A price with
 * more decimals than the currency has, a SKU priced twice, or prices without a currency are
 * errors where they are written.
 */
export function resolvePricing(spec: SettingsSpec | undefined, resolver: LicenseResolver, diagnostics: Diagnostic[]): Pick<DesiredSettings, 'prices' | 'currency' | 'billing'> {
  const out: Pick<DesiredSettings, 'prices' | 'currency' | 'billing'> = {};
  if (spec?.billing !== undefined) out.billing = spec.billing;
  const currency = spec?.currency === undefined ? undefined : resolveCurrency(spec.currency);
  if (currency !== undefined && isDiagnostic(currency)) diagnostics.push(currency);
  else if (currency !== undefined) out.currency = currency;
  const given = spec?.prices ?? [];
  if (given.length === 0) return out;
  if (currency === undefined) {
    diagnostics.push({
      severity: 'error', code: 'currency-missing', message: 'prices need a currency', location: given[0]?.price.location ?? spec?.location ?? { file: '', line: 1, column: 1 },
      hint: 'add `currency:` (an ISO 4217 code such as EUR) next to `prices:` in settings',
    });
  }
  // Names are checked whatever the currency; amounts only against a known one.
  const digits = currency === undefined || isDiagnostic(currency) ? undefined : currency;
  const prices: Record<string, bigint> = {};
  const pricedAt = new Map<string, Located<string>['location']>();
  for (const { sku: name, price } of given) {
    const sku = resolver.resolveSku(name);
    const minor = digits === undefined ? undefined : parseMinorUnits(price.value, digits.digits);
    if (digits !== undefined && minor === undefined) {
      diagnostics.push({
        severity: 'error', code: 'invalid-price', location: price.location,
        message: `price ${quoteText(price.value)} has more decimals than ${digits.code} has (${digits.digits})`,
        hint: digits.digits === 0 ? `${digits.code} has no minor unit: write a whole number` : `write at most ${digits.digits} decimals, e.g. ${(1).toFixed(digits.digits)}`,
      });
    }
    if (sku === undefined) continue;
    const first = pricedAt.get(sku.skuId);
    if (first !== undefined) {
      diagnostics.push({ severity: 'error', code: 'duplicate-sku', message: `${quoteText(name.value)} is priced twice`, location: name.location, related: [{ message: 'first priced here', location: first }] });
      continue;
    }
    pricedAt.set(sku.skuId, name.location);
    if (minor !== undefined) prices[sku.skuId] = minor;
  }
  if (digits === undefined) return out;
  out.prices = prices;
  return out;
}
