// The last look before an order leaves: environment (named loudly in production),
// user, side, pair, amount and estimate. Focus is on "Confirm order", so Enter
// confirms and Escape cancels.
import type { Side } from '../../state/ticket';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatPrice } from '../../format';

/** Once confirmed the order goes out whatever the operator does next: say so. */
const SENT_NOTE = 'Confirmed: the order is on its way and can no longer be cancelled. Its progress is listed under Order progress.';

export interface OrderSummary {
  /** The environment the ticket was written for: main refuses the order on any other. */
  profileId: string;
  environment: string;
  production: boolean;
  userId: number;
  user: string;
  side: Side;
  pair: string;
  pairName: string;
  amount: string;
  amountText: string;
  rateText: string;
  estimate: string;
  overrideLimit: boolean;
}

interface Props {
  summary: OrderSummary;
  busy: boolean;
  blocker: string | null;
  onCancel: () => void;
  onConfirm: () => void;
}

export function OrderConfirmDialog({ summary, busy, blocker, onCancel, onConfirm }: Props) {
  const verb = summary.side === 'buy' ? 'Buy' : 'Sell';
  const title = summary.production
    ? `PRODUCTION (${summary.environment}): ${verb.toLowerCase()} for real?`
    : `Confirm ${verb.toLowerCase()} in ${summary.environment}`;
  return (
    <ConfirmDialog
      title={title}
      confirmLabel="Confirm order"
      tone={summary.production ? 'danger' : 'normal'}
      busy={busy}
      busyNote={SENT_NOTE}
      disabled={blocker !== null}
      error={blocker}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <dl className="facts summary">
        <dt>Environment</dt>
        <dd className={summary.production ? 'prod-word' : undefined}>
          {summary.production ? 'PRODUCTION — ' : ''}
          {summary.environment}
        </dd>
        <dt>User</dt>
        <dd>{summary.user}</dd>
        <dt>Side</dt>
        <dd>{verb}</dd>
        <dt>Pair</dt>
        <dd>{summary.pairName}</dd>
        <dt>Amount</dt>
        <dd>{summary.amountText}</dd>
        <dt>Rate</dt>
        <dd>{formatPrice(summary.rateText)}</dd>
        <dt>Estimate</dt>
        <dd>{summary.estimate} (before fees)</dd>
        {summary.overrideLimit ? (
          <>
            <dt>Limit</dt>
            <dd>Per-order limit overridden</dd>
          </>
        ) : null}
      </dl>
    </ConfirmDialog>
  );
}
