// The command palette's state: whether it is open, the production switch waiting
// for its confirmation, and the one message about the last action it ran.
import { create } from 'zustand';
import type { ProfileView } from '../../../shared/desk-api';

export interface PaletteNotice {
  /** busy: still running; ok: done; error: failed (announced as an alert). */
  tone: 'busy' | 'ok' | 'error';
  text: string;
  /** Which run it belongs to: a late answer does not overwrite a newer message. */
  seq: number;
}

interface PaletteState {
  open: boolean;
  confirmSwitch: ProfileView | null;
  notice: PaletteNotice | null;
}

export const usePalette = create<PaletteState>()(() => ({ open: false, confirmSwitch: null, notice: null }));

export function openPalette(): void {
  usePalette.setState({ open: true });
}

export function closePalette(): void {
  usePalette.setState({ open: false });
}

let lastSeq = 0;

/** Shows a busy message and returns a function that replaces it, unless a newer one came since. */
export function startNotice(text: string): (tone: 'ok' | 'error', text: string) => void {
  const seq = ++lastSeq;
  usePalette.setState({ notice: { tone: 'busy', text, seq } });
  return (tone, result) => {
    if (usePalette.getState().notice?.seq === seq || usePalette.getState().notice === null)
      usePalette.setState({ notice: { tone, text: result, seq } });
  };
}

export function showNotice(tone: PaletteNotice['tone'], text: string): void {
  usePalette.setState({ notice: { tone, text, seq: ++lastSeq } });
}

export function dismissNotice(): void {
  usePalette.setState({ notice: null });
}
