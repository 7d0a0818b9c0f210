// Desk-wide keyboard shortcuts. Alt+letter works in the browser harness too (Ctrl+T
// is kept by browsers for a new tab; Electron lets us have it). Letters are matched
// on `code` so Alt+B still means B on layouts where Alt composes another character.
// Ctrl+K (Cmd+K on macOS) opens the command palette from anywhere, text boxes too.
import { useEffect } from 'react';
import { openPalette } from '../palette/store';
import { navigate, useNavigation, type ScreenId } from '../state/navigation';
import { requestTicketFocus, setSide } from '../state/ticket';
import { deskScreens } from '../../../shared/screens';

const screenByDigit: ScreenId[] = deskScreens.map((s) => s.screen);

function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform);
}

/** The palette's keys as the sidebar shows them and as aria-keyshortcuts names them. */
export function paletteKeys(): { label: string; aria: string } {
  return isMac() ? { label: '⌘K', aria: 'Meta+K' } : { label: 'Ctrl+K', aria: 'Control+K' };
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type)
  );
}

/**
 * Ctrl+K or Cmd+K, without Alt or Shift. On macOS, Ctrl+K inside a text box is the
 * system's "delete to the end of the line", so there only Cmd+K opens the palette.
 */
export function isPaletteKey(e: KeyboardEvent): boolean {
  if (e.altKey || e.shiftKey || !(e.code === 'KeyK' || e.key.toLowerCase() === 'k')) return false;
  if (e.metaKey && !e.ctrlKey) return true;
  if (e.ctrlKey && !e.metaKey) return !(isMac() && isTextField(e.target));
  return false;
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented) return;
      // Dialogs own the keyboard while open (Enter confirms, Escape cancels).
      if (document.querySelector('dialog[open]')) return;
      if (isPaletteKey(e)) {
        e.preventDefault();
        openPalette();
        return;
      }
      const openTicket = (e.altKey && !e.ctrlKey && e.code === 'KeyT') || (e.ctrlKey && !e.altKey && !e.shiftKey && e.code === 'KeyT');
      if (openTicket) {
        e.preventDefault();
        navigate({ screen: 'trade' });
        requestTicketFocus();
        return;
      }
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const onTrade = useNavigation.getState().route.screen === 'trade';
      if (e.code === 'KeyB' || e.code === 'KeyS') {
        if (!onTrade) return;
        e.preventDefault();
        setSide(e.code === 'KeyB' ? 'buy' : 'sell');
        requestTicketFocus();
        return;
      }
      const digit = /^Digit([1-9])$/.exec(e.code);
      if (digit) {
        const screen = screenByDigit[Number(digit[1]) - 1];
        if (screen) {
          e.preventDefault();
          navigate({ screen });
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
