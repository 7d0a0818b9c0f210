// What the command palette offers — users, screens and actions — and how a query
// ranks them. Items carry an effect (what running them does), not a function, so
// this file stays pure: the component runs the effects. No DOM here.
import type { ProfileView, UserView } from '../../../shared/desk-api';
import { scoreFields, typedUserId, type MatchField } from './match';
import { deskScreens, type DeskScreenId } from '../../../shared/screens';

export const paletteSections = ['Users', 'Screens', 'Actions'] as const;
export type PaletteSection = (typeof paletteSections)[number];

export type PaletteEffect =
  | { kind: 'user'; userId: number }
  | { kind: 'screen'; screen: DeskScreenId }
  /** The Trade ticket, for this user (null: whoever the ticket has). */
  | { kind: 'ticket'; userId: number | null }
  | { kind: 'sync' }
  | { kind: 'export' }
  | { kind: 'switch'; profile: ProfileView };

export interface PaletteItem {
  /** Unique and safe inside an element id. */
  id: string;
  section: PaletteSection;
  label: string;
  detail?: string;
  /** In aria-keyshortcuts form ("Alt+3"). */
  shortcut?: string;
  production?: boolean;
  effect: PaletteEffect;
  fields: MatchField[];
  /** "New order for …" exists for every user: only the best few are shown. */
  orderFor?: boolean;
}

export interface PaletteContext {
  /** The local directory, most recently seen first. */
  users: readonly UserView[];
  profiles: readonly ProfileView[];
  /** The user whose page is on screen, if any: "this user". */
  currentUserId: number | null;
  /** The Transactions screen has filters set, so an export is of the rows they match. */
  exportFiltered: boolean;
}

export interface RankedSection {
  section: PaletteSection;
  items: PaletteItem[];
  /** Matches left out to keep the list short. */
  more: number;
}

/** Users shown for a query; with no query, the most recent few. */
export const MAX_USERS = 8;
export const RECENT_USERS = 5;
export const MAX_ORDER_FOR = 3;

/** A user's name, or "User #12" for one only seen in a transaction and never opened. */
export function userName(user: Pick<UserView, 'id' | 'name' | 'surname'>): string {
  const name = `${user.name} ${user.surname}`.trim();
  return name === '' ? `User #${user.id}` : name;
}

function userFields(user: UserView, label: string): MatchField[] {
  return [
    { text: label },
    { text: userName(user), weight: 0.95 },
    { text: user.email, weight: 0.9 },
    { text: String(user.id), prefixOnly: true },
    { text: `#${user.id}`, prefixOnly: true },
  ];
}

function userItem(user: UserView): PaletteItem {
  const label = userName(user);
  const known = user.fetchedAtMs !== null || user.email !== '';
  return {
    id: `user-${user.id}`,
    section: 'Users',
    label,
    detail: known ? `${user.email} · #${user.id}` : `#${user.id} · seen in transactions, not opened yet`,
    effect: { kind: 'user', userId: user.id },
    fields: userFields(user, label),
  };
}

function orderForItem(user: UserView): PaletteItem {
  const label = `New order for ${userName(user)}`;
  return {
    id: `order-${user.id}`,
    section: 'Actions',
    label,
    detail: `#${user.id} · the Trade ticket with this user`,
    effect: { kind: 'ticket', userId: user.id },
    fields: userFields(user, label),
    orderFor: true,
  };
}

function screenItems(): PaletteItem[] {
  return deskScreens.map((s) => ({
    id: `screen-${s.screen}`,
    section: 'Screens',
    label: s.label,
    shortcut: `Alt+${s.key}`,
    effect: { kind: 'screen', screen: s.screen },
    fields: [
      { text: s.label },
      ...s.keywords.map((k) => ({ text: k, weight: 0.6 })),
      { text: 'screen', weight: 0.3 },
      { text: 'go to', weight: 0.3 },
    ],
  }));
}

function actionItems(ctx: PaletteContext): PaletteItem[] {
  const items: PaletteItem[] = [
    {
      id: 'action-ticket',
      section: 'Actions',
      label: 'New order',
      detail: 'the Trade ticket',
      shortcut: 'Alt+T',
      effect: { kind: 'ticket', userId: null },
      fields: [{ text: 'New order' }, ...['ticket', 'trade', 'buy', 'sell'].map((k) => ({ text: k, weight: 0.6 }))],
    },
    {
      id: 'action-sync',
      section: 'Actions',
      label: 'Sync transactions',
      detail: 'fetch new transactions from Kriptomat into the local cache',
      effect: { kind: 'sync' },
      fields: [{ text: 'Sync transactions' }, ...['refresh', 'fetch', 'update', 'download'].map((k) => ({ text: k, weight: 0.6 }))],
    },
    {
      id: 'action-export',
      section: 'Actions',
      label: 'Export transactions to CSV',
      detail: ctx.exportFiltered ? 'the rows the Transactions filters match' : 'every cached transaction',
      effect: { kind: 'export' },
      fields: [{ text: 'Export transactions to CSV' }, ...['csv', 'download', 'file', 'save'].map((k) => ({ text: k, weight: 0.6 }))],
    },
  ];
  for (const profile of ctx.profiles) {
    if (profile.active) continue;
    const production = profile.kind === 'production';
    items.push({
      id: `switch-${profile.id}`,
      section: 'Actions',
      label: `Switch to ${profile.name}`,
      detail: production ? `real customers, real money · ${profile.baseUrl}` : `${profile.kind} · ${profile.baseUrl}`,
      production,
      effect: { kind: 'switch', profile },
      fields: [
        { text: `Switch to ${profile.name}` },
        { text: profile.kind, weight: 0.8 },
        ...['environment', 'profile', 'use'].map((k) => ({ text: k, weight: 0.6 })),
        { text: profile.baseUrl, weight: 0.4, wordsOnly: true },
      ],
    });
  }
  return items;
}

/**
 * The sections to show for a query, best first (with no query: Users, Screens,
 * Actions). Within a section, items are by score, then in their own order.
 */
export function rankPalette(ctx: PaletteContext, query: string): RankedSection[] {
  const current = ctx.currentUserId === null ? undefined : ctx.users.find((u) => u.id === ctx.currentUserId);
  const users = current ? [current, ...ctx.users.filter((u) => u !== current)] : [...ctx.users];
  const hasName = (u: UserView): boolean => userName(u) !== `User #${u.id}`;
  const empty = query.trim() === '';

  const candidates: PaletteItem[] = [...users.map(userItem), ...screenItems(), ...actionItems(ctx)];
  // "New order for …": every named user when a query may pick one; otherwise only "this user".
  const orderFor = (empty ? (current ? [current] : []) : users).filter(hasName).map(orderForItem);
  candidates.splice(
    candidates.findIndex((i) => i.id === 'action-sync'),
    0,
    ...orderFor,
  );

  const typedId = typedUserId(query);
  if (typedId !== null && !users.some((u) => u.id === typedId)) {
    candidates.unshift({
      id: `open-${typedId}`,
      section: 'Users',
      label: `Open user #${typedId}`,
      detail: 'not in the local directory: opens it by id',
      effect: { kind: 'user', userId: typedId },
      fields: [{ text: String(typedId) }, { text: `#${typedId}` }],
    });
  }

  const scored = candidates
    .map((item, order) => {
      const score = scoreFields(query, item.fields);
      // "This user" first among equals.
      const bonus = current && (item.id === `user-${current.id}` || item.id === `order-${current.id}`) ? 5 : 0;
      return { item, order, score: score === null ? null : score + bonus };
    })
    .filter((s): s is { item: PaletteItem; order: number; score: number } => s.score !== null);

  const sections: (RankedSection & { best: number; rank: number })[] = [];
  paletteSections.forEach((section, rank) => {
    const inSection = scored.filter((s) => s.item.section === section).sort((a, b) => b.score - a.score || a.order - b.order);
    let kept = inSection;
    let more = 0;
    if (section === 'Users') {
      const cap = empty ? RECENT_USERS : MAX_USERS;
      kept = inSection.slice(0, cap);
      more = inSection.length - kept.length;
    } else if (section === 'Actions') {
      let orders = 0;
      kept = inSection.filter((s) => !s.item.orderFor || ++orders <= MAX_ORDER_FOR);
    }
    if (kept.length > 0) sections.push({ section, items: kept.map((s) => s.item), more, best: kept[0]!.score, rank });
  });
  if (!empty) sections.sort((a, b) => b.best - a.best || a.rank - b.rank);
  return sections.map(({ section, items, more }) => ({ section, items, more }));
}
