import { describe, expect, it } from 'vitest';
import { DeskFailure, bridgeFieldName, toDeskError } from '../../../main/errors';
import { KriptomatError } from '../../../main/kriptomat/errors';
import { SessionError } from '../../../main/session';
import { VaultError } from '../../../main/vault';
import { NotSharedProfileError, TeamDbUnavailableError, TeamStoreError, TeamWriteUnconfirmedError } from '../../../main/store/errors';

describe('toDeskError', () => {
  it('keeps a DeskFailure as it is', () => {
    const e = new DeskFailure('kyc_gate', 'User 3 cannot trade.');
    expect(toDeskError(e)).toEqual({ kind: 'kyc_gate', message: 'User 3 cannot trade.' });
  });

  it('maps a 422 with API field names to bridge field names', () => {
    const e = new KriptomatError({
      kind: 'validation',
      endpoint: 'withdraw',
      status: 422,
      message: 'Kriptomat rejected the request: The selected bank account id is invalid.',
      fieldErrors: { bank_account_id: ['The selected bank account id is invalid.'], amount: ['Too small.'] },
    });
    expect(toDeskError(e)).toEqual({
      kind: 'validation',
      message: 'Kriptomat rejected the request: The selected bank account id is invalid.',
      fieldErrors: { bankAccountId: ['The selected bank account id is invalid.'], amount: ['Too small.'] },
    });
  });

  it('speaks of the team database in its own words: away is a network failure, a refused write says why', () => {
    expect(toDeskError(new TeamDbUnavailableError('alice@127.0.0.1:5433/desk', 'ECONNREFUSED'))).toEqual({
      kind: 'network',
      message: 'The team database at alice@127.0.0.1:5433/desk cannot be reached (ECONNREFUSED).',
    });
    expect(toDeskError(new TeamWriteUnconfirmedError('alice@127.0.0.1:5433/desk'))).toEqual({
      kind: 'network',
      message: expect.stringMatching(
        /^The team database at alice@127\.0\.0\.1:5433\/desk stopped answering while the order was being recorded.*look for it in the orders before placing it again\.$/,
      ) as unknown,
    });
    expect(toDeskError(new TeamStoreError('refused', 'You proposed this order: another approver must decide on it.'))).toEqual({
      kind: 'forbidden',
      message: 'You proposed this order: another approver must decide on it.',
    });
    expect(toDeskError(new TeamStoreError('permission', 'Operators may not change audit rows.'))).toMatchObject({ kind: 'forbidden' });
    expect(toDeskError(new TeamStoreError('invalid', 'Not a user id: 0'))).toMatchObject({
      kind: 'validation',
      message: 'Not a user id: 0',
    });
  });

  it('knows store errors by class: a profile kept on the desk is refused in words, a look-alike by name is not trusted', () => {
    expect(toDeskError(new NotSharedProfileError('local-sandbox'))).toEqual({
      kind: 'validation',
      message: "The Local sandbox is private to this desk and never writes to the team database; it stays in the desk's own store.",
    });
    const lookAlike = Object.assign(new Error('/home/olga/secret path'), { name: 'TeamStoreError', kind: 'invalid' });
    expect(toDeskError(lookAlike)).toEqual({ kind: 'internal', message: 'Something went wrong inside the desk.' });
  });

  it('carries retry-after of a 429', () => {
    const e = new KriptomatError({ kind: 'rate_limited', endpoint: 'pairs', status: 429, message: 'slow down', retryAfterSeconds: 2.2 });
    expect(toDeskError(e)).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 3 });
  });

  it('maps the client kind to validation and session errors by kind', () => {
    expect(toDeskError(new KriptomatError({ kind: 'client', endpoint: 'buy', message: 'refused' })).kind).toBe('validation');
    expect(toDeskError(new SessionError('signed_out', 'Signed out.'))).toEqual({ kind: 'signed_out', message: 'Signed out.' });
  });

  it('maps vault errors: bad input is a validation error, anything else the keychain', () => {
    expect(toDeskError(new VaultError('invalid_input', 'The TOTP secret is not valid base32.')).kind).toBe('validation');
    expect(toDeskError(new VaultError('timeout', 'The keychain did not answer.')).kind).toBe('keychain');
  });

  it('never passes on the message of an unexpected error, nor a token in any message', () => {
    expect(toDeskError(new Error('ENOENT /home/op/.secret password=hunter2'))).toEqual({
      kind: 'internal',
      message: expect.not.stringContaining('hunter2'),
    });
    const e = new DeskFailure('server', 'failed with Bearer eyJhbGciOiJIUzI1NiJ9.abcdefgh.sig');
    expect(toDeskError(e).message).not.toContain('eyJhbGci');
    expect(toDeskError('a string')).toMatchObject({ kind: 'internal' });
  });

  it("says what the desk's own SQLite store failing means, in fixed words that never carry SQLite's message (it may name the path)", () => {
    // As libsql throws them: name SqliteError, a code, and a message with whatever SQLite said.
    const sqlite = (code: string) =>
      Object.assign(new Error(`${code}: /home/olga/.config/Kriptomat Desk/desk.sqlite failed`), { name: 'SqliteError', code });
    const full = toDeskError(sqlite('SQLITE_FULL'));
    expect(full).toEqual({
      kind: 'internal',
      message: "The desk's own database could not be written: the disk is full. Free some space, then try again.",
    });
    expect(toDeskError(sqlite('SQLITE_BUSY')).message).toMatch(/another Kriptomat Desk using the same data folder/);
    expect(toDeskError(sqlite('SQLITE_BUSY_SNAPSHOT')).message).toMatch(/another Kriptomat Desk/);
    expect(toDeskError(sqlite('SQLITE_IOERR_WRITE')).message).toMatch(/a disk error/);
    expect(toDeskError(sqlite('SQLITE_READONLY')).message).toMatch(/may write to its data folder/);
    expect(toDeskError(sqlite('SQLITE_CORRUPT')).message).toMatch(/damaged/);
    for (const code of ['SQLITE_FULL', 'SQLITE_BUSY', 'SQLITE_IOERR_WRITE', 'SQLITE_CORRUPT'])
      expect(toDeskError(sqlite(code)).message).not.toMatch(/olga|desk\.sqlite/);
    // A prefix is a whole code, not the start of another (SQLITE_FULLNESS is none of ours), and other codes stay internal.
    expect(toDeskError(sqlite('SQLITE_FULLNESS')).message).toBe('Something went wrong inside the desk.');
    expect(toDeskError(sqlite('SQLITE_CONSTRAINT_UNIQUE')).message).toBe('Something went wrong inside the desk.');
  });

  it('camel-cases unknown API field names', () => {
    expect(bridgeFieldName('building_number')).toBe('buildingNumber');
    expect(bridgeFieldName('iban')).toBe('iban');
  });
});
