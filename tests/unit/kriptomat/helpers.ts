// Shared set-up for client unit tests: a stub server and a client whose waits are recorded, not slept.
import { createKriptomatClient, type KriptomatClient, type KriptomatClientOptions } from '../../../main/kriptomat/client';
import { silentLogger } from '../../../main/log';
import { startStubServer, type StubHandler, type StubServer } from '../../support/stub-server';

export interface ClientRig {
  stub: StubServer;
  client: KriptomatClient;
  sleeps: number[];
}

export async function clientRig(handler: StubHandler, options: Partial<KriptomatClientOptions> = {}, basePath = '/v1'): Promise<ClientRig> {
  const stub = await startStubServer(handler);
  const sleeps: number[] = [];
  const client = createKriptomatClient({
    baseUrl: stub.origin + basePath,
    logger: silentLogger,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    ...options,
  });
  return { stub, client, sleeps };
}

export const TOKEN = 'tok-abc';

export const sampleTransaction = {
  id: 128,
  user_id: 2,
  type: 'buy',
  amount: 0.0623414132,
  pair: 'btceur',
  price: 2341.67,
  date: '2018-11-27T13:46:22.658',
  state: 'success',
  fee: 2,
  subtotal: 98,
  total: 100,
};
