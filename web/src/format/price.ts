function fractionDigitsOf(currency: string): number {
  return (
    new Intl.NumberFormat(undefined, { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** Formats integer minor units (cents) in the currency's own precision. */
export function formatPrice(amountMinor: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(
    amountMinor / 10 ** fractionDigitsOf(currency),
  );
}

/** Parses "12.50" typed in a currency's major units into minor units. */
export function parsePriceToMinor(text: string, currency: string): number | null {
  const amount = Number(text.replace(",", "."));
  if (text === "" || !Number.isFinite(amount) || amount < 0) return null;
  return Math.round(amount * 10 ** fractionDigitsOf(currency));
}


/** The inverse of parsePriceToMinor, to prefill a price field. */
export function minorToPriceText(amountMinor: number, currency: string): string {
  const digits = fractionDigitsOf(currency);
  return (amountMinor / 10 ** digits).toFixed(digits);
}
