// The limits of the risk policy's values, once: the bridge's schemas
// (api/approvals.ts, api/settings.ts), main's checks before the team database
// (main/store/postgres/approval-rules.ts, team-policy.ts), the settings file and the
// Settings forms use these, so none of them refuses what another accepts. They
// are the team database's own CHECKs (main/store/postgres/migrations/0003-*.sql, 0004-*.sql,
// migrations already shipped): a rule an admin saved with the CLI can be opened
// and saved again in Settings. Pure: the renderer imports it.

/** A EUR amount as numeric(14, 2) holds it: up to 12 digits before the point, at most 2 after. */
export const EUR_AMOUNT_PATTERN = /^\d{1,12}(\.\d{1,2})?$/;
export const EUR_AMOUNT_WORDS = 'A EUR amount such as 10000.00 (at most two decimal places).';
/** The pattern lets 0 through; a per-order limit of 0 would send every order to the override, so it is refused in these words. */
export const PER_ORDER_LIMIT_ZERO_WORDS = 'The per-order limit must be more than 0 EUR: with 0, every order would need an override.';

/** A percent as numeric(4, 2) under 100 holds it (desk.policy.rate_move_percent). */
export const PERCENT_PATTERN = /^\d{1,2}(\.\d{1,2})?$/;
export const PERCENT_WORDS = 'A percent such as 2 or 2.5 (under 100).';

/** desk.approval_rules.new_account_hours: BETWEEN 1 AND 8760 (a year). */
export const NEW_ACCOUNT_HOURS_MIN = 1;
export const NEW_ACCOUNT_HOURS_MAX = 8760;

/** desk.approval_rules.approvals_needed: BETWEEN 1 AND 3. */
export const APPROVALS_NEEDED_MIN = 1;
export const APPROVALS_NEEDED_MAX = 3;

/** desk.approval_rules.expiry_seconds: BETWEEN 1 AND 2592000 (30 days); the database keeps seconds. */
export const EXPIRY_SECONDS_MIN = 1;
export const EXPIRY_SECONDS_MAX = 30 * 24 * 3600;

/** The units the Settings form offers for a rule's expiry, largest first. */
export const expiryUnits = [
  { unit: 'days', seconds: 86_400 },
  { unit: 'hours', seconds: 3600 },
  { unit: 'minutes', seconds: 60 },
  { unit: 'seconds', seconds: 1 },
] as const;
export type ExpiryUnit = (typeof expiryUnits)[number]['unit'];

/** An expiry in the largest unit that says it exactly: 2592000 → 30 days, 5400 → 90 minutes. */
export function expiryInUnits(seconds: number): { amount: number; unit: ExpiryUnit } {
  const fit = expiryUnits.find((u) => seconds % u.seconds === 0) ?? { unit: 'seconds', seconds: 1 };
  return { amount: seconds / fit.seconds, unit: fit.unit };
}

/** An expiry in words, exact: "30 days", "1 hour", "90 minutes", "45 seconds". */
export function expiryWords(seconds: number): string {
  const { amount, unit } = expiryInUnits(seconds);
  return `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;
}

/** What is wrong with an expiry given as a whole amount of a unit; undefined when the database takes it. */
export function expiryProblem(amount: number, unit: ExpiryUnit): string | undefined {
  const seconds = amount * (expiryUnits.find((u) => u.unit === unit)?.seconds ?? 1);
  if (!Number.isSafeInteger(amount) || seconds < EXPIRY_SECONDS_MIN || seconds > EXPIRY_SECONDS_MAX) {
    return 'A whole number greater than 0, up to 30 days (720 hours).';
  }
  return undefined;
}
