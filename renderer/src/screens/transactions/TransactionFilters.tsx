import { SEARCH_TEXT_MAX } from '../../../../shared/search-limits';
import { SelectField, TextField } from '../../components/Field';
import { safePairLabel, typeLabels } from '../../components/transaction-cells';
import { localZoneName } from '../../format';
import { useRates } from '../../state/rates';
import { clearTransactionFilter, setTransactionFilter, useTransactions, type TransactionFilterDraft } from '../../state/transactions';

const states = ['pending', 'success', 'failed'];

export function TransactionFilters({ problems }: { problems: Partial<Record<keyof TransactionFilterDraft, string>> }) {
  const draft = useTransactions((s) => s.filter);
  const pairs = useRates((s) => s.pairs);
  // Days as the table shows dates: local, in the operator's zone.
  const zone = localZoneName();
  return (
    <form className="filters" role="search" aria-label="Transaction filters" onSubmit={(e) => e.preventDefault()}>
      <TextField
        label="User ID"
        inputMode="numeric"
        value={draft.userId}
        onValue={(v) => setTransactionFilter({ userId: v })}
        error={problems.userId}
        fieldClassName="narrow"
      />
      <SelectField label="Type" value={draft.type} onValue={(v) => setTransactionFilter({ type: v })}>
        <option value="">Any type</option>
        {Object.entries(typeLabels).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <SelectField label="Pair" value={draft.pair} onValue={(v) => setTransactionFilter({ pair: v })}>
        <option value="">Any pair</option>
        {pairs.map((p) => (
          <option key={p} value={p}>
            {safePairLabel(p)}
          </option>
        ))}
      </SelectField>
      <SelectField label="State" value={draft.state} onValue={(v) => setTransactionFilter({ state: v })}>
        <option value="">Any state</option>
        {states.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </SelectField>
      <TextField
        label="From date"
        type="date"
        hint={`Local days (${zone})`}
        value={draft.from}
        onValue={(v) => setTransactionFilter({ from: v })}
      />
      <TextField
        label="To date"
        type="date"
        hint={`Local days (${zone}), inclusive`}
        value={draft.to}
        onValue={(v) => setTransactionFilter({ to: v })}
        error={problems.to}
      />
      <TextField
        label="Search"
        type="search"
        maxLength={SEARCH_TEXT_MAX}
        value={draft.text}
        onValue={(v) => setTransactionFilter({ text: v })}
        placeholder="id, user, type, pair…"
      />
      <div className="actions">
        <button type="button" className="small" onClick={clearTransactionFilter}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
