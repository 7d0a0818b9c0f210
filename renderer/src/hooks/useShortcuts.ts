// Desk-wide keyboard shortcuts. Alt+letter works in the browser harness too (Ctrl+T
// is kept by browsers for a new tab; Electron lets us have it). Letters are matched
// on `code` so Alt+B still means B on layouts where Alt composes another character.
import { useEffect } from 'react';
import { navigate, useNavigation, type ScreenId } from '../state/navigation';
import { requestTicketFocus, setSide } from '../state/ticket';

const screenByDigit: ScreenId[] = ['environments', 'users', 'trade', 'rates', 'treasury', 'transactions', 'audit', 'settings'];

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented) return;
      // Dialogs own the keyboard while open (Enter confirms, Escape cancels).
      if (document.querySelector('dialog[open]')) return;
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
      const digit = /^Digit([1-8])$/.exec(e.code);
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
