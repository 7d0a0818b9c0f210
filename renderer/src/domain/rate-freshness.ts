// When a rate is stale, for the Rates screen and the ticket alike: the rule is
// shared with main's order checks (shared/rate-freshness.ts); this module keeps the
// renderer's imports in its domain folder.
export { MIN_STALE_AFTER_MS, rateFreshness, rateStaleAfterMs, STALE_AFTER_POLLS, type RateFreshness } from '../../../shared/rate-freshness';
