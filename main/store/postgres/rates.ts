// The rates the team's desks record (desk.rates, migration 7), so the database
// can value a sell itself against an approval rule's EUR threshold instead of
// trusting the value a desk sends. One call per poll writes every pair.
import { PAIR_PATTERN } from '../../../shared/pairs';
import type { TeamSql } from './connection';
import { TeamStoreError } from './errors';

/** A pair's rate as decimal text: the sell price (what a sell gets), the one the desk values a sell at. */
export interface TeamRate {
  pair: string;
  rate: string;
}

export interface TeamRates {
  /** Records each pair's rate as the environment's latest, now (the database's clock); one round trip. */
  recordRates(environment: string, rates: readonly TeamRate[]): Promise<void>;
}

const POSITIVE_DECIMAL = /^\d+(\.\d+)?$/;

export function createTeamRates(sql: TeamSql): TeamRates {
  return {
    async recordRates(environment, rates) {
      for (const { pair, rate } of rates) {
        if (!PAIR_PATTERN.test(pair)) throw new TeamStoreError('invalid', `Not a pair: ${JSON.stringify(pair)}`);
        if (!POSITIVE_DECIMAL.test(rate)) throw new TeamStoreError('invalid', `Not a rate for ${pair}: ${JSON.stringify(rate)}`);
      }
      if (rates.length === 0) return;
      await sql.query('SELECT desk.record_rates($1, $2::text[], $3::numeric[])', [
        environment,
        rates.map((r) => r.pair),
        rates.map((r) => r.rate),
      ]);
    },
  };
}
