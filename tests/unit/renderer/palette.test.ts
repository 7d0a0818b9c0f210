// The command palette's matching and ranking (renderer/src/palette): pure code, no DOM.
import { describe, expect, it } from 'vitest';
import type { ProfileView, UserView } from '../../../shared/desk-api';
import { rankPalette, type PaletteContext } from '../../../renderer/src/palette/commands';
import { deskScreens } from '../../../shared/screens';
import { fold, scoreFields, scoreWord, typedUserId } from '../../../renderer/src/palette/match';

function user(id: number, name: string, surname: string, email = `${name}.${surname}@example.com`.toLowerCase()): UserView {
  return { id, name, surname, email, phone: '+38640000000', status: 'active', kycStatus: 'verified', fetchedAtMs: 1 };
}

const discovered: UserView = { id: 8, name: '', surname: '', email: '', phone: '', status: '', kycStatus: '', fetchedAtMs: null };

const profiles: ProfileView[] = [
  { id: 'sandbox', name: 'Local sandbox', kind: 'sandbox', baseUrl: 'http://127.0.0.1:4010/v1', active: true },
  { id: 'staging', name: 'Staging', kind: 'staging', baseUrl: 'https://stagingapi.kminfra.net/v1', active: false },
  { id: 'production', name: 'Production', kind: 'production', baseUrl: 'https://api.kriptomat.io/api/v1/partners', active: false },
];

const ctx: PaletteContext = {
  users: [
    user(1, 'Ana', 'Novak'),
    user(2, 'Marko', 'Horvat'),
    user(9, 'Nina', 'Kovač', 'nina.kovac@example.com'),
    user(12, 'Ivana', 'Anić'),
    discovered,
  ],
  profiles,
  currentUserId: null,
  exportFiltered: false,
};

const labels = (query: string, c: PaletteContext = ctx) =>
  rankPalette(c, query).map((s) => [s.section, s.items.map((i) => i.label)] as const);
const first = (query: string, c: PaletteContext = ctx) => rankPalette(c, query)[0]?.items[0]?.label;

describe('matching', () => {
  it('folds case and accents', () => {
    expect(fold('  Nina   KOVAČ ')).toBe('nina kovac');
  });

  it('ranks a whole field over its start over a word start over anywhere inside', () => {
    expect(scoreWord('trade', 'trade')).toBeGreaterThan(scoreWord('tra', 'trade'));
    expect(scoreWord('tra', 'trade')).toBeGreaterThan(scoreWord('nov', 'ana novak'));
    expect(scoreWord('nov', 'ana novak')).toBeGreaterThan(scoreWord('ova', 'ana novak'));
    expect(scoreWord('ova', 'ana novak')).toBeGreaterThan(0);
    expect(scoreWord('xyz', 'ana novak')).toBe(0);
  });

  it('keeps ids to their start and addresses to their words', () => {
    expect(scoreWord('2', '12', 'prefix')).toBe(0);
    expect(scoreWord('1', '12', 'prefix')).toBeGreaterThan(0);
    expect(scoreWord('ma', 'https://api.kriptomat.io', 'words')).toBe(0);
    expect(scoreWord('kript', 'https://api.kriptomat.io', 'words')).toBeGreaterThan(0);
  });

  it('needs every typed word, in any order', () => {
    expect(scoreFields('horvat marko', [{ text: 'Marko Horvat' }])).toBeGreaterThan(0);
    expect(scoreFields('marko smith', [{ text: 'Marko Horvat' }])).toBeNull();
    expect(scoreFields('', [{ text: 'anything' }])).toBe(0);
  });

  it('reads a typed user id', () => {
    expect(typedUserId('12')).toBe(12);
    expect(typedUserId(' #7 ')).toBe(7);
    expect(typedUserId('0')).toBeNull();
    expect(typedUserId('12a')).toBeNull();
    expect(typedUserId('99999999999')).toBeNull();
  });
});

describe('ranking', () => {
  it('shows Users, Screens and Actions in that order when nothing is typed', () => {
    const sections = rankPalette(ctx, '');
    expect(sections.map((s) => s.section)).toEqual(['Users', 'Screens', 'Actions']);
    expect(sections[0]!.items).toHaveLength(5);
    // Every screen, in the sidebar's order (Approvals among them).
    expect(sections[1]!.items.map((i) => i.label)).toEqual(deskScreens.map((s) => s.label));
    expect(sections[1]!.items.map((i) => i.label)).toContain('Approvals');
    // Switching is offered to every other environment; no "New order for …" without a user on screen.
    expect(sections[2]!.items.map((i) => i.label)).toEqual([
      'New order',
      'Sync transactions',
      'Export transactions to CSV',
      'Switch to Staging',
      'Switch to Production',
    ]);
  });

  it('finds users by part of a name, an e-mail, an accent-free spelling or an id', () => {
    expect(first('nova')).toBe('Ana Novak');
    expect(first('marko.horvat@')).toBe('Marko Horvat');
    expect(first('kovac')).toBe('Nina Kovač');
    expect(first('#9')).toBe('Nina Kovač');
    expect(first('1')).toBe('Ana Novak');
    // "1" also starts 12, but is not inside 21.
    expect(labels('1')[0]).toEqual(['Users', ['Ana Novak', 'Ivana Anić']]);
  });

  it('opens an id the directory does not know', () => {
    const found = rankPalette(ctx, '77')[0]!.items[0]!;
    expect(found.label).toBe('Open user #77');
    expect(found.effect).toEqual({ kind: 'user', userId: 77 });
  });

  it('names a user only seen in transactions by id', () => {
    const found = rankPalette(ctx, '8')[0]!.items[0]!;
    expect(found.label).toBe('User #8');
    expect(found.detail).toMatch(/not opened yet/);
  });

  it('puts the best section first', () => {
    expect(rankPalette(ctx, 'tra')[0]!.section).toBe('Screens');
    expect(first('sync')).toBe('Sync transactions');
    expect(first('csv')).toBe('Export transactions to CSV');
    expect(first('audit')).toBe('Audit log');
    expect(first('chart')).toBe('Rates');
  });

  it('offers a new order for the user on screen first, and for users found by name', () => {
    const onMarko = { ...ctx, currentUserId: 2 };
    expect(first('order', onMarko)).toBe('New order for Marko Horvat');
    expect(rankPalette(onMarko, '').find((s) => s.section === 'Actions')!.items[0]!.label).toBe('New order for Marko Horvat');
    expect(rankPalette(onMarko, '')[0]!.items[0]!.label).toBe('Marko Horvat');
    expect(first('order ana')).toBe('New order for Ana Novak');
    const orders = rankPalette(ctx, 'new order')
      .find((s) => s.section === 'Actions')!
      .items.filter((i) => i.orderFor);
    expect(orders).toHaveLength(3);
    // A user never opened has no name to put on a ticket.
    expect(labels('order 8').flatMap(([, items]) => items)).not.toContain('New order for User #8');
  });

  it('marks production and needs no match in its address', () => {
    const production = rankPalette(ctx, 'production')
      .flatMap((s) => s.items)
      .find((i) => i.id === 'switch-production')!;
    expect(production.production).toBe(true);
    expect(production.effect).toMatchObject({ kind: 'switch', profile: { kind: 'production' } });
    expect(labels('ma').flatMap(([, items]) => items)).not.toContain('Switch to Production');
  });

  it('keeps the list short and says how many users are left out', () => {
    const many = { ...ctx, users: Array.from({ length: 30 }, (_, i) => user(i + 100, `Name${i}`, 'Smith')) };
    const users = rankPalette(many, 'smith')[0]!;
    expect(users.items).toHaveLength(8);
    expect(users.more).toBe(22);
  });
});
