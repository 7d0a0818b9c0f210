// Bank accounts: add by IBAN with mod-97 feedback as the operator types (a bad
// IBAN never leaves the renderer), list, view and delete with confirmation.
import { useState } from 'react';
import type { BankAccountView } from '../../../../shared/desk-api';
import { checkIban, formatIban } from '../../../../shared/iban';
import { call, fieldError } from '../../bridge';
import { StateBadge } from '../../components/Badges';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert, StatusNote } from '../../components/ErrorAlert';
import { TextField } from '../../components/Field';
import { Section } from '../../components/Section';
import { Empty, Loading } from '../../components/States';
import { useLoad } from '../../hooks/use-load';

/** `userStatus`: a disabled or deleted user cannot get a new bank account, so the add form gives way to a note. */
export function BanksSection({ userId, userStatus }: { userId: number; userStatus: string }) {
  const banks = useLoad(String(userId), () => call((d) => d.banks.list({ userId })));
  const [deleting, setDeleting] = useState<BankAccountView | null>(null);
  const [viewing, setViewing] = useState<BankAccountView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);

  const remove = async (bank: BankAccountView): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      banks.set(await call((d) => d.banks.remove({ userId, bankId: bank.id })));
      setNote(`Deleted the bank account ${formatIban(bank.iban)}.`);
      setDeleting(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section
      title="Bank accounts"
      actions={
        <button type="button" className="small" onClick={banks.reload}>
          Refresh bank accounts
        </button>
      }
    >
      {userStatus === 'active' ? (
        <AddBankForm
          userId={userId}
          onEdit={() => setNote(null)}
          onAdded={(list, iban) => {
            banks.set(list);
            setNote(`Added the bank account ${formatIban(iban)}.`);
          }}
        />
      ) : (
        <p className="muted">No bank account can be added while the user is {userStatus}.</p>
      )}
      <ErrorAlert error={banks.error} />
      <StatusNote>{note}</StatusNote>
      {banks.loading && !banks.data ? <Loading what="bank accounts" /> : null}
      {banks.data && banks.data.length === 0 ? <Empty>No bank accounts yet.</Empty> : null}
      {banks.data && banks.data.length > 0 ? (
        <table className="table bank-table" aria-label="Bank accounts">
          <thead>
            <tr>
              <th scope="col">IBAN and bank</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {banks.data.map((b) => (
              <tr key={b.id}>
                {/* The bank under its IBAN, which wraps between groups of four: the longest IBAN (34) leaves room for the buttons. */}
                <td className="iban-cell">
                  <div className="mono">{formatIban(b.iban)}</div>
                  {b.name ? <div className="muted">{b.name}</div> : null}
                </td>
                <td>{b.state ? <StateBadge state={b.state === 'verified' ? 'success' : b.state} label={b.state} /> : '—'}</td>
                <td className="actions-cell">
                  <div className="row-actions">
                    <button
                      type="button"
                      className="small"
                      aria-label={`View bank account ${formatIban(b.iban)}`}
                      onClick={() => setViewing(b)}
                    >
                      View
                    </button>
                    <button
                      type="button"
                      className="small danger"
                      aria-label={`Delete bank account ${formatIban(b.iban)}`}
                      onClick={() => setDeleting(b)}
                    >
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete this bank account?"
          confirmLabel="Confirm delete"
          tone="danger"
          busy={busy}
          error={error}
          onCancel={() => {
            setDeleting(null);
            setError(null);
          }}
          onConfirm={() => void remove(deleting)}
        >
          <p>
            {formatIban(deleting.iban)} {deleting.name ? `(${deleting.name})` : ''} will be removed from user #{userId}. Withdrawals can no
            longer go to it.
          </p>
        </ConfirmDialog>
      ) : null}
      {viewing ? <BankDialog userId={userId} bank={viewing} onClose={() => setViewing(null)} /> : null}
    </Section>
  );
}

/** `onEdit`: typing a new IBAN ends the last "Added …" or "Deleted …" note, so it never stands beside a new error. */
function AddBankForm({
  userId,
  onAdded,
  onEdit,
}: {
  userId: number;
  onAdded: (list: BankAccountView[], iban: string) => void;
  onEdit: () => void;
}) {
  const [iban, setIban] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** The team's policy asked for approval instead: what was proposed. */
  const [proposed, setProposed] = useState<string | null>(null);
  const check = checkIban(iban);
  const typed = iban.trim() !== '';

  const add = async (): Promise<void> => {
    // Refused here, before anything is sent, when the checksum does not hold.
    if (!check.ok || busy) return;
    setBusy(true);
    setError(null);
    setProposed(null);
    try {
      const result = await call((d) => d.banks.add({ userId, iban: check.iban }));
      setIban('');
      if (result.proposedForApproval) setProposed(result.proposedForApproval.message);
      else onAdded(result.accounts, check.iban);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <TextField
        label="IBAN"
        value={iban}
        onValue={(v) => {
          setIban(v);
          setError(null);
          onEdit();
        }}
        spellCheck={false}
        autoComplete="off"
        placeholder="SI56 1910 0000 0123 438"
        fieldClassName="grow"
        error={fieldError(error, 'iban') ?? (typed && !check.ok ? check.message : undefined)}
        hint={
          typed && check.ok ? (
            <span className="ok-text">Checksum OK: {formatIban(check.iban)}</span>
          ) : (
            'Spaces are ignored; the check digits are verified as you type.'
          )
        }
      />
      <button type="submit" disabled={!check.ok || busy}>
        {busy ? 'Adding…' : 'Add bank account'}
      </button>
      <ErrorAlert error={fieldError(error, 'iban') ? null : error} />
      {proposed ? (
        <p role="status" className="muted">
          {proposed}
        </p>
      ) : null}
    </form>
  );
}

function BankDialog({ userId, bank, onClose }: { userId: number; bank: BankAccountView; onClose: () => void }) {
  const fresh = useLoad(`${userId}|${bank.id}`, () => call((d) => d.banks.view({ userId, bankId: bank.id })));
  const b = fresh.data ?? bank;
  return (
    <Dialog title={`Bank account ${formatIban(b.iban)}`} onClose={onClose}>
      {fresh.loading ? <Loading what="the bank account" /> : null}
      <ErrorAlert error={fresh.error} />
      <dl className="facts">
        <dt>ID</dt>
        <dd>{b.id}</dd>
        <dt>IBAN</dt>
        <dd className="mono">{formatIban(b.iban)}</dd>
        <dt>Bank</dt>
        <dd>{b.name ?? '—'}</dd>
        <dt>SWIFT/BIC</dt>
        <dd>{b.swiftBic ?? '—'}</dd>
        <dt>Reference number</dt>
        <dd className="mono">{b.referenceNumber ?? '—'}</dd>
        <dt>State</dt>
        <dd>{b.state ?? '—'}</dd>
      </dl>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
