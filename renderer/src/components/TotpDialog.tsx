// Asked for when no TOTP secret is stored and the session must be (re)established.
// It is a dialog over the current screen, so nothing the operator typed is lost.
import { useState } from 'react';
import { call, fieldError } from '../bridge';
import { dismissTotp, loadSession, setSession, useSession } from '../state/session';
import { Dialog } from './Dialog';
import { ErrorAlert } from './ErrorAlert';
import { TextField } from './Field';

export function TotpDialog() {
  const prompt = useSession((s) => s.totpPrompt);
  const profileName = useSession((s) => s.session?.profileName);
  if (!prompt) return null;
  return <TotpForm reason={prompt.reason} profileName={profileName ?? prompt.profileId} />;
}

/** The session's reason for asking, in the operator's words. */
function describeReason(reason: string): string {
  switch (reason) {
    case 'sign-in':
      return 'No TOTP secret is stored for this environment, so signing in needs a code from your authenticator app.';
    case 'renewal':
      return 'The session expires soon. A code from your authenticator app renews it without interrupting your work.';
    case 'rejected':
      return 'Kriptomat refused the last code. Enter the code your authenticator app shows now.';
    default:
      return reason;
  }
}

/**
 * "Later": hides the question. A first sign-in waiting for this code would stay
 * "signing-in" with nothing to click, so it is abandoned (signed out) and Sign in
 * starts afresh; a renewal keeps its working token and is asked again by Sign in.
 */
async function later(): Promise<void> {
  dismissTotp();
  if (useSession.getState().session?.state !== 'signing-in') return;
  try {
    setSession(await call((d) => d.session.signOut({})));
  } catch {
    await loadSession();
  }
}

function TotpForm({ reason, profileName }: { reason: string; profileName: string }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const valid = /^\d{6}$/.test(code);

  const submit = async (): Promise<void> => {
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    try {
      const session = await call((d) => d.session.submitTotp({ code }));
      setSession(session);
      dismissTotp();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Sign-in code needed for ${profileName}`} onClose={() => void later()}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p>{describeReason(reason)}</p>
        <TextField
          label="Authenticator code"
          value={code}
          onValue={(v) => setCode(v.replace(/\D/g, '').slice(0, 6))}
          inputMode="numeric"
          autoComplete="one-time-code"
          data-autofocus
          hint="The six digits your authenticator app shows for this account."
          error={fieldError(error, 'code')}
        />
        <ErrorAlert error={fieldError(error, 'code') ? null : error} />
        <div className="dialog-actions">
          <button type="button" onClick={() => void later()}>
            Later
          </button>
          <button type="submit" className="primary" disabled={!valid || busy}>
            {busy ? 'Submitting…' : 'Submit code'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
