// The desk's own SQLite store failing as libsql really fails: the journal's write
// before an order meets a full database, and the operator reads what it means and
// what to do, not "something went wrong inside the desk" (main/errors.ts). The
// database is made "full" with max_page_count, which SQLite reports exactly as a
// full disk (SQLITE_FULL).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toDeskError } from '../../../main/errors';
import { openConnection, type Db } from '../../../main/store/sqlite/connection';
import { migrate } from '../../../main/store/sqlite/migrations';
import { createOrderJournal } from '../../../main/store/sqlite/order-journal';
import { fakeClock, tempDir, type TempDir } from './temp-store';

let tmp: TempDir;
let db: Db;

beforeEach(() => {
  tmp = tempDir();
  db = openConnection(tmp.file());
  migrate(db, tmp.file());
});
afterEach(() => {
  db.close();
  tmp.remove();
});

describe("the desk's own store failing", () => {
  it('a full disk under the journal: the order is not written, and the operator is told the disk is full', () => {
    const journal = createOrderJournal(db, fakeClock().now);
    const pages = Number((db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count);
    db.exec(`PRAGMA max_page_count = ${pages}`);
    let failure: unknown = null;
    let written = 0;
    try {
      // Each row takes room: within a few hundred the file would have to grow.
      for (let i = 0; i < 10_000; i++) {
        journal.begin({ profileId: 'sandbox', userId: 2, kind: 'buy', pair: 'btceur', amount: `${100 + i}.00` });
        written += 1;
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({ name: 'SqliteError', code: 'SQLITE_FULL' });
    expect(toDeskError(failure)).toEqual({
      kind: 'internal',
      message: "The desk's own database could not be written: the disk is full. Free some space, then try again.",
    });
    // The row that met the full disk is not there; the ones before it are, whole.
    expect((db.prepare('SELECT count(*) AS n FROM order_journal').get() as { n: number }).n).toBe(written);
  });
});
