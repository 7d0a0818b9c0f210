// Bank details the real service looks up from an IBAN (name, SWIFT/BIC) and the
// payment reference it issues (an ISO 11649 "RF" creditor reference). The sandbox
// knows a few real bank codes and invents a stable name for the rest.

const KNOWN: Record<string, { name: string; swift: string }> = {
  'DE:50010517': { name: 'ING-DiBa', swift: 'INGDDEFF' },
  'DE:37040044': { name: 'Commerzbank', swift: 'COBADEFFXXX' },
  'GB:WEST': { name: 'Westminster Bank', swift: 'WESTGB22' },
  'NL:ABNA': { name: 'ABN AMRO', swift: 'ABNANL2A' },
  'FR:20041': { name: 'La Banque Postale', swift: 'PSSTFRPP' },
  'SI:26330': { name: 'SKB banka', swift: 'SKBASI2X' },
  'SI:60000': { name: 'LON d.d.', swift: 'HLONSI22' },
};

export function bankFor(iban: string): { name: string; swift_bic: string } {
  const country = iban.slice(0, 2);
  const bban = iban.slice(4);
  for (const [prefix, bank] of Object.entries(KNOWN)) {
    const [cc, code] = prefix.split(':') as [string, string];
    if (cc === country && bban.startsWith(code)) return { name: bank.name, swift_bic: bank.swift };
  }
  const code = bban
    .replace(/[^A-Z]/g, '')
    .padEnd(4, 'X')
    .slice(0, 4);
  return { name: `Bank ${country} ${bban.slice(0, 4)}`, swift_bic: `${code}${country}2X` };
}

function mod97(digits: string): number {
  let r = 0;
  for (const ch of digits) r = (r * 10 + (ch.charCodeAt(0) - 48)) % 97;
  return r;
}

/** ISO 11649 reference for a numeric body: "RF" + two check digits + body. */
export function creditorReference(body: string): string {
  // R = 27, F = 15; the check digits make (body + "RF" + cd) ≡ 1 mod 97.
  const check = 98 - mod97(`${body}271500`);
  return `RF${String(check).padStart(2, '0')}${body}`;
}

/** A stable, unique reference for a bank account id. */
export function referenceForAccount(userId: number, bankAccountId: number): string {
  return creditorReference(`2445${String(userId).padStart(4, '0')}${String(bankAccountId).padStart(6, '0')}`);
}
