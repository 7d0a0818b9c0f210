import { describe, expect, it } from 'vitest';
import { parseChange } from '../../../main/store/postgres/listener';

describe('change notifications', () => {
  it('reads the payloads the triggers send', () => {
    expect(parseChange('{"table":"orders","op":"update","environment":"e","id":"u-1","state":"accepted"}')).toEqual({
      table: 'orders',
      op: 'update',
      environment: 'e',
      id: 'u-1',
      state: 'accepted',
    });
    expect(parseChange('{"table":"transactions","op":"insert","environment":"e","count":3}')).toEqual({
      table: 'transactions',
      op: 'insert',
      environment: 'e',
      count: 3,
    });
    expect(parseChange('{"table":"approvals","op":"insert","environment":"e","id":"o-1"}')).toEqual({
      table: 'approvals',
      op: 'insert',
      environment: 'e',
      id: 'o-1',
    });
    expect(parseChange('{"table":"approval_rules","op":"delete","environment":"e","id":"4"}')).toEqual({
      table: 'approval_rules',
      op: 'delete',
      environment: 'e',
      id: '4',
    });
    expect(parseChange('{"table":"account_changes","op":"update","environment":"e","id":"c-1","state":"done"}')).toEqual({
      table: 'account_changes',
      op: 'update',
      environment: 'e',
      id: 'c-1',
      state: 'done',
    });
  });

  it('drops anything else (anyone who may NOTIFY can send a payload)', () => {
    for (const payload of [
      undefined,
      '',
      'not json',
      '[]',
      'null',
      '{"table":"pg_authid","op":"insert"}',
      '{"table":"users","op":"delete"}',
      '{"table":"approvals","op":"delete"}',
      '{"table":"account_changes","op":"delete"}',
    ]) {
      expect(parseChange(payload)).toBeNull();
    }
  });
});
