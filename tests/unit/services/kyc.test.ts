import { describe, expect, it } from 'vitest';
import type { User } from '../../../shared/kriptomat';
import { createKycHandlers } from '../../../main/services/users/kyc';
import { fakeContext } from './fakes';

function user(kyc: string): User {
  return {
    email: 'a@b.c',
    name: 'A',
    surname: 'B',
    phone: '1',
    status: 'active',
    kyc_status: kyc,
    date_of_birth: null,
    address: null,
    building_number: null,
    city: null,
    postal_code: null,
    country: null,
  };
}

describe('kyc.import', () => {
  it('follows a pending import at the injected interval, emitting each change, until it is no longer pending', async () => {
    const answers = ['pending', 'pending', 'pending', 'pending', 'verified', 'verified'];
    let fetches = 0;
    const tokens: string[] = [];
    const { ctx, emitted, runtime, store } = fakeContext(
      {
        importKyc: async (_u, body) => void tokens.push(body.token),
        showUser: async () => user(answers[Math.min(fetches++, answers.length - 1)]!),
      },
      { kycFollowIntervalMs: 10 },
    );
    const first = await createKycHandlers(ctx)['kyc.import']({ userId: 4, token: 'share-token-123' });
    expect(first.kycStatus).toBe('pending');
    await runtime.idle();
    expect(fetches).toBe(5); // the import's own fetch, three pending polls, then verified
    const updates = emitted.filter((e) => e.name === 'users.updated').map((e) => (e.payload as { kycStatus: string }).kycStatus);
    expect(updates).toEqual(['pending', 'verified']);
    expect(tokens).toEqual(['share-token-123']);
    expect(store.audit[0]).toMatchObject({ action: 'kyc.import', outcome: 'ok' });
    expect(JSON.stringify(store.audit)).not.toContain('share-token-123');
    expect((await store.getUser('local-sandbox', 4))?.kycStatus).toBe('verified');
  });
});
