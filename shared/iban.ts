// ISO 13616 IBAN checks shared by the sandbox, main and the renderer (checksum
// feedback as the operator types).

/** IBAN lengths per country (SWIFT IBAN registry); unknown countries fall back to 15..34. */
const LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/** Removes spaces and upper-cases: `SI56 6000 …` is the same IBAN as `SI566000…`. */
export function normalizeIban(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

export type IbanCheck = { ok: true; iban: string } | { ok: false; reason: 'empty' | 'format' | 'length' | 'checksum'; message: string };

function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return remainder;
}

export function checkIban(text: string): IbanCheck {
  const iban = normalizeIban(text);
  if (iban === '') return { ok: false, reason: 'empty', message: 'Enter an IBAN.' };
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) {
    return { ok: false, reason: 'format', message: 'An IBAN starts with a country code and two check digits, then letters and digits.' };
  }
  const expected = LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined ? iban.length !== expected : iban.length < 15 || iban.length > 34) {
    return {
      ok: false,
      reason: 'length',
      message:
        expected !== undefined
          ? `A ${iban.slice(0, 2)} IBAN has ${expected} characters; this one has ${iban.length}.`
          : 'An IBAN has between 15 and 34 characters.',
    };
  }
  if (mod97(iban) !== 1)
    return { ok: false, reason: 'checksum', message: 'The IBAN check digits do not match: a character is probably mistyped.' };
  return { ok: true, iban };
}

/** Prints an IBAN in groups of four, as on paper. */
export function formatIban(iban: string): string {
  return normalizeIban(iban)
    .replace(/(.{4})/g, '$1 ')
    .trim();
}

/** An IBAN as audit entries and approvers see it: its country and last four characters ("DE…3000"). */
export function maskIban(iban: string): string {
  const plain = normalizeIban(iban);
  return `${plain.slice(0, 2)}…${plain.slice(-4)}`;
}
