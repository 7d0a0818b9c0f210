// The command palette (Ctrl+K; Cmd+K on macOS): jump to a user by name, e-mail or
// id, to any screen, or run an action, from the keyboard alone. A modal <dialog>
// with a combobox whose listbox of options is grouped in sections (Users, Screens,
// Actions); the highlighted option is aria-activedescendant, so focus stays in the
// text box while ↑/↓ move, Enter runs and Escape closes and gives focus back.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { UserView } from '../../../shared/desk-api';
import { call, describeError } from '../bridge';
import { exportTransactions, selectProfile, switchEnvironment, syncTransactions } from '../palette/actions';
import { rankPalette, type PaletteItem } from '../palette/commands';
import { ProductionSwitchConfirm } from './ProductionSwitchConfirm';
import { closePalette, dismissNotice, showNotice, usePalette } from '../palette/store';
import { navigate, useNavigation } from '../state/navigation';
import { whileSameEnvironment } from '../state/same-environment';
import { loadProfiles, useSession } from '../state/session';
import { requestTicketFocus, setTicketUser } from '../state/ticket';
import { useTransactions } from '../state/transactions';
import { upsertUsers, useUsers } from '../state/users';
import '../styles/palette.css';

/** Where focus goes once the palette has closed. */
type FocusAfter = 'opener' | 'main';

function focusMain(): void {
  document.getElementById('main')?.focus();
}

/** The palette and the production confirmation it may ask for. */
export function CommandPalette() {
  const open = usePalette((s) => s.open);
  const confirm = usePalette((s) => s.confirmSwitch);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const confirmSwitch = async (): Promise<void> => {
    if (!confirm) return;
    setBusy(true);
    setError(null);
    try {
      await selectProfile(confirm);
      usePalette.setState({ confirmSwitch: null });
      showNotice('ok', `Now on ${confirm.name}.`);
      // The screens start afresh for the new environment: the control that had focus may be gone.
      requestAnimationFrame(() => {
        if (document.activeElement === null || document.activeElement === document.body) focusMain();
      });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {open ? <PaletteDialog /> : null}
      {confirm ? (
        <ProductionSwitchConfirm
          profile={confirm}
          busy={busy}
          error={error}
          onCancel={() => {
            setError(null);
            usePalette.setState({ confirmSwitch: null });
          }}
          onConfirm={() => void confirmSwitch()}
        />
      ) : null}
    </>
  );
}

function PaletteDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const listId = useId();
  const hintId = useId();
  const baseId = useId();
  const focusAfter = useRef<FocusAfter>('opener');

  const [query, setQuery] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const [recent, setRecent] = useState<number[]>([]);
  const [directoryError, setDirectoryError] = useState<unknown>(null);
  const byId = useUsers((s) => s.byId);
  const profiles = useSession((s) => s.profiles);
  const route = useNavigation((s) => s.route);
  const filterDraft = useTransactions((s) => s.filter);

  // The whole local directory, most recently seen first; and fresh environment profiles.
  useEffect(() => {
    let live = true;
    const keep = whileSameEnvironment(upsertUsers);
    call((d) => d.users.directory({})).then(
      (list) => {
        keep(list);
        if (live) setRecent(list.map((u) => u.id));
      },
      (e: unknown) => {
        if (live) setDirectoryError(e);
      },
    );
    void loadProfiles();
    return () => {
      live = false;
    };
  }, []);

  // Open as a modal (the page behind is inert), focus the text box; on close, give focus back.
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener =
      document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    inputRef.current?.focus();
    return () => {
      dialog.close();
      if (focusAfter.current === 'opener' && opener?.isConnected) opener.focus();
      else if (focusAfter.current === 'main' || opener !== null) focusMain();
    };
  }, []);

  const users = useMemo(() => {
    const seen = new Set<number>();
    const list: UserView[] = [];
    for (const id of recent) {
      const user = byId[id];
      if (user && !seen.has(id)) {
        seen.add(id);
        list.push(user);
      }
    }
    for (const user of Object.values(byId)) if (!seen.has(user.id)) list.push(user);
    return list;
  }, [byId, recent]);

  const exportFiltered = Object.values(filterDraft).some((v) => v.trim() !== '');
  const currentUserId = route.screen === 'user' ? (route.userId ?? null) : null;
  const sections = useMemo(
    () => rankPalette({ users, profiles: profiles ?? [], currentUserId, exportFiltered }, query),
    [users, profiles, currentUserId, exportFiltered, query],
  );
  const flat = sections.flatMap((s) => s.items);
  const active = flat.length === 0 ? -1 : Math.min(activeIndex, flat.length - 1);
  const activeItem = active >= 0 ? flat[active] : undefined;
  const optionId = (item: PaletteItem): string => `${baseId}-${item.id}`;
  const hiddenUsers = sections.find((s) => s.section === 'Users')?.more ?? 0;

  useEffect(() => {
    if (activeItem) document.getElementById(`${baseId}-${activeItem.id}`)?.scrollIntoView({ block: 'nearest' });
  }, [activeItem, baseId]);

  const close = (after: FocusAfter): void => {
    focusAfter.current = after;
    closePalette();
  };

  const run = (item: PaletteItem): void => {
    const effect = item.effect;
    switch (effect.kind) {
      case 'user':
        close('main');
        navigate({ screen: 'user', userId: effect.userId });
        return;
      case 'screen':
        close('main');
        navigate({ screen: effect.screen });
        return;
      case 'ticket':
        // Main first; the ticket then takes focus for its amount (as Alt+T does).
        close('main');
        if (effect.userId !== null) setTicketUser(effect.userId);
        navigate({ screen: 'trade' });
        requestTicketFocus();
        return;
      case 'sync':
        close('opener');
        void syncTransactions();
        return;
      case 'export':
        close('opener');
        void exportTransactions();
        return;
      case 'switch':
        close('opener');
        if (effect.profile.kind === 'production') usePalette.setState({ confirmSwitch: effect.profile });
        else void switchEnvironment(effect.profile);
        return;
    }
  };

  const move = (to: number): void => {
    if (flat.length === 0) return;
    setActiveIndex(((to % flat.length) + flat.length) % flat.length);
  };

  /** The first option of the next (+1) or previous (-1) section. */
  const sectionStart = (direction: 1 | -1): number => {
    const starts: number[] = [];
    let index = 0;
    for (const s of sections) {
      starts.push(index);
      index += s.items.length;
    }
    const current = starts.filter((start) => start <= active).length - 1;
    const target = Math.max(0, Math.min(starts.length - 1, current + direction));
    return starts[target] ?? 0;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.altKey && !e.shiftKey && (e.code === 'KeyK' || e.key.toLowerCase() === 'k')) {
      // The same keys close it again.
      e.preventDefault();
      close('opener');
      return;
    }
    if (e.altKey || mod) return;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        move(active + 1);
        return;
      case 'ArrowUp':
        e.preventDefault();
        move(active - 1);
        return;
      case 'PageDown':
        e.preventDefault();
        setActiveIndex(sectionStart(1));
        return;
      case 'PageUp':
        e.preventDefault();
        setActiveIndex(sectionStart(-1));
        return;
      case 'Enter':
        e.preventDefault();
        if (activeItem) run(activeItem);
        return;
    }
  };

  let index = -1;
  return (
    <dialog
      ref={ref}
      className="palette"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        close('opener');
      }}
      onClose={() => {
        // The browser may close a modal without a preventable cancel (repeated Escape);
        // our own close() on unmount is not the operator's, nor one followed by a reopen.
        if (!ref.current?.open && usePalette.getState().open) close('opener');
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === e.currentTarget) close('opener');
      }}
    >
      <div className="palette-body">
        <h2 id={titleId} className="sr-only">
          Command palette
        </h2>
        <div className="palette-search">
          <input
            ref={inputRef}
            type="text"
            role="combobox"
            aria-label="Search users, screens and actions"
            aria-expanded={flat.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={activeItem ? optionId(activeItem) : undefined}
            aria-describedby={hintId}
            placeholder="Search users, screens and actions"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActiveIndex(0);
            }}
            onKeyDown={onKeyDown}
          />
        </div>
        {flat.length > 0 ? (
          <div role="listbox" id={listId} aria-label="Users, screens and actions" className="palette-list">
            {sections.map((section) => (
              <div key={section.section} role="group" aria-labelledby={`${baseId}-section-${section.section}`} className="palette-group">
                <div id={`${baseId}-section-${section.section}`} className="palette-section" aria-hidden="true">
                  {section.section}
                </div>
                {section.items.map((item) => {
                  index += 1;
                  const i = index;
                  const selected = i === active;
                  return (
                    <div
                      key={item.id}
                      id={optionId(item)}
                      role="option"
                      aria-selected={selected}
                      aria-keyshortcuts={item.shortcut}
                      className={`palette-option${selected ? ' is-active' : ''}${item.production ? ' is-production' : ''}`}
                      onMouseMove={() => {
                        if (!selected) setActiveIndex(i);
                      }}
                      // Keep focus in the text box: the option is chosen on click.
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => run(item)}
                    >
                      {/* Spaces between the parts keep the option's accessible name readable. */}
                      <span className="palette-label">{item.label}</span>{' '}
                      {item.production ? <span className="badge env-badge env-production">PRODUCTION</span> : null}{' '}
                      {item.detail ? <span className="palette-detail">{item.detail}</span> : null}
                      {item.shortcut ? (
                        <kbd className="palette-kbd" aria-hidden="true">
                          {item.shortcut}
                        </kbd>
                      ) : null}
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
        ) : (
          <p className="palette-empty">Nothing matches “{query.trim()}”. A number such as 12 opens the user with that id.</p>
        )}
        {hiddenUsers > 0 ? (
          <p className="palette-more">
            {query.trim() === ''
              ? `${hiddenUsers} more ${hiddenUsers === 1 ? 'user is' : 'users are'} in the directory: type a name, e-mail or id to find them.`
              : `${hiddenUsers} more ${hiddenUsers === 1 ? 'user matches' : 'users match'}: type more to narrow.`}
          </p>
        ) : null}
        {directoryError ? <p className="palette-problem">The user directory could not be read: {describeError(directoryError)}</p> : null}
        <p id={hintId} className="palette-hint">
          <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> runs · <kbd>Esc</kbd> closes
        </p>
        <div role="status" className="sr-only">
          {flat.length === 0 ? 'No matches.' : flat.length === 1 ? '1 result.' : `${flat.length} results.`}
        </div>
      </div>
    </dialog>
  );
}

/** A success message goes by itself after this long, unless the pointer or focus is on it. */
const OK_MESSAGE_MS = 15_000;

/**
 * The message about the last action the palette ran (a sync, an export, a switch),
 * as the screens show theirs: a status (its text changes from "Syncing…" to the
 * result in place, so the result is announced) or, for a failure, an alert that
 * stays until dismissed. Nothing is rendered without a message.
 */
export function PaletteNotices() {
  const notice = usePalette((s) => s.notice);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (notice?.tone !== 'ok') return;
    const seq = notice.seq;
    const check = (): void => {
      if (ref.current?.matches(':hover, :focus-within')) {
        timer = window.setTimeout(check, 2000);
        return;
      }
      if (usePalette.getState().notice?.seq === seq) dismissNotice();
    };
    let timer = window.setTimeout(check, OK_MESSAGE_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);

  if (!notice) return null;
  return (
    <div ref={ref} className={`palette-notice tone-${notice.tone}`}>
      {notice.tone === 'error' ? <div role="alert">{notice.text}</div> : <div role="status">{notice.text}</div>}
      {notice.tone !== 'busy' ? (
        <button
          type="button"
          className="small"
          aria-label="Dismiss message"
          onClick={() => {
            dismissNotice();
            // The button goes away with the message: keep focus in the page.
            focusMain();
          }}
        >
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
