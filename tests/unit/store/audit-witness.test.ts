// The witness rule (main/store/audit-witness.ts): a trail only grows, so the row a
// desk saw must still be there with the same hash and the head never older; what
// is wrong is said in words naming the rows, and the witness only moves forward.
import { describe, expect, it } from 'vitest';
import { nextWitness, witnessBreak, type AuditWitness } from '../../../main/store/audit-witness';
import { teamTrailName } from '../../../main/store/postgres/connection';
import { openDeskStore } from '../../../main/store/sqlite/adapter';

const H = (c: string): string => c.repeat(64);
const seen: AuditWitness = { id: 7, hash: H('a'), seenAtMs: Date.UTC(2025, 2, 14, 9, 30, 0) };

describe('witnessBreak', () => {
  it('finds nothing wrong without a witness, or while the trail still holds the row at or before its head', () => {
    expect(witnessBreak(null, { id: 0, hash: H('0'), witnessedHash: null })).toBeNull();
    expect(witnessBreak(seen, { id: 7, hash: H('a'), witnessedHash: H('a') })).toBeNull();
    expect(witnessBreak(seen, { id: 12, hash: H('c'), witnessedHash: H('a') })).toBeNull();
  });

  it('a head older than the witness: the rows between are named as gone', () => {
    expect(witnessBreak(seen, { id: 4, hash: H('d'), witnessedHash: null })).toBe(
      `The trail no longer contains row #7 (hash ${H('a')}) that this desk saw on 2025-03-14 09:30:00 UTC: ` +
        'rows were removed from its end or the head moved back (the head is row #4; rows #5 to #7 are gone).',
    );
    expect(witnessBreak(seen, { id: 6, hash: H('d'), witnessedHash: null })).toMatch(/the head is row #6; row #7 is gone\)\.$/);
  });

  it('the witnessed row missing, or there with another hash', () => {
    expect(witnessBreak(seen, { id: 9, hash: H('e'), witnessedHash: null })).toMatch(
      /^The trail no longer contains row #7 .*: rows were removed from its end or the head moved back \(row #7 is missing\)\.$/,
    );
    expect(witnessBreak(seen, { id: 9, hash: H('e'), witnessedHash: H('b') })).toMatch(
      new RegExp(
        `: rows were removed from its end or the head moved back, and rows were written again in their place \\(row #7 now has hash ${H('b')}\\)\\.$`,
      ),
    );
  });
});

describe('nextWitness', () => {
  it('moves to a newer head, never back, and not to an empty trail', () => {
    expect(nextWitness(seen, { id: 9, hash: H('e'), witnessedHash: H('a') }, 5)).toEqual({ id: 9, hash: H('e'), seenAtMs: 5 });
    expect(nextWitness(seen, { id: 7, hash: H('a'), witnessedHash: H('a') }, 5)).toBe(seen);
    expect(nextWitness(seen, { id: 3, hash: H('f'), witnessedHash: null }, 5)).toBe(seen);
    expect(nextWitness(null, { id: 0, hash: H('0'), witnessedHash: null }, 5)).toBeNull();
    expect(nextWitness(null, { id: 1, hash: H('1'), witnessedHash: null }, 5)).toEqual({ id: 1, hash: H('1'), seenAtMs: 5 });
  });
});

describe("the desk's own store keeps one witness per trail", () => {
  it('moves it forward only, per trail', async () => {
    const store = openDeskStore(':memory:');
    try {
      const keeper = store.auditWitness!;
      expect(await keeper.witness('db.example:5432/desk')).toBeNull();
      expect(await keeper.advance('db.example:5432/desk', seen)).toEqual(seen);
      // An older row (a check that finished late) does not move it back.
      expect(await keeper.advance('db.example:5432/desk', { id: 5, hash: H('b'), seenAtMs: 9 })).toEqual(seen);
      expect(await keeper.advance('db.example:5432/desk', { id: 8, hash: H('c'), seenAtMs: 9 })).toEqual({
        id: 8,
        hash: H('c'),
        seenAtMs: 9,
      });
      expect(await keeper.witness('other:5432/desk')).toBeNull();
    } finally {
      await store.close();
    }
  });
});

describe('teamTrailName', () => {
  it('names the database, not the login, and never holds the password', () => {
    const parts = { host: 'DB.Example.org', port: 5432, database: 'desk', user: 'ana', password: 'secret', ssl: false as const };
    expect(teamTrailName(parts)).toBe('db.example.org:5432/desk');
    expect(teamTrailName('postgres://bo:secret@db.example.org/desk')).toBe('db.example.org:5432/desk');
    expect(teamTrailName('postgres://bo:secret@[::1]:6543/desk')).toBe('[::1]:6543/desk');
    expect(teamTrailName({ ...parts, host: '::1', port: 6543 })).toBe('[::1]:6543/desk');
    expect(teamTrailName('not a url with secret')).not.toContain('secret');
  });
});
