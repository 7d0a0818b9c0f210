// The end of both tickets: why it cannot go yet (or that Confirm will ask for the
// amount again), the per-order limit override when it matters, and the button.
import { ReasonList, reasonIds } from './ReasonList';

interface Props {
  /** 'order' or 'withdrawal', as the operator reads it. */
  noun: string;
  blockersId: string;
  blockers: string[];
  retype: string[];
  showOverride: boolean;
  overrideLimit: boolean;
  onOverride(checked: boolean): void;
  submitting: boolean;
  submitLabel: string;
}

export function TicketFooter({
  noun,
  blockersId,
  blockers,
  retype,
  showOverride,
  overrideLimit,
  onOverride,
  submitting,
  submitLabel,
}: Props) {
  const large = `Large ${noun}`;
  return (
    <>
      {blockers.length > 0 ? (
        <ReasonList id={blockersId} label={`Why the ${noun} cannot be ${noun === 'order' ? 'placed' : 'made'}`} reasons={blockers} />
      ) : retype.length > 0 ? (
        <p className="ticket-note" data-testid="retype-note">
          {large}: Confirm will ask for the amount to be typed again. {retype.join(' ')}
        </p>
      ) : null}
      {showOverride ? (
        <label className="checkbox">
          <input type="checkbox" checked={overrideLimit} onChange={(e) => onOverride(e.target.checked)} />
          Override the per-order limit for this {noun}
        </label>
      ) : null}
      <div className="actions">
        <button
          type="submit"
          className="primary"
          disabled={blockers.length > 0 || submitting}
          aria-describedby={reasonIds(blockersId, blockers)}
        >
          {submitting ? 'Sending…' : submitLabel}
        </button>
      </div>
    </>
  );
}
