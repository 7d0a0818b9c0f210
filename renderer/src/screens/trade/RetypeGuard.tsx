// The fat-finger guard inside a confirm dialog: a large order (a big share of the
// user's balance, or over the per-order limit with the override) is confirmed only
// after the operator types the amount again. It takes the dialog's first focus, so
// the old habit of Enter-Enter cannot send it; Enter here confirms once it matches.
import { useState } from 'react';
import { retypeMatches } from '../../../../shared/order-rules';
import { TextField } from '../../components/Field';
import { formatMoney } from '../../format';

interface Props {
  reasons: string[];
  /** The order's amount (canonical text) and its currency. */
  amount: string;
  currency: string;
  places: number;
  value: string;
  onValue: (value: string) => void;
  /** Enter with a matching amount. */
  onConfirm: () => void;
  confirmLabel: string;
  disabled: boolean;
}

export function RetypeGuard({ reasons, amount, currency, places, value, onValue, onConfirm, confirmLabel, disabled }: Props) {
  const [checked, setChecked] = useState(false);
  const matches = retypeMatches(value, amount, places);
  const mismatch =
    checked && value.trim() !== '' && !matches
      ? `That is not ${formatMoney(amount, currency)}: check the order and type its amount again.`
      : undefined;
  return (
    <div className="retype">
      <p className="retype-why">
        <strong>A large order: check the amount.</strong>
      </p>
      <ul className="retype-reasons">
        {reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <TextField
        label="Type the amount again"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        disabled={disabled}
        onValue={(v) => {
          onValue(v);
          if (retypeMatches(v, amount, places)) setChecked(false);
        }}
        onBlur={() => setChecked(true)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          if (matches) onConfirm();
          else setChecked(true);
        }}
        adornment={<span className="unit">{currency.toUpperCase()}</span>}
        hint={matches ? 'The amounts match.' : `${confirmLabel} stays off until this matches the order's amount.`}
        error={mismatch}
        data-autofocus
      />
    </div>
  );
}
