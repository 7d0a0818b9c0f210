import { describe, expect, it } from 'vitest';
import { feeFor, MIN_EUR_SIDE, quoteOrder, smallestCoveringAmount } from '../../../shared/fees';
import { Decimal } from '../../../shared/money';
import { isLargeShareOfBalance, isOverLimit, retypeMatches, shareOfBalancePercent } from '../../../shared/order-rules';
import { LedgerRefusal, priceBuy, priceSell, priceWithdrawal } from '../../../sandbox/ledger';

describe('feeFor', () => {
  it.each([
    ['100', '1.50'],
    ['20', '0.30'],
    ['0.33', '0.01'], // 0.00495 rounds to 0.00: the minimum applies
    ['0.34', '0.01'], // 0.0051 rounds half-up to 0.01
    ['1.00', '0.02'], // 0.015 rounds half-up to 0.02
    ['10000.00', '150.00'],
  ])('takes 1.5 %% of %s EUR, half-up to the cent, at least 0.01: %s', (eur, fee) => {
    expect(feeFor(eur).toFixed(2)).toBe(fee);
  });
});

describe('quoteOrder', () => {
  it('buy: the fee comes off the EUR paid, the rest buys crypto rounded down to 8 places', () => {
    expect(quoteOrder('buy', '100.00', '58123.45', 'btc')).toEqual({
      kind: 'buy',
      eurValue: '100.00',
      fee: '1.50',
      net: '0.00169466',
      netCurrency: 'btc',
      coversFee: true,
    });
  });

  it('sell: proceeds down to the cent, the fee comes off them', () => {
    expect(quoteOrder('sell', '0.01', '3098.76', 'eth')).toEqual({
      kind: 'sell',
      eurValue: '30.98',
      fee: '0.46',
      net: '30.52',
      netCurrency: 'eur',
      coversFee: true,
    });
  });

  it('withdraw: the fee comes off the EUR debited', () => {
    expect(quoteOrder('withdraw', '20', null, null)).toMatchObject({
      eurValue: '20.00',
      fee: '0.30',
      net: '19.70',
      netCurrency: 'eur',
      coversFee: true,
    });
  });

  it('says when the fee leaves nothing', () => {
    expect(quoteOrder('buy', '0.01', '58000', 'btc')).toMatchObject({ fee: '0.01', net: '0.00000000', coversFee: false });
    expect(quoteOrder('sell', '0.00000001', '58000', 'btc')).toMatchObject({
      eurValue: '0.00',
      fee: '0.01',
      net: '-0.01',
      coversFee: false,
    });
  });

  it('refuses to price a buy or sell without a price', () => {
    expect(() => quoteOrder('buy', '10', null, 'btc')).toThrow(RangeError);
    expect(() => quoteOrder('sell', '1', '0', 'btc')).toThrow(RangeError);
  });

  // The sandbox's ledger is the stand-in for Kriptomat's booking: the desk's figures must be its figures.
  describe('matches what the sandbox books', () => {
    const eurAmounts = [
      '0.01',
      '0.02',
      '0.03',
      '0.33',
      '0.34',
      '0.99',
      '1.00',
      '1.01',
      '10.00',
      '19.99',
      '33.33',
      '100.00',
      '250.00',
      '1234.56',
      '9999.99',
    ];
    const cryptoAmounts = ['0.00000001', '0.0000003', '0.0000004', '0.00001', '0.01', '0.12345678', '1', '2.5'];
    const prices = ['0.5213', '0.52', '3098.76', '58123.45', '1000000', '1500000.01'];

    it('for buys', () => {
      for (const eur of eurAmounts) {
        for (const price of prices) {
          const quote = quoteOrder('buy', eur, price, 'btc');
          let booked: ReturnType<typeof priceBuy> | null = null;
          try {
            booked = priceBuy(new Decimal(eur), new Decimal(price));
          } catch (e) {
            expect(e).toBeInstanceOf(LedgerRefusal);
          }
          expect(quote.coversFee, `buy ${eur} at ${price}`).toBe(booked !== null);
          if (booked) {
            expect(quote.fee).toBe(booked.fee.toFixed(2));
            expect(quote.net).toBe(booked.amount.toFixed(8));
            expect(quote.eurValue).toBe(booked.total.toFixed(2));
          }
        }
      }
    });

    it('for sells', () => {
      for (const crypto of cryptoAmounts) {
        for (const price of prices) {
          const quote = quoteOrder('sell', crypto, price, 'btc');
          let booked: ReturnType<typeof priceSell> | null = null;
          try {
            booked = priceSell(new Decimal(crypto), new Decimal(price));
          } catch (e) {
            expect(e).toBeInstanceOf(LedgerRefusal);
          }
          expect(quote.coversFee, `sell ${crypto} at ${price}`).toBe(booked !== null);
          if (booked) {
            expect(quote.fee).toBe(booked.fee.toFixed(2));
            expect(quote.net).toBe(booked.subtotal.toFixed(2));
            expect(quote.eurValue).toBe(booked.total.toFixed(2));
          }
        }
      }
    });

    it('for withdrawals', () => {
      for (const eur of eurAmounts.filter((e) => new Decimal(e).gte(10))) {
        const quote = quoteOrder('withdraw', eur, null, null);
        const booked = priceWithdrawal(new Decimal(eur));
        expect(quote.fee).toBe(booked.fee.toFixed(2));
        expect(quote.net).toBe(booked.total.toFixed(2));
      }
    });
  });
});

describe('smallestCoveringAmount', () => {
  it('is 0.02 EUR for a buy at everyday prices, and the first amount the fee leaves something of', () => {
    expect(MIN_EUR_SIDE).toBe('0.02');
    expect(smallestCoveringAmount('buy', '58000')).toBe('0.02');
  });

  it.each(['0.5213', '3098.76', '58123.45', '1000000', '1000000.01', '1500000.01', '25000000'])('is exact for a buy at %s', (price) => {
    const smallest = smallestCoveringAmount('buy', price);
    expect(quoteOrder('buy', smallest, price, 'btc').coversFee).toBe(true);
    expect(quoteOrder('buy', new Decimal(smallest).minus('0.01'), price, 'btc').coversFee).toBe(false);
  });

  it.each(['0.5213', '3098.76', '58123.45', '1000000'])('is exact for a sell at %s', (price) => {
    const smallest = smallestCoveringAmount('sell', price);
    expect(quoteOrder('sell', smallest, price, 'btc').coversFee).toBe(true);
    expect(quoteOrder('sell', new Decimal(smallest).minus('0.00000001'), price, 'btc').coversFee).toBe(false);
  });
});

describe('order rules', () => {
  it('the limit is inclusive', () => {
    expect(isOverLimit('10000.00', '10000.00')).toBe(false);
    expect(isOverLimit('10000.01', '10000.00')).toBe(true);
  });

  it('asks for the amount again at or above the share of the balance', () => {
    expect(isLargeShareOfBalance('50', '100', 50)).toBe(true);
    expect(isLargeShareOfBalance('49.99', '100', 50)).toBe(false);
    expect(isLargeShareOfBalance('0.00000001', '0.00000002', 50)).toBe(true);
    expect(isLargeShareOfBalance('1', '0', 50)).toBe(true);
    expect(isLargeShareOfBalance('100', '100', 100)).toBe(true);
  });

  it('reports the share rounded down, or null for no balance', () => {
    expect(shareOfBalancePercent('49.99', '100')).toBe(49);
    expect(shareOfBalancePercent('62.5', '100')).toBe(62);
    expect(shareOfBalancePercent('1', '0')).toBeNull();
  });

  it('a retyped amount matches by value, not by spelling', () => {
    expect(retypeMatches('100', '100.00', 2)).toBe(true);
    expect(retypeMatches(' 100.0 ', '100.00', 2)).toBe(true);
    expect(retypeMatches('1000', '100.00', 2)).toBe(false);
    expect(retypeMatches('100.001', '100.00', 2)).toBe(false);
    expect(retypeMatches('1e2', '100', 2)).toBe(false);
    expect(retypeMatches('', '100', 2)).toBe(false);
    expect(retypeMatches('0.01000000', '0.01', 8)).toBe(true);
  });
});
