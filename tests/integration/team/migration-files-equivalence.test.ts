// Proof that moving the team migrations from TypeScript strings (schema*.ts) to
// numbered .sql files changed nothing: each file is the old string after its
// header comment, and a database built from the files dumps (pg_dump
// --schema-only) exactly like one built from the strings.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { initTeamDb } from '../../../main/store/postgres/migrate';
import { TEAM_MIGRATIONS as FROM_TS } from '../../../main/store/postgres/schema';
import { TEAM_MIGRATIONS as FROM_FILES } from '../../../main/store/postgres/migration-files';
import { findPostgresBinDir } from '../../../main/team-admin/pg-binaries';
import { CLUSTER_TIMEOUT_MS, freshDatabase, noPostgres, startCluster, withClient } from './support';

/** The file's text without its leading comment block. */
function body(sql: string): string {
  return sql.replace(/^(--[^\n]*\n)+/, '').trim();
}

function schemaDump(url: string): string {
  const out = execFileSync(join(findPostgresBinDir()!, 'pg_dump'), ['--schema-only', '--no-comments', url], { encoding: 'utf8' });
  // pg_dump 17.6+ brackets its output with a random \restrict key.
  return out.replace(/^\\(un)?restrict .*$/gm, '');
}

describe('team migrations as .sql files', () => {
  it('are the same SQL as the TypeScript strings, version for version', () => {
    expect(FROM_FILES.map((m) => m.version)).toEqual(FROM_TS.map((m) => m.version));
    FROM_FILES.forEach((m, i) => expect(body(m.sql)).toBe(FROM_TS[i]!.sql.trim()));
  });
});

describe.skipIf(noPostgres)('team migrations as .sql files on PostgreSQL', () => {
  let cluster: DevCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  }, CLUSTER_TIMEOUT_MS);
  afterAll(() => cluster?.stop(), CLUSTER_TIMEOUT_MS);

  it('build a database whose schema dump equals the one built from the TypeScript strings', async () => {
    const fromTs = await freshDatabase(cluster, { init: false });
    const fromFiles = await freshDatabase(cluster, { init: false });
    await withClient(fromTs, (c) => initTeamDb(c, FROM_TS));
    await withClient(fromFiles, (c) => initTeamDb(c, FROM_FILES));
    const expected = schemaDump(fromTs);
    expect(expected).toContain('CREATE FUNCTION desk.withdraw_proposal');
    expect(schemaDump(fromFiles)).toBe(expected);
  });
});
