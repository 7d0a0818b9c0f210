// The layer rules of main/ (eslint.layers.js): each wrong arrow fails lint, each
// right one passes. Linted as text under the file's would-be path, so the test
// needs no such file on disk.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layersConfig } from '../../../eslint.layers.js';

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { '@typescript-eslint': tseslint.plugin } },
    ...layersConfig,
  ],
});

async function refused(filePath: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  expect(messages.filter((m) => m.ruleId !== '@typescript-eslint/no-restricted-imports')).toEqual([]);
  return messages.length > 0;
}

describe('layer lint', () => {
  it.each([
    ['main/store/port.ts', "import type { JournalRow } from './sqlite/order-journal';"],
    ['main/store/router.ts', "import { openTeamStore } from './postgres/team-store';"],
    ['main/store/sqlite/adapter.ts', "import { TeamSql } from '../postgres/connection';"],
    ['main/store/postgres/transactions.ts', "import { CSV_COLUMNS } from '../sqlite/transaction-cache';"],
    ['main/store/postgres/adapter.ts', "import type { ServiceContext } from '../../services/common/context';"],
    ['main/services/orders/send.ts', "import { TeamStore } from '../../store/postgres/team-store';"],
    ['main/services/users/users.ts', "import type { Store } from '../../store/sqlite';"],
    ['main/services/orders/orders.ts', "import { buildDesk } from '../../desk/desk';"],
    ['main/services/runtime/runtime.ts', "import type { ServiceContext } from '../common/context';"],
    ['main/services/common/views.ts', "import { orderView } from '../orders/orders';"],
    ['main/services/common/context.ts', "import type { TeamStore } from '../../store/postgres/team-store';"],
    ['main/kriptomat/client.ts', "import { ordersHandlers } from '../services/orders/orders';"],
    ['main/session/session.ts', "import type { DeskHost } from '../desk/host';"],
    ['main/desk/desk.ts', "import { createOperator } from '../team-admin/operators';"],
    ['main/electron/index.ts', "import { startDevCluster } from '../team-admin/dev-cluster';"],
  ])('refuses in %s: %s', async (file, line) => {
    expect(await refused(file, line)).toBe(true);
  });

  it.each([
    ['main/store/sqlite/adapter.ts', "import type { DeskStorePort } from '../port';"],
    ['main/store/postgres/journal.ts', "import { canMove } from '../journal-transitions';"],
    ['main/services/orders/send.ts', "import type { DeskStorePort } from '../../store/port';"],
    ['main/desk/desk.ts', "import { openStore } from '../store/sqlite';"],
    ['main/services/common/context.ts', "import type { ProfileRuntime } from '../runtime/runtime';"],
    ['main/services/runtime/rate-poller.ts', "import { mapBounded } from './concurrency';"],
    ['main/services/orders/send.ts', "import type { ServiceContext } from '../common/context';"],
    ['main/team-admin/cli.ts', "import { initTeamDb } from '../store/postgres/migrate';"],
  ])('lets %s import %s', async (file, line) => {
    expect(await refused(file, line)).toBe(false);
  });
});
