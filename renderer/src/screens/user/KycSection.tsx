// KYC status, what it means for the operator (the API reference's rules), import
// by SumSub share token, and following the status until it settles.
import { useEffect, useState } from 'react';
import type { UserView } from '../../../../shared/desk-api';
import { call, fieldError } from '../../bridge';
import { KycBadge } from '../../components/Badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/Field';
import { Section } from '../../components/Section';
import { formatTime } from '../../format';
import { whileSameEnvironment } from '../../state/same-environment';
import { upsertUser } from '../../state/users';
import { isKycSettled, kycImportAllowed, kycMeaning } from '../../domain/kyc';

const FOLLOW_EVERY_MS = 5000;
const TOKEN_MAX = 500;
/** After an import the status may still read not_started for a moment. */
const FOLLOW_AFTER_IMPORT_MS = 5 * 60 * 1000;

export function KycSection({ user }: { user: UserView }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [importedAt, setImportedAt] = useState<number | null>(null);
  const [checkedAt, setCheckedAt] = useState<number | null>(null);
  const [checkError, setCheckError] = useState<unknown>(null);

  const following = user.kycStatus === 'pending' || (importedAt !== null && !isKycSettled(user.kycStatus));

  useEffect(() => {
    if (!following) return;
    const started = Date.now();
    const timer = window.setInterval(() => {
      if (importedAt !== null && user.kycStatus !== 'pending' && Date.now() - started > FOLLOW_AFTER_IMPORT_MS) return;
      const keep = whileSameEnvironment(upsertUser);
      call((d) => d.users.open({ userId: user.id })).then(
        (fresh) => {
          keep(fresh);
          setCheckedAt(Date.now());
          setCheckError(null);
        },
        (e: unknown) => setCheckError(e),
      );
    }, FOLLOW_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [following, user.id, user.kycStatus, importedAt]);

  const tokenLength = token.trim().length;
  const tokenTooLong =
    tokenLength > TOKEN_MAX ? `A share token can be at most ${TOKEN_MAX} characters; this one has ${tokenLength}.` : undefined;

  const importKyc = async (): Promise<void> => {
    if (tokenTooLong) return;
    setBusy(true);
    setError(null);
    try {
      const keep = whileSameEnvironment(upsertUser);
      const updated = await call((d) => d.kyc.import({ userId: user.id, token: token.trim() }));
      keep(updated);
      setImportedAt(Date.now());
      setToken('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const refresh = async (): Promise<void> => {
    try {
      const keep = whileSameEnvironment(upsertUser);
      keep(await call((d) => d.users.open({ userId: user.id })));
      setCheckedAt(Date.now());
      setCheckError(null);
    } catch (e) {
      setCheckError(e);
    }
  };

  return (
    <Section
      title="KYC"
      actions={
        <button type="button" className="small" onClick={refresh}>
          Refresh KYC status
        </button>
      }
    >
      <p className="kyc-status" data-testid="kyc-status">
        <KycBadge status={user.kycStatus} />
      </p>
      <p className={`kyc-meaning kyc-${user.kycStatus}`}>{kycMeaning(user.kycStatus, { userStatus: user.status, onUserPage: true })}</p>
      <div role="status" className="muted">
        {following ? `Following the KYC status until it settles${checkedAt ? ` — last checked ${formatTime(checkedAt)}` : ''}.` : ''}
      </div>
      <ErrorAlert error={checkError} />
      {/* The box only where an import can be taken: not started or failed, for an active user. */}
      {kycImportAllowed(user) ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void importKyc();
          }}
        >
          <TextField
            label="Share token"
            value={token}
            onValue={setToken}
            error={fieldError(error, 'token') ?? tokenTooLong}
            hint={
              user.kycStatus === 'failed'
                ? "A new SumSub applicant share token for Kriptomat's client id, generated after the check was run again."
                : "The SumSub applicant share token generated for Kriptomat's client id."
            }
            autoComplete="off"
            spellCheck={false}
            fieldClassName="grow"
          />
          <button type="submit" disabled={busy || token.trim() === '' || tokenTooLong !== undefined}>
            {busy ? 'Importing…' : 'Import KYC'}
          </button>
        </form>
      ) : null}
      <ErrorAlert error={fieldError(error, 'token') ? null : error} />
    </Section>
  );
}
