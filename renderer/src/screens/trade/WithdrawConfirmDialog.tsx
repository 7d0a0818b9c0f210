// The last look before a withdrawal leaves: environment, user, bank account, the EUR
// debited, the fee and the EUR paid out (exact: no rate is involved). A large
// withdrawal asks for the amount to be typed again first (RetypeGuard).
import { useState } from 'react';
import { quoteOrder } from '../../../../shared/fees';
import { EUR_PLACES } from '../../../../shared/money';
import { retypeMatches } from '../../../../shared/order-rules';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDateTime, formatMoney } from '../../format';
import { FeeFigures } from './FeeFigures';
import { LimitOverridden, WhereAndWho } from './SummaryFigures';
import { RetypeGuard } from './RetypeGuard';
import '../../styles/ticket.css';

/** Once confirmed the withdrawal goes out whatever the operator does next: say so. */
const WITHDRAW_SENT_NOTE =
  'Confirmed: the withdrawal is on its way and can no longer be cancelled. Its progress is listed under Order progress.';
const CONFIRM = 'Confirm withdrawal';

export interface WithdrawalSummary {
  /** The environment the ticket was written for: main refuses the order on any other. */
  profileId: string;
  environment: string;
  production: boolean;
  userId: number;
  user: string;
  bankAccountId: number;
  bank: string;
  /** The account is new to the desk: the withdrawal waits until then (ms). Null: it goes at once. */
  heldUntilMs: number | null;
  /** Canonical EUR amount text. */
  amount: string;
  overrideLimit: boolean;
  /** Why the amount must be typed again before Confirm; empty when it need not. */
  retype: string[];
}

interface Props {
  summary: WithdrawalSummary;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

export function WithdrawConfirmDialog({ summary, busy, onCancel, onConfirm }: Props) {
  const [retyped, setRetyped] = useState('');
  const quote = quoteOrder('withdraw', summary.amount, null, null);
  const guarded = summary.retype.length > 0;
  const retypeOk = !guarded || retypeMatches(retyped, summary.amount, EUR_PLACES);
  return (
    <ConfirmDialog
      title={
        summary.production ? `PRODUCTION (${summary.environment}): withdraw for real?` : `Confirm withdrawal in ${summary.environment}`
      }
      confirmLabel={CONFIRM}
      tone={summary.production ? 'danger' : 'normal'}
      busy={busy}
      busyNote={WITHDRAW_SENT_NOTE}
      disabled={!retypeOk}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <dl className="facts summary">
        <WhereAndWho production={summary.production} environment={summary.environment} user={summary.user} />
        <dt>Bank account</dt>
        <dd>{summary.bank}</dd>
        <dt>Amount debited</dt>
        <dd data-testid="amount">
          <strong className="money">{formatMoney(summary.amount, 'eur')}</strong>
        </dd>
        <FeeFigures kind="withdraw" base="eur" quote={quote} />
        {summary.heldUntilMs !== null ? (
          <>
            <dt>Hold</dt>
            <dd>Held until {formatDateTime(summary.heldUntilMs)}: the bank account is new to the desk. It can be cancelled until then.</dd>
          </>
        ) : null}
        <LimitOverridden overridden={summary.overrideLimit} />
      </dl>
      {guarded ? (
        <RetypeGuard
          reasons={summary.retype}
          amount={summary.amount}
          currency="eur"
          places={EUR_PLACES}
          value={retyped}
          onValue={setRetyped}
          onConfirm={() => {
            if (!busy) onConfirm();
          }}
          confirmLabel={CONFIRM}
          disabled={busy}
        />
      ) : null}
    </ConfirmDialog>
  );
}
