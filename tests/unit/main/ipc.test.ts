import { describe, expect, it } from 'vitest';
import { deskMethodNames, type DeskHandlers } from '../../../shared/desk-api';
import { createDispatcher } from '../../../main/ipc';

function recordingHandlers(): { handlers: DeskHandlers; seen: string[] } {
  const seen: string[] = [];
  const handlers = Object.fromEntries(
    deskMethodNames.map((name) => [
      name,
      async (input: unknown) => {
        seen.push(name);
        if (name === 'users.open') throw Object.assign(new Error('boom'), { secret: 'x' });
        return { name, input };
      },
    ]),
  ) as unknown as DeskHandlers;
  return { handlers, seen };
}

const toDeskError = (error: unknown) => ({
  kind: 'internal' as const,
  message: error instanceof Error ? `mapped: ${error.message}` : 'mapped',
});

describe('createDispatcher', () => {
  it('calls the named handler with the parsed input', async () => {
    const { handlers, seen } = recordingHandlers();
    const dispatch = createDispatcher(handlers, toDeskError);
    const result = await dispatch('orders.place', {
      profileId: 'local-sandbox',
      userId: 2,
      side: 'buy',
      pair: 'btceur',
      amount: ' 25.00 ',
    });
    expect(result).toEqual({
      ok: true,
      value: { name: 'orders.place', input: { profileId: 'local-sandbox', userId: 2, side: 'buy', pair: 'btceur', amount: '25.00' } },
    });
    expect(seen).toEqual(['orders.place']);
  });

  it('refuses an order that does not say which environment it was written for', async () => {
    const { handlers, seen } = recordingHandlers();
    const dispatch = createDispatcher(handlers, toDeskError);
    const place = await dispatch('orders.place', { userId: 2, side: 'buy', pair: 'btceur', amount: '25.00' });
    const withdraw = await dispatch('orders.withdraw', { profileId: 'Not A Profile!', userId: 2, bankAccountId: 3, amount: '25.00' });
    for (const result of [place, withdraw]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatchObject({ kind: 'invalid_input', fieldErrors: { profileId: [expect.any(String)] } });
    }
    expect(seen).toEqual([]);
  });

  it('refuses unknown methods, including prototype names', async () => {
    const { handlers, seen } = recordingHandlers();
    const dispatch = createDispatcher(handlers, toDeskError);
    for (const name of ['nope', 'constructor', '__proto__', 'toString']) {
      const result = await dispatch(name, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.kind).toBe('invalid_input');
    }
    expect(seen).toEqual([]);
  });

  it('maps handler failures through toDeskError', async () => {
    const dispatch = createDispatcher(recordingHandlers().handlers, toDeskError);
    expect(await dispatch('users.open', { userId: 1 })).toEqual({ ok: false, error: { kind: 'internal', message: 'mapped: boom' } });
  });

  // Every bridge method rejects malformed input with a clear error, before any handler runs.
  it.each(deskMethodNames)('%s rejects malformed input without calling its handler', async (name) => {
    const { handlers, seen } = recordingHandlers();
    const dispatch = createDispatcher(handlers, toDeskError);
    for (const bad of [null, 'text', 42, [], { unexpected: true, userId: -1, profileId: '../x', pair: 'BTC/EUR', amount: 5 }]) {
      const result = await dispatch(name, bad);
      expect(result.ok, `${name} accepted ${JSON.stringify(bad)}`).toBe(false);
      if (!result.ok) {
        expect(result.error.kind).toBe('invalid_input');
        expect(result.error.message).toMatch(new RegExp(`^Invalid input for ${name.replace('.', '\\.')}: `));
        expect(Object.keys(result.error.fieldErrors ?? {}).length).toBeGreaterThan(0);
      }
    }
    expect(seen).toEqual([]);
  });

  it('names the offending fields', async () => {
    const dispatch = createDispatcher(recordingHandlers().handlers, toDeskError);
    const result = await dispatch('orders.withdraw', { profileId: 'local-sandbox', userId: 1.5, bankAccountId: 0, amount: '' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.error.fieldErrors ?? {}).sort()).toEqual(['amount', 'bankAccountId', 'userId']);
  });
});
