import type { DepositInstructionsView } from '../../../../shared/desk-api';
import { call } from '../../bridge';
import { CopyButton } from '../../components/CopyButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Section } from '../../components/Section';
import { Loading } from '../../components/States';
import { useLoad } from '../../hooks/use-load';

const rows: { key: keyof DepositInstructionsView; label: string; copy: string }[] = [
  { key: 'iban', label: 'IBAN', copy: 'Copy IBAN' },
  { key: 'swiftBic', label: 'SWIFT/BIC', copy: 'Copy SWIFT/BIC' },
  { key: 'recipientName', label: 'Recipient', copy: 'Copy recipient name' },
  { key: 'recipientAddress', label: 'Recipient address', copy: 'Copy recipient address' },
  { key: 'bankName', label: 'Bank', copy: 'Copy bank name' },
  { key: 'bankAddress', label: 'Bank address', copy: 'Copy bank address' },
];

/** Where the user sends EUR to fund their account, ready to paste into a message. */
export function DepositSection({ userId }: { userId: number }) {
  const instructions = useLoad(String(userId), () => call((d) => d.deposit.instructions({ userId })));
  const data = instructions.data;
  return (
    <Section
      title="Deposit instructions"
      actions={
        <button type="button" className="small" onClick={instructions.reload}>
          Refresh deposit instructions
        </button>
      }
    >
      <ErrorAlert error={instructions.error} />
      {instructions.loading && !data ? <Loading what="deposit instructions" /> : null}
      {data ? (
        <dl className="facts deposit">
          {rows.map((r) => (
            <div key={r.key} className="fact-row">
              <dt>{r.label}</dt>
              <dd>
                <span className={r.key === 'iban' ? 'mono' : undefined}>{data[r.key]}</span>{' '}
                <CopyButton value={data[r.key]} label={r.copy} />
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </Section>
  );
}
