// The fee on an order and what the user gets, by the one set of fee rules the desk
// knows: the API reference's examples as the sandbox books them (sandbox/README.md,
// "Fee"). The ticket and the confirm dialog show these figures; main refuses an
// order the fee would eat. Pure: no Node or DOM imports; decimal.js only.
//
// - Fee: 1.5 % of the order's EUR side, rounded half-up to the cent, at least 0.01 EUR.
// - buy: the amount is the EUR paid (`total`); `subtotal = total − fee` buys
//   `subtotal / price_buy` of crypto, rounded down to 8 places.
// - sell: the amount is crypto; `total = amount × price_sell` rounded down to the
//   cent; the user is credited `subtotal = total − fee`.
// - withdraw: the amount is the EUR debited (`subtotal`); `total = subtotal − fee`
//   is paid out.
// An order whose fee leaves nothing (no crypto, no EUR) is refused by the API.
//
// The reference publishes no fee schedule, so these rules are the sandbox's; a
// live environment may charge otherwise, and the booked transaction is what counts.
import type { OrderKind } from './desk-api';
import { CRYPTO_PLACES, Decimal, dec, EUR_PLACES } from './money';

/** An amount as the helpers take it: decimal text, a JSON number from the API, or a Decimal. */
type Amount = string | number | Decimal;

/** 1.5 % of the EUR side. */
export const FEE_RATE = '0.015';
/** The smallest fee, in EUR. */
export const MIN_FEE_EUR = '0.01';

/** The fee on an order's EUR side: 1.5 %, half-up to the cent, at least 0.01 EUR. */
export function feeFor(eurSide: Amount): Decimal {
  return Decimal.max(MIN_FEE_EUR, dec(eurSide).times(FEE_RATE).toDecimalPlaces(EUR_PLACES, Decimal.ROUND_HALF_UP));
}

export interface FeeQuote {
  kind: OrderKind;
  /** The EUR side the fee is taken on: a buy's EUR paid, a sell's proceeds, a withdrawal's amount. 2 places. */
  eurValue: string;
  /** EUR, 2 places. */
  fee: string;
  /** What the user gets: crypto received (buy, 8 places), EUR credited (sell) or paid out (withdraw), 2 places. Zero or less when the fee eats it all. */
  net: string;
  /** The currency of `net`: the pair's crypto for a buy, `eur` otherwise. */
  netCurrency: string;
  /** False when the fee leaves the user nothing: the API refuses such an order. */
  coversFee: boolean;
}

/**
 * What an order books: `amount` is the canonical amount text the order sends (EUR
 * for buy and withdraw, crypto for sell); `price` is price_buy for a buy and
 * price_sell for a sell (ignored for a withdrawal); `base` the pair's crypto code.
 */
export function quoteOrder(kind: OrderKind, amount: Amount, price: Amount | null, base: string | null): FeeQuote {
  const value = dec(amount);
  if (kind === 'withdraw') {
    const fee = feeFor(value);
    const net = value.minus(fee);
    return {
      kind,
      eurValue: value.toFixed(EUR_PLACES),
      fee: fee.toFixed(EUR_PLACES),
      net: net.toFixed(EUR_PLACES),
      netCurrency: 'eur',
      coversFee: net.gt(0),
    };
  }
  if (price === null || !dec(price).gt(0)) throw new RangeError(`A ${kind} needs a positive price`);
  if (kind === 'buy') {
    const fee = feeFor(value);
    const subtotal = value.minus(fee);
    const crypto = subtotal.gt(0) ? subtotal.dividedBy(dec(price)).toDecimalPlaces(CRYPTO_PLACES, Decimal.ROUND_DOWN) : new Decimal(0);
    return {
      kind,
      eurValue: value.toFixed(EUR_PLACES),
      fee: fee.toFixed(EUR_PLACES),
      net: crypto.toFixed(CRYPTO_PLACES),
      netCurrency: (base ?? 'crypto').toLowerCase(),
      coversFee: crypto.gt(0),
    };
  }
  const total = value.times(dec(price)).toDecimalPlaces(EUR_PLACES, Decimal.ROUND_DOWN);
  const fee = feeFor(total);
  const net = total.minus(fee);
  return {
    kind,
    eurValue: total.toFixed(EUR_PLACES),
    fee: fee.toFixed(EUR_PLACES),
    net: net.toFixed(EUR_PLACES),
    netCurrency: 'eur',
    coversFee: net.gt(0),
  };
}

/**
 * The smallest EUR side whose fee leaves something: the minimum fee plus one cent
 * (1.5 % rounded is below the side for every side from 0.02 EUR up, and 0.01 EUR
 * is all fee).
 */
export const MIN_EUR_SIDE = dec(MIN_FEE_EUR).plus('0.01').toFixed(EUR_PLACES);

/**
 * The smallest amount an order of `kind` may have for the fee to leave the user
 * something, in the order's currency (EUR for buy, the crypto for sell), at
 * `price`. Withdrawals have their own minimum (order-rules.ts), far above the fee.
 */
export function smallestCoveringAmount(kind: 'buy' | 'sell', price: Amount): string {
  const p = dec(price);
  if (!p.gt(0)) throw new RangeError(`A ${kind} needs a positive price`);
  const unit = new Decimal(1).dividedBy(new Decimal(10).pow(CRYPTO_PLACES));
  if (kind === 'sell') {
    // Proceeds, rounded down to the cent, must reach MIN_EUR_SIDE.
    return dec(MIN_EUR_SIDE).dividedBy(p).toDecimalPlaces(CRYPTO_PLACES, Decimal.ROUND_UP).toFixed(CRYPTO_PLACES);
  }
  // A buy must also leave at least one crypto unit after rounding down. The EUR
  // left after the fee never falls as the amount grows by a cent (the fee grows by
  // at most a cent), so the first amount that works, counting up, is the smallest.
  const need = unit.times(p); // EUR that buys one unit
  let eur = Decimal.max(MIN_EUR_SIDE, need.minus('0.01').dividedBy('0.985').toDecimalPlaces(EUR_PLACES, Decimal.ROUND_DOWN));
  for (let i = 0; i < 1000 && !quoteOrder('buy', eur, p, null).coversFee; i++) eur = eur.plus('0.01');
  return eur.toFixed(EUR_PLACES);
}
