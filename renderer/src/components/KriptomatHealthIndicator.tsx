// The status bar's answer to "does Kriptomat answer?": OK, slow, or unreachable
// since when with the desk's next try counting down and a Retry now button — in
// words, so the state never rests on a colour alone (issue 20: the bar said
// "Signed in" through a whole outage).
import { useEffect } from 'react';
import { healthWords } from '../domain/health-words';
import { useNow } from '../hooks/use-now';
import { loadHealth, retryNow, useKriptomatHealth } from '../state/kriptomat-health';
import { useSession } from '../state/session';

export function KriptomatHealthIndicator() {
  const profileId = useSession((s) => s.session?.profileId ?? null);
  const sessionState = useSession((s) => s.session?.state ?? null);
  const stored = useKriptomatHealth((s) => s.health);
  const retrying = useKriptomatHealth((s) => s.retrying);
  const retryError = useKriptomatHealth((s) => s.retryError);
  const now = useNow(1000);
  // Another environment, or a new sign-in: ask main what it knows of this one.
  useEffect(() => {
    if (profileId) void loadHealth();
  }, [profileId, sessionState]);
  const health = stored && stored.profileId === profileId ? stored : null;
  if (!profileId || sessionState === 'signed-out') return null;
  const unreachable = health?.state === 'unreachable';

  return (
    <span className={`kriptomat-health${unreachable ? ' health-unreachable' : ''}`}>
      {/* No live region: the countdown changes every second and would be read out each time. */}
      <span data-testid="kriptomat-health" title={health?.message ?? undefined}>
        {healthWords(health, now)}
      </span>
      {unreachable ? (
        <button type="button" className="small" onClick={() => void retryNow()} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Retry now'}
        </button>
      ) : null}
      {retryError ? <span className="status-error">{retryError}</span> : null}
    </span>
  );
}
