// A team database for one spec file: a throwaway PostgreSQL cluster, set up on
// first use with the desk's schema and the logins asked for, and every desk of
// the file started with `--team-db` as the first login. Without PostgreSQL's
// server programs the desks start Solo and the tests skip (skipWithReason).
// Call at the top of a file or a describe block: it registers test.use and afterAll.
import type { Page } from '@playwright/test';
import { startDevCluster, type DevCluster } from '../../../main/team-admin/dev-cluster';
import { initTeamDb, type TeamRole } from '../../../main/store/postgres/migrate';
import { createOperator } from '../../../main/team-admin/operators';
import { noPostgres, withClient } from '../../integration/team/support';
import { screens } from '../pages';
import { deskCall } from './bridge';
import { expect, test, type DeskFixture } from './fixtures';
import { addSandboxCopy } from './sandbox-copy';
import { skipWithReason } from './skip';

export interface TeamLogin {
  name: string;
  role: TeamRole;
  password: string;
}

export interface TeamCluster {
  /** The running cluster (after a desk of the file started). */
  readonly cluster: DevCluster;
  /** A login's URL on the file's database. */
  urlFor(login: TeamLogin): string;
}

export function useTeamCluster(logins: readonly [TeamLogin, ...TeamLogin[]]): TeamCluster {
  let cluster: DevCluster | null = null;
  let setUp: Promise<string> | null = null;
  const teamDbUrl = (): Promise<string> =>
    (setUp ??= (async () => {
      const started = await startDevCluster();
      cluster = started;
      await withClient(started.url, async (c) => {
        await initTeamDb(c);
        for (const login of logins) await createOperator(c, login);
      });
      return started.urlFor(logins[0].name, logins[0].password);
    })());
  // Playwright reads a fixture's dependencies from its first parameter: it must be an object pattern, here an empty one.
  // eslint-disable-next-line no-empty-pattern
  test.use({ deskArgs: async ({}, use) => use(noPostgres ? [] : ['--team-db', await teamDbUrl()]) });
  test.afterAll(async () => cluster?.stop());
  const running = (): DevCluster => {
    if (!cluster) throw new Error('The team cluster starts with the first desk of the file.');
    return cluster;
  };
  return {
    get cluster() {
      return running();
    },
    urlFor: (login) => running().urlFor(login.name, login.password),
  };
}

/** A shared environment on the desk's own sandbox (a custom profile: the Local sandbox never uses the team database), selected and signed in. */
export async function useSharedProfile(page: Page, desk: DeskFixture): Promise<{ profileId: string; baseUrl: string; clientId: number }> {
  const added = await addSandboxCopy(page, desk, 'Team loopback');
  // A fresh TOTP step for the new sign-in.
  await desk.sandbox('/__sandbox/clock', { body: { advance_seconds: 30 } });
  await deskCall(page, 'profiles.select', { profileId: added.profileId });
  await expect(screens(page).shell.sessionState).toHaveText(/Signed in/);
  return added;
}

/**
 * The start of a test on a team desk: skipped (saying why) without PostgreSQL, a
 * cluster's time allowed, the shell ready and a shared profile signed in.
 */
export async function startOnSharedProfile(
  desk: DeskFixture,
): Promise<{ page: Page; s: ReturnType<typeof screens>; baseUrl: string; clientId: number }> {
  skipWithReason(noPostgres, 'no PostgreSQL server programs (initdb, pg_ctl) on this machine; scripts/system-deps.sh installs them');
  test.setTimeout(120_000);
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  const { baseUrl, clientId } = await useSharedProfile(page, desk);
  return { page, s, baseUrl, clientId };
}
