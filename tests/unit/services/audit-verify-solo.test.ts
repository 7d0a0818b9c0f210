// audit.verify where the trail has no hash chain (Solo, the Local sandbox): refused in
// words, and nothing recorded — the old "OK" entry vouched for a check never made.
import { describe, expect, it } from 'vitest';
import { toDeskError } from '../../../main/errors';
import { createAuditHandlers } from '../../../main/services/audit/audit';
import { AUDIT_NOT_CHAINED_WORDS } from '../../../shared/audit-actions';
import { fakeContext } from './fakes';

describe('audit.verify on a trail without a chain', () => {
  it('is refused in words and leaves no entry in the trail', async () => {
    const { ctx, store } = fakeContext({});
    const verify = createAuditHandlers(ctx)['audit.verify'];
    const refused = await verify({}).then(
      () => null,
      (error: unknown) => toDeskError(error),
    );
    expect(refused).toEqual({ kind: 'forbidden', message: AUDIT_NOT_CHAINED_WORDS });
    expect(store.audit).toEqual([]);
  });
});
