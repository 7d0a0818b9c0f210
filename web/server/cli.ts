// `npm run desk:web`: main's services in plain Node, served to a browser tab.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDesk } from '../../main/desk/desk';
import { toDeskError } from '../../main/errors';
import { createDispatcher } from '../../main/ipc';
import { parseLaunchOptions } from '../../main/desk/launch-options';
import { isLoopbackHost } from './security';
import { startHarness } from './harness';

const root = resolve(import.meta.dirname, '../..');

async function main(): Promise<void> {
  const options = parseLaunchOptions(process.argv.slice(2));
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`The harness only listens on loopback (127.0.0.1, localhost or ::1), not on ${host}.`);
  const userDataDir = resolve(options.userDataDir ?? join(homedir(), '.config', 'kriptomat-desk-web'));
  mkdirSync(userDataDir, { recursive: true, mode: 0o700 });

  const desk = await createDesk({ ...options, userDataDir });
  const harness = await startHarness({
    dispatch: createDispatcher(desk.handlers, toDeskError),
    events: desk.events,
    rendererDir: join(root, 'out/renderer'),
    preloadFile: join(root, 'out/web/preload.js'),
    host,
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  await desk.ready;
  // The e2e fixture and people wait for exactly this line.
  console.log(`Desk ready at ${harness.url}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await harness.close();
    await desk.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`desk:web could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
