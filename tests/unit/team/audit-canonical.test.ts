import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, auditCanonicalForm, auditRowHash } from '../../../main/store/postgres/audit-chain';

const row = {
  id: 12,
  atMicros: '1736931600123456',
  operator: 'alice',
  osUser: 'zoë',
  environment: null,
  action: 'order.buy',
  summary: 'Buy 25.00 EUR\nof btceur',
  outcome: 'ok',
  detail: null,
};

describe('audit canonical form', () => {
  it('is length-prefixed in UTF-8 bytes, NULL written as name!, one newline per field', () => {
    expect(auditCanonicalForm(row)).toBe(
      'kriptomat-desk-audit/1\nid=2:12\nat_us=16:1736931600123456\noperator=5:alice\nos_user=4:zoë\nenvironment!\n' +
        'action=9:order.buy\nsummary=23:Buy 25.00 EUR\nof btceur\noutcome=2:ok\ndetail!\n',
    );
  });

  it('cannot be confused by text that looks like the next field', () => {
    const forged = { ...row, summary: 'x\noutcome=2:ok', outcome: 'error' };
    expect(auditCanonicalForm(forged)).not.toBe(auditCanonicalForm({ ...row, summary: 'x' }));
    expect(auditCanonicalForm({ ...row, detail: '' })).not.toBe(auditCanonicalForm(row));
  });

  it('hashes the previous hash followed by the canonical form', () => {
    const expected = createHash('sha256')
      .update(Buffer.concat([AUDIT_GENESIS_HASH, Buffer.from(auditCanonicalForm(row), 'utf8')]))
      .digest();
    expect(auditRowHash(AUDIT_GENESIS_HASH, row).equals(expected)).toBe(true);
    expect(auditRowHash(Buffer.alloc(32, 1), row).equals(expected)).toBe(false);
  });
});
