// Deterministic seed data. The roster (ids, KYC and account states, bank accounts)
// is the same for every seed so other tests can rely on it; the seed varies the
// partner's secrets and the transaction history (amounts, pairs, prices, times).
//
//   id  name            kyc          status    notes
//   1   Ana Novak       verified     active    rich in EUR/BTC/ETH/XRP, 2 bank accounts, longest history
//   2   Marko Horvat    verified     active    EUR + crypto, 1 bank account
//   3   Lena Schmidt    pending      active    manual review: stays pending (no scheduled end)
//   4   Tom Becker      not_started  active    no funds, no bank account: import KYC here
//   5   Eva Kranjc      failed       active
//   6   Luka Zupan      declined     active
//   7   Sara Weber      verified     disabled  funds + bank account, cannot trade
//   8   Jan Meyer       verified     deleted   funds + bank account, cannot trade
//   9   Nina Kovač      verified     active    EUR + crypto, 1 bank account
//   10  Petra Vidmar    verified     active    EUR + crypto, no bank account
//
// Trading users (1, 2, 7–10) end with at least a quarter of their opening deposit
// in EUR (user 1: ≥ 10 000 EUR) and crypto worth ≥ 1/20 of it per pair (see topUp).
import { Decimal } from '../shared/money';
import { CURRENCIES, FIAT, PAIRS } from './catalog';
import { bankFor, referenceForAccount } from './banks';
import { balanceOf, book, failTransaction, priceBuy, priceDeposit, priceSell, priceWithdrawal, LedgerRefusal, type Priced } from './ledger';
import { HALF_SPREAD } from './rates';
import { Rng } from './random';
import { SandboxState, type KycStatus, type PartnerRecord, type UserRecord, type UserStatus } from './state';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DAY_MS = 86_400_000;

interface SeedUser {
  name: string;
  surname: string;
  kyc: KycStatus;
  status: UserStatus;
  ibans: string[];
  /** First deposit (EUR) and how many history events follow it; 0 = no history. */
  opening: number;
  events: number;
  profile: {
    date_of_birth: string;
    address: string;
    building_number: string;
    city: string;
    postal_code: string;
    country: string;
    phone: string;
  };
}

const ROSTER: SeedUser[] = [
  {
    name: 'Ana',
    surname: 'Novak',
    kyc: 'verified',
    status: 'active',
    ibans: ['DE68500105171556714723', 'SI56263300012039086'],
    opening: 40000,
    events: 47,
    profile: {
      date_of_birth: '1985-04-12',
      address: 'Slovenska cesta 12',
      building_number: '12',
      city: 'Ljubljana',
      postal_code: '1000',
      country: 'SVN',
      phone: '+38640123456',
    },
  },
  {
    name: 'Marko',
    surname: 'Horvat',
    kyc: 'verified',
    status: 'active',
    ibans: ['NL91ABNA0417164300'],
    opening: 12000,
    events: 29,
    profile: {
      date_of_birth: '1979-11-02',
      address: 'Keizersgracht 101',
      building_number: '101',
      city: 'Amsterdam',
      postal_code: '1015',
      country: 'NLD',
      phone: '+31612345678',
    },
  },
  {
    name: 'Lena',
    surname: 'Schmidt',
    kyc: 'pending',
    status: 'active',
    ibans: [],
    opening: 0,
    events: 0,
    profile: {
      date_of_birth: '1992-06-30',
      address: 'Zeil 5',
      building_number: '5',
      city: 'Frankfurt',
      postal_code: '60313',
      country: 'DEU',
      phone: '+4915112345678',
    },
  },
  {
    name: 'Tom',
    surname: 'Becker',
    kyc: 'not_started',
    status: 'active',
    ibans: [],
    opening: 0,
    events: 0,
    profile: {
      date_of_birth: '2000-01-15',
      address: 'Hauptstraße 3',
      building_number: '3',
      city: 'Berlin',
      postal_code: '10115',
      country: 'DEU',
      phone: '+4917612345678',
    },
  },
  {
    name: 'Eva',
    surname: 'Kranjc',
    kyc: 'failed',
    status: 'active',
    ibans: [],
    opening: 0,
    events: 0,
    profile: {
      date_of_birth: '1988-08-08',
      address: 'Prešernova 8',
      building_number: '8',
      city: 'Kranj',
      postal_code: '4000',
      country: 'SVN',
      phone: '+38641765432',
    },
  },
  {
    name: 'Luka',
    surname: 'Zupan',
    kyc: 'declined',
    status: 'active',
    ibans: [],
    opening: 0,
    events: 0,
    profile: {
      date_of_birth: '1975-03-21',
      address: 'Titova 44',
      building_number: '44',
      city: 'Maribor',
      postal_code: '2000',
      country: 'SVN',
      phone: '+38631222333',
    },
  },
  {
    name: 'Sara',
    surname: 'Weber',
    kyc: 'verified',
    status: 'disabled',
    ibans: ['GB82WEST12345698765432'],
    opening: 4000,
    events: 7,
    profile: {
      date_of_birth: '1990-12-01',
      address: 'Baker Street 221',
      building_number: '221',
      city: 'London',
      postal_code: 'NW1 6XE',
      country: 'GBR',
      phone: '+447700900123',
    },
  },
  {
    name: 'Jan',
    surname: 'Meyer',
    kyc: 'verified',
    status: 'deleted',
    ibans: ['FR1420041010050500013M02606'],
    opening: 3000,
    events: 5,
    profile: {
      date_of_birth: '1969-07-14',
      address: 'Rue de Rivoli 50',
      building_number: '50',
      city: 'Paris',
      postal_code: '75001',
      country: 'FRA',
      phone: '+33612345678',
    },
  },
  {
    name: 'Nina',
    surname: 'Kovač',
    kyc: 'verified',
    status: 'active',
    ibans: ['DE89370400440532013000'],
    opening: 8000,
    events: 15,
    profile: {
      date_of_birth: '1995-02-27',
      address: 'Ilica 10',
      building_number: '10',
      city: 'Zagreb',
      postal_code: '10000',
      country: 'HRV',
      phone: '+385911234567',
    },
  },
  {
    name: 'Petra',
    surname: 'Vidmar',
    kyc: 'verified',
    status: 'active',
    ibans: [],
    opening: 5000,
    events: 11,
    profile: {
      date_of_birth: '1983-09-09',
      address: 'Celovška 150',
      building_number: '150',
      city: 'Ljubljana',
      postal_code: '1000',
      country: 'SVN',
      phone: '+38651987654',
    },
  },
];

export const SEED_PARTNER = { email: 'partner@desk.sandbox.test', password: 'Password_123', client_id: 5 } as const;

export interface SeedOptions {
  seed: number;
  nowMs: number;
  extraTransactions: number;
}

/** A historical quote: seeded, independent of the clock, so the history is reproducible. */
function historicalPrices(rng: Rng, pair: string): { buy: Decimal; sell: Decimal } {
  const info = CURRENCIES.find((c) => `${c.code}${FIAT}` === pair)!;
  const mid = new Decimal((info.anchorEur * (0.85 + 0.3 * rng.next())).toFixed(info.pricePlaces));
  const unit = new Decimal(1).dividedBy(new Decimal(10).pow(info.pricePlaces));
  const half = Decimal.max(unit, mid.times(HALF_SPREAD).toDecimalPlaces(info.pricePlaces));
  return { buy: mid.plus(half), sell: mid.minus(half) };
}

function cents(rng: Rng, min: number, max: number): Decimal {
  return new Decimal(rng.int(min * 100, max * 100)).dividedBy(100);
}

export function seedState(opts: SeedOptions): SandboxState {
  const rng = new Rng(opts.seed);
  const state = new SandboxState(opts.seed);

  const partner: PartnerRecord = {
    id: 1,
    ...SEED_PARTNER,
    client_secret: rng.text(ALNUM, 40),
    totp_secret: rng.text(BASE32, 32),
    last_totp_step: null,
    balances: { eur: '250000.00', btc: '3.50000000', eth: '42.00000000', xrp: '60000.00000000' },
  };
  state.partners.set(partner.id, partner);

  const users: UserRecord[] = ROSTER.map((r) => {
    const id = state.nextIds.user++;
    const user: UserRecord = {
      id,
      partner_id: partner.id,
      email:
        `${r.name}.${r.surname}`
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z.]/g, '') + '@example.com',
      name: r.name,
      surname: r.surname,
      ...r.profile,
      status: r.status,
      kyc_status: r.kyc,
      kyc_target: null,
      kyc_settles_at_ms: null,
      balances: Object.fromEntries([[FIAT, '0.00'], ...CURRENCIES.map((c) => [c.code, '0.00000000'])]),
    };
    state.users.set(id, user);
    for (const iban of r.ibans) {
      const bankId = state.nextIds.bank_account++;
      state.bankAccounts.set(bankId, {
        id: bankId,
        user_id: id,
        ...bankFor(iban),
        iban,
        reference_number: referenceForAccount(id, bankId),
        state: 'verified',
      });
    }
    return user;
  });

  // History: every event gets a time first, then all are booked in time order so
  // ids grow with dates ("newest first" = highest id first). Extra events for big
  // sync benches sit before the regular history, in the year before it.
  // An "opening" is the first deposit followed by one buy per pair, so every
  // trading user starts with EUR and each crypto currency.
  interface Event {
    user: UserRecord;
    at: number;
    opening: 'deposit' | 'buy' | null;
    pair?: string;
  }
  const events: Event[] = [];
  const historyStart = opts.nowMs - 120 * DAY_MS;
  ROSTER.forEach((r, i) => {
    if (r.opening === 0) return;
    const user = users[i]!;
    const openedAt = historyStart + rng.int(0, DAY_MS / 2);
    events.push({ user, at: openedAt, opening: 'deposit' });
    PAIRS.forEach((pair, j) => events.push({ user, at: openedAt + (j + 1) * 3_600_000, opening: 'buy', pair }));
    for (let k = 0; k < r.events; k++) events.push({ user, at: historyStart + DAY_MS + rng.int(0, 118 * DAY_MS), opening: null });
  });
  const traders = users.filter((_, i) => ROSTER[i]!.opening > 0);
  const extraRng = new Rng(opts.seed ^ 0x7f4a7c15);
  const extraStart = historyStart - 365 * DAY_MS;
  for (let k = 0; k < opts.extraTransactions; k++) {
    const user = traders[k % traders.length]!;
    events.push({
      user,
      at: extraStart + Math.floor((k / Math.max(1, opts.extraTransactions)) * 364 * DAY_MS),
      opening: k < traders.length ? 'deposit' : null,
    });
  }
  events.sort((a, b) => a.at - b.at);

  for (const event of events) {
    const r = ROSTER[event.user.id - 1]!;
    const generator = event.at < historyStart ? extraRng : rng;
    bookHistoryEvent(state, partner, event.user, event.at, event.opening, new Decimal(r.opening), event.pair, generator);
  }
  topUp(state, partner, traders, rng, opts.nowMs);
  return state;
}

/** One past event, already settled (or failed and reversed, about 1 in 20). */
function bookHistoryEvent(
  state: SandboxState,
  partner: PartnerRecord,
  user: UserRecord,
  at: number,
  opening: 'deposit' | 'buy' | null,
  openingEur: Decimal,
  openingPair: string | undefined,
  rng: Rng,
): void {
  const bank = state.bankAccountsOf(user.id)[0];
  const roll = rng.next();
  const pair = openingPair ?? rng.pick(PAIRS);
  const crypto = pair.slice(0, -FIAT.length);
  const eur = balanceOf(user, FIAT);
  let kind: 'buy' | 'sell' | 'fiat_deposit' | 'fiat_withdrawal';
  let priced: Priced;
  let price: Decimal | null = null;
  try {
    if (opening === 'deposit') {
      kind = 'fiat_deposit';
      priced = priceDeposit(openingEur);
    } else if (opening === 'buy') {
      // A fifth of the opening deposit into each pair.
      kind = 'buy';
      price = historicalPrices(rng, pair).buy;
      priced = priceBuy(openingEur.dividedBy(5).toDecimalPlaces(2, Decimal.ROUND_DOWN), price);
    } else if (roll < 0.15 || eur.lt(50)) {
      kind = 'fiat_deposit';
      priced = priceDeposit(cents(rng, 100, 2000));
    } else if (roll < 0.55) {
      kind = 'buy';
      price = historicalPrices(rng, pair).buy;
      priced = priceBuy(Decimal.min(cents(rng, 20, 800), eur.times(0.3).toDecimalPlaces(2, Decimal.ROUND_DOWN)), price);
    } else if (roll < 0.8 && balanceOf(user, crypto).gt('0.001')) {
      kind = 'sell';
      price = historicalPrices(rng, pair).sell;
      const share = new Decimal(rng.int(5, 25)).dividedBy(100);
      priced = priceSell(balanceOf(user, crypto).times(share).toDecimalPlaces(8, Decimal.ROUND_DOWN), price);
    } else if (bank && eur.gt(200)) {
      kind = 'fiat_withdrawal';
      priced = priceWithdrawal(cents(rng, 10, 300));
    } else {
      kind = 'fiat_deposit';
      priced = priceDeposit(cents(rng, 100, 1000));
    }
  } catch (err) {
    if (err instanceof LedgerRefusal) return; // too small to price: skip this event
    throw err;
  }
  const fails = !opening && rng.next() < 0.05;
  try {
    const tx = book(
      state,
      { kind, user, partner, nowMs: at, settlesAtMs: at + 60_000, initialState: fails ? 'pending' : 'success' },
      priced,
      { pair: kind === 'buy' || kind === 'sell' ? pair : null, price, bankAccountId: kind === 'fiat_withdrawal' ? bank!.id : null },
    );
    if (fails) failTransaction(state, tx);
  } catch (err) {
    if (err instanceof LedgerRefusal) return; // the user cannot cover it: no event
    throw err;
  }
}

/**
 * Random history can leave a trader short. So that every seed gives other tests the
 * same guarantees, each trading user ends with crypto worth at least 1/20 of the
 * opening deposit per pair (bought 2 h before start) and at least a quarter of the
 * opening deposit in EUR (topped up 1 h before start): user 1 ≥ 10 000 EUR.
 */
function topUp(state: SandboxState, partner: PartnerRecord, traders: UserRecord[], rng: Rng, nowMs: number): void {
  for (const user of traders) {
    const opening = new Decimal(ROSTER[user.id - 1]!.opening);
    const slice = opening.dividedBy(20).toDecimalPlaces(2, Decimal.ROUND_DOWN);
    PAIRS.forEach((pair, j) => {
      const prices = historicalPrices(rng, pair);
      const crypto = pair.slice(0, -FIAT.length);
      if (balanceOf(user, crypto).times(prices.sell).gte(slice)) return;
      try {
        book(
          state,
          { kind: 'buy', user, partner, nowMs: nowMs - 7_200_000 + j * 60_000, settlesAtMs: null, initialState: 'success' },
          priceBuy(slice, prices.buy),
          { pair, price: prices.buy, bankAccountId: null },
        );
      } catch (err) {
        if (!(err instanceof LedgerRefusal)) throw err; // short of EUR: the top-up below follows
      }
    });
    const floor = opening.dividedBy(4);
    if (balanceOf(user, FIAT).lt(floor)) {
      book(
        state,
        { kind: 'fiat_deposit', user, partner, nowMs: nowMs - 3_600_000, settlesAtMs: null, initialState: 'success' },
        priceDeposit(opening.times('0.26').toDecimalPlaces(2)),
        { pair: null, price: null, bankAccountId: null },
      );
    }
  }
}
