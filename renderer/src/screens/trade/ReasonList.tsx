// Why a ticket's button is disabled, as a list the button is described by. The
// button points at each item (not at the list): a list's own aria-label would
// otherwise stand in for its text, and the operator would hear the list's name
// instead of the reasons.
import { isInputStillToGive } from './ticket-checks';

/** The ids the button's aria-describedby names; undefined when there is no reason. */
export function reasonIds(id: string, reasons: string[]): string | undefined {
  return reasons.length > 0 ? reasons.map((_, i) => `${id}-${i}`).join(' ') : undefined;
}

export function ReasonList({ id, label, reasons }: { id: string; label: string; reasons: string[] }) {
  if (reasons.length === 0) return null;
  return (
    <ul className={reasons.every(isInputStillToGive) ? 'blockers todo' : 'blockers'} aria-label={label}>
      {reasons.map((r, i) => (
        <li key={r} id={`${id}-${i}`}>
          {r}
        </li>
      ))}
    </ul>
  );
}
