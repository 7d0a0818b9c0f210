// The buy/sell ticket. Buy amounts are EUR, sell amounts are crypto; the estimate
// is decimal arithmetic on the live rate, labelled as an estimate before fees.
import { useEffect, useId, useRef, useState } from 'react';
import type { BalanceView, OrderView, UserView } from '../../../../shared/desk-api';
import { checkAmount, dec, placesFor, toFixedDown, type AmountCheck } from '../../../../shared/money';
import { baseOf } from '../../../../shared/pairs';
import { call, errorKind, fieldError } from '../../bridge';
import { ErrorAlert, StatusNote } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/Field';
import { Money, Price } from '../../components/Money';
import { Section } from '../../components/Section';
import { safePairLabel } from '../../components/transactionCells';
import { formatAge, formatMoney } from '../../format';
import { useNow } from '../../hooks/useNow';
import { isNeedsReviewState, upsertOrder } from '../../state/orders';
import { useRates } from '../../state/rates';
import { useSession } from '../../state/session';
import { useStaleAfterMs } from '../../state/settings';
import { setSide, setTicket, setTicketIfFor, useTicket, type Side } from '../../state/ticket';
import { userLabel } from '../../state/users';
import { OrderConfirmDialog, type OrderSummary } from './OrderConfirmDialog';
import { rateBlocker, userBlockers } from './gates';

export function estimateFor(side: Side, amount: AmountCheck, priceBuy: string | undefined, priceSell: string | undefined, base: string): string | null {
  if (!amount.ok) return null;
  if (side === 'buy') {
    if (!priceBuy || dec(priceBuy).lte(0)) return null;
    return formatMoney(toFixedDown(dec(amount.value).div(priceBuy), placesFor(base)), base);
  }
  if (!priceSell) return null;
  return formatMoney(toFixedDown(dec(amount.value).times(priceSell), placesFor('eur')), 'eur');
}

interface TicketProps {
  user: UserView | null;
  balances: BalanceView[] | undefined;
  balancesError: unknown;
}

export function TradeTicket({ user, balances, balancesError }: TicketProps) {
  const side = useTicket((s) => s.side);
  const storedPair = useTicket((s) => s.pair);
  const amountText = useTicket((s) => s.amount);
  const overrideLimit = useTicket((s) => s.overrideLimit);
  const focusRequest = useTicket((s) => s.focusRequest);
  const pairs = useRates((s) => s.pairs);
  const pair = storedPair && pairs.includes(storedPair) ? storedPair : (pairs[0] ?? '');
  const rate = useRates((s) => (pair ? s.latest[pair] : undefined));
  const session = useSession((s) => s.session);
  const staleAfterMs = useStaleAfterMs();
  const now = useNow(1000);

  const [confirming, setConfirming] = useState<OrderSummary | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);
  const [error, setError] = useState<unknown>(null);
  const [attempted, setAttempted] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const blockersId = useId();

  useEffect(() => {
    if (focusRequest > 0) amountRef.current?.focus();
  }, [focusRequest]);

  const base = baseOf(pair);
  const amountCurrency = side === 'buy' ? 'eur' : base;
  const amount = checkAmount(amountText, placesFor(amountCurrency));
  const estimate = estimateFor(side, amount, rate?.priceBuy, rate?.priceSell, base);
  const pairName = pair ? safePairLabel(pair) : 'pair';
  const balance = balances?.find((b) => b.currency.toLowerCase() === amountCurrency);
  const overBalance = amount.ok && balance ? dec(amount.value).gt(balance.balance) : false;

  const blockers = [...userBlockers(user, session)];
  const staleReason = pair ? rateBlocker(rate, now, staleAfterMs, pairName) : 'No pairs are available.';
  if (staleReason) blockers.push(staleReason);
  if (overBalance) blockers.push(`The amount is more than the user's ${amountCurrency.toUpperCase()} balance.`);

  const amountMessage = amountText.trim() !== '' || attempted ? (amount.ok ? undefined : amount.message) : undefined;
  const limitHit = errorKind(error) === 'limit_exceeded';

  const review = (): void => {
    setAttempted(true);
    setSent(null);
    if (!amount.ok) {
      amountRef.current?.focus();
      return;
    }
    if (blockers.length > 0 || !user || !rate || !session || inFlight.current) return;
    setConfirming({
      profileId: session.profileId,
      environment: session?.profileName ?? 'unknown environment',
      production: session?.profileKind === 'production',
      userId: user.id,
      user: userLabel(user),
      side,
      pair,
      pairName,
      amount: amount.value,
      amountText: formatMoney(amount.value, amountCurrency),
      rateText: side === 'buy' ? rate.priceBuy : rate.priceSell,
      estimate: estimate ?? '—',
      overrideLimit,
    });
  };

  const place = async (summary: OrderSummary): Promise<void> => {
    // One order in flight: a second Enter or click while the first is out is ignored.
    if (inFlight.current) return;
    inFlight.current = true;
    setSubmitting(true);
    setError(null);
    try {
      const order: OrderView = await call((d) =>
        d.orders.place({ profileId: summary.profileId, userId: summary.userId, side: summary.side, pair: summary.pair, amount: summary.amount, ...(summary.overrideLimit ? { overrideLimit: true } : {}) }),
      );
      upsertOrder(order);
      setTicketIfFor(summary.profileId, summary.userId, { amount: '', overrideLimit: false });
      setAttempted(false);
      setSent(
        isNeedsReviewState(order.state)
          ? `Needs review: ${summary.side} ${summary.amountText} (${summary.pairName}) for ${summary.user}. ${order.error ?? ''}`.trim()
          : `Order sent: ${summary.side} ${summary.amountText} (${summary.pairName}) for ${summary.user}. Its progress is listed below.`,
      );
    } catch (e) {
      setError(e);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
      setConfirming(null);
    }
  };

  return (
    <Section title="Order ticket" className="ticket">
      <form
        className="form-grid"
        noValidate
        aria-label="Order ticket"
        onSubmit={(e) => {
          e.preventDefault();
          review();
        }}
      >
        <fieldset className="segmented">
          <legend>Side</legend>
          {(['buy', 'sell'] as const).map((s) => (
            <label key={s} className={side === s ? 'checked' : undefined}>
              <input type="radio" name="side" value={s} checked={side === s} onChange={() => setSide(s)} aria-keyshortcuts={s === 'buy' ? 'Alt+B' : 'Alt+S'} />
              {s === 'buy' ? 'Buy' : 'Sell'}
            </label>
          ))}
        </fieldset>
        <SelectField label="Pair" value={pair} onValue={(v) => setTicket({ pair: v })} disabled={pairs.length === 0}>
          {pairs.length === 0 ? <option value="">No pairs</option> : null}
          {pairs.map((p) => (
            <option key={p} value={p}>
              {safePairLabel(p)}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Amount"
          inputRef={amountRef}
          inputMode="decimal"
          autoComplete="off"
          value={amountText}
          onValue={(v) => {
            setTicket({ amount: v });
            setError(null);
          }}
          adornment={<span className="unit">{amountCurrency.toUpperCase()}</span>}
          hint={side === 'buy' ? 'How much EUR the user spends.' : `How much ${base.toUpperCase()} the user sells.`}
          error={fieldError(error, 'amount') ?? amountMessage}
          aria-keyshortcuts="Alt+T"
        />
        <div className="rate-box" data-testid="live-rate">
          {rate ? (
            <>
              <span>
                {pairName} buy <Price price={rate.priceBuy} /> · sell <Price price={rate.priceSell} />
              </span>
              <span className={staleReason ? 'stale' : 'fresh'}>rate age {formatAge(now - rate.receivedAtMs)}</span>
            </>
          ) : (
            <span className="muted">Waiting for a {pairName} rate…</span>
          )}
        </div>
        <dl className="facts compact">
          <dt>Estimate</dt>
          <dd data-testid="estimate">
            {estimate ? (
              <>
                about <strong>{estimate}</strong> <span className="muted">(estimate before fees)</span>
              </>
            ) : (
              '—'
            )}
          </dd>
          <dt>User&apos;s {amountCurrency.toUpperCase()} balance</dt>
          <dd data-testid="ticket-balance">
            {balance ? <Money amount={balance.balance} currency={amountCurrency} /> : user && !balances && !balancesError ? 'Loading…' : '—'}
            {balancesError ? <span className="muted"> (balances unavailable)</span> : null}
          </dd>
        </dl>
        {blockers.length > 0 ? (
          <ul id={blockersId} className="blockers" aria-label="Why the order cannot be placed">
            {blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        ) : null}
        {limitHit || overrideLimit ? (
          <label className="checkbox">
            <input type="checkbox" checked={overrideLimit} onChange={(e) => setTicket({ overrideLimit: e.target.checked })} />
            Override the per-order limit for this order
          </label>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={blockers.length > 0 || submitting} aria-describedby={blockers.length > 0 ? blockersId : undefined}>
            {submitting ? 'Sending…' : 'Place order'}
          </button>
        </div>
        <ErrorAlert error={fieldError(error, 'amount') ? null : error} />
        <StatusNote>{sent}</StatusNote>
      </form>
      {confirming ? (
        <OrderConfirmDialog
          summary={confirming}
          busy={submitting}
          blocker={staleReason}
          onCancel={() => setConfirming(null)}
          onConfirm={() => void place(confirming)}
        />
      ) : null}
    </Section>
  );
}
