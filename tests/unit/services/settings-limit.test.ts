// settings.update refuses a per-order limit of 0 at its field, in words, and leaves the
// limit in effect as it was (the bridge's EUR pattern alone lets "0" and "0.00" through).
import { describe, expect, it } from 'vitest';
import { toDeskError } from '../../../main/errors';
import { createSettingsHandlers } from '../../../main/services/profile/settings';
import { PER_ORDER_LIMIT_ZERO_WORDS } from '../../../shared/policy-limits';
import { fakeContext } from './fakes';

describe('settings.update and a per-order limit of 0', () => {
  it.each(['0', '0.00', '000.0'])('refuses %s at the limit field and keeps the limit', async (zero) => {
    const { ctx } = fakeContext({});
    const handlers = createSettingsHandlers(ctx);
    const refused = await handlers['settings.update']({ perOrderLimitEur: zero, pollingIntervalSeconds: 7 }).then(
      () => null,
      (error: unknown) => toDeskError(error),
    );
    expect(refused).toEqual({
      kind: 'validation',
      message: PER_ORDER_LIMIT_ZERO_WORDS,
      fieldErrors: { perOrderLimitEur: [PER_ORDER_LIMIT_ZERO_WORDS] },
    });
    expect(await handlers['settings.get']({})).toMatchObject({ perOrderLimitEur: '10000.00', pollingIntervalSeconds: 5 });
  });

  it('takes a limit of one cent', async () => {
    const { ctx } = fakeContext({});
    const handlers = createSettingsHandlers(ctx);
    expect(await handlers['settings.update']({ perOrderLimitEur: '0.01' })).toMatchObject({ perOrderLimitEur: '0.01' });
  });
});
