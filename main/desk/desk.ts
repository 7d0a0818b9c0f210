// createDesk: the composition root's entry. The Electron app, the browser
// harness, tests and benches call it with a user-data directory; it opens the
// host (host.ts: settings, vault, event bus, the workspace choice) and has it
// build each workspace's desk (workspace-desk.ts).
import { hostDesk, type Desk } from './host';
import type { DeskInternals, DeskOptions } from './options';
import { createWorkspaceDesk } from './workspace-desk';

/**
 * The desk the transports see: its handlers and event bus stay the same while
 * Settings → Workspace moves it between Solo and Team, each workspace a desk
 * of its own built by `createWorkspaceDesk`.
 */
export function createDesk(opts: DeskOptions, internals: DeskInternals = {}): Promise<Desk> {
  return hostDesk(opts, internals, (parts) => createWorkspaceDesk(opts, internals, parts));
}
