// audit.trailBroken: main found, on a live update, that the team's audit trail no
// longer holds the newest row this desk saw (its witness, kept in the desk's own
// store): rows were removed from its end or the head moved back. Kept here, not in
// the Audit screen, so a break found while another screen is open still shows when
// the operator opens the audit log.
import { create } from 'zustand';
import type { DeskEvents } from '../../../shared/desk-api';

interface AuditTrailState {
  /** The last break main reported, in its words; null while none was. */
  broken: DeskEvents['audit.trailBroken'] | null;
}

export const useAuditTrail = create<AuditTrailState>()(() => ({ broken: null }));

export function applyTrailBroken(event: DeskEvents['audit.trailBroken']): void {
  useAuditTrail.setState({ broken: event });
}
