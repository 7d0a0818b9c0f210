// Two desks in one team for an e2e flow: one throwaway PostgreSQL cluster
// (initialised, one login per operator), one sandbox shared by both desks, and
// per operator a harness process started with `--team-db` as that login, shown
// in its own browser context and signed in to a custom profile on the shared
// sandbox. The desks' Local sandboxes are private to each desk and never shared,
// so the shared profile is what puts both desks on one environment.
//
// Everything started here is stopped again by `close()`, also when the start
// fails half way.
import type { Browser, Page } from '@playwright/test';
import pg from 'pg';
import { startDevCluster } from '../../../main/team-admin/dev-cluster';
import { initTeamDb } from '../../../main/store/postgres/migrate';
import type { TeamRole } from '../../../main/store/postgres/migrate';
import { createOperator } from '../../../main/team-admin/operators';
import { findPostgresBinDir } from '../../../main/team-admin/pg-binaries';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox/server';
import { advanceSandboxClock, partnerCredentials } from '../../support/sandbox';
import { screens, type Screens } from '../pages';
import { deskCall } from './bridge';
import { expect, test } from './fixtures';
import { prepareLaunch, startHarnessProcess } from './launch';
import { skipWithReason } from './skip';

/**
 * How long a live update may take to show on the other desk. The issue asks for
 * "within a second" (bench/team.bench.ts measures it); this deadline leaves room
 * for a busy test machine and is still far short of anything but a live update.
 */
export const LIVE_MS = 3_000;

/** Skips the running test, saying why, where team desks cannot run: outside the browser project, or without PostgreSQL. */
export function skipUnlessTeamDesks(): void {
  skipWithReason(test.info().project.name !== 'browser', 'the two desks are harness processes shown in browser contexts');
  skipWithReason(
    findPostgresBinDir() === null,
    'no PostgreSQL server programs (initdb, pg_ctl) on this machine; scripts/system-deps.sh installs them',
  );
}

/** The custom profile both desks use for the shared sandbox. */
export const SHARED_PROFILE = 'Team sandbox';

export interface TeamDesk {
  /** The operator's database login, which the desk's status bar names. */
  operator: string;
  page: Page;
  s: Screens;
}

/** An operator by name (role operator), or with the group role their login gets. */
export type TeamOperator = string | { name: string; role: TeamRole };

export interface TeamDesks {
  desks: TeamDesk[];
  sandbox: RunningSandbox;
  /** Calls the shared sandbox's control endpoints (POST with a body). */
  control(path: string, body: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export async function startTeamDesks(
  browser: Browser,
  team: readonly TeamOperator[],
  sandboxOptions: SandboxOptions = {},
): Promise<TeamDesks> {
  const logins = team.map((t) => (typeof t === 'string' ? { name: t, role: 'operator' as const } : t));
  const operators = logins.map((l) => l.name);
  // Undone in reverse order by close(), whatever was reached.
  const undo: Array<() => Promise<void> | void> = [];
  const close = async (): Promise<void> => {
    const steps = undo.splice(0).reverse();
    let first: unknown = null;
    // Every step runs, even after one failed: a harness left running would outlive the test.
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        first ??= error;
      }
    }
    if (first) throw first;
  };
  try {
    const cluster = await startDevCluster();
    // Should the worker end without close(), the cluster still goes.
    const onExit = (): void => cluster.stopNow();
    process.once('exit', onExit);
    undo.push(async () => {
      process.off('exit', onExit);
      await cluster.stop();
    });
    const passwords = new Map(operators.map((name) => [name, `pw-${name}-e2e-0123456789`]));
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    try {
      await initTeamDb(admin);
      for (const { name, role } of logins) await createOperator(admin, { name, role, password: passwords.get(name)! });
    } finally {
      await admin.end();
    }

    const sandbox = await startSandbox({ port: 0, seed: 7, ...sandboxOptions });
    undo.push(() => sandbox.close());

    // The harness processes start side by side (all settled before a failure is thrown,
    // so close() finds every one that started); the sign-ins below go one at a time.
    const settled = await Promise.allSettled(
      operators.map(async (operator): Promise<TeamDesk> => {
        const launch = await prepareLaunch(['--team-db', cluster.urlFor(operator, passwords.get(operator)!)]);
        undo.push(() => launch.cleanup());
        const harness = await startHarnessProcess(launch);
        undo.push(() => harness.stop());
        const context = await browser.newContext();
        undo.push(() => context.close());
        const page = await context.newPage();
        await page.goto(harness.url);
        return { operator, page, s: screens(page) };
      }),
    );
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const started = settled.map((r) => (r as PromiseFulfilledResult<TeamDesk>).value);

    for (const desk of started) {
      await desk.s.shell.ready();
      const profile = await deskCall(desk.page, 'profiles.addCustom', { name: SHARED_PROFILE, baseUrl: sandbox.url });
      await deskCall(desk.page, 'profiles.saveCredentials', partnerCredentials(profile.id, sandbox.partner));
      // The sandbox takes one login per TOTP step: a step on, the next desk signs in at once.
      await advanceSandboxClock(sandbox, 30);
      await deskCall(desk.page, 'profiles.select', { profileId: profile.id });
      await expect(desk.s.shell.environment).toContainText(SHARED_PROFILE);
      await expect(desk.s.shell.sessionState).toHaveText('Signed in');
    }

    return {
      desks: started,
      sandbox,
      async control(path, body) {
        const response = await fetch(`${sandbox.origin}/__sandbox/${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
        return response.json() as Promise<unknown>;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
