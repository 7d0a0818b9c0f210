// Desks in the Team workspace for integration tests: each desk gets the team
// database URL and a custom loopback profile pointing at one shared sandbox
// (started here, not by a desk, so several desks can use it), signed in.
import { afterAll, beforeAll } from 'vitest';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import type { TeamRole } from '../../../main/store/postgres/migrate';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { eventually, startDesk, type DeskHarness, type StartOptions } from '../services/harness';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, startCluster } from './support';

export const TEAM_PROFILE_NAME = 'Team sandbox';

/**
 * Every desk signs in as the sandbox's one partner, and a TOTP step works for one
 * login only: moving the sandbox clock on a step first lets the next login go at
 * once (the refusal's Date header tells the desk the new time) instead of waiting
 * up to 30 s.
 */
export async function nextTotpStep(sandbox: RunningSandbox): Promise<void> {
  const response = await fetch(`${sandbox.origin}/__sandbox/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ advance_seconds: 30 }),
  });
  if (!response.ok) throw new Error(`sandbox clock: ${response.status}`);
}

/** A desk on `teamDbUrl`, switched to a custom profile for `sandbox` and signed in there; returns the profile id too. */
export async function startTeamDesk(
  sandbox: RunningSandbox,
  teamDbUrl: string,
  options: StartOptions = {},
): Promise<{ h: DeskHarness; profileId: string }> {
  // The Local sandbox is the same simulator, so its origin helpers (state, faults) serve the custom profile too.
  await nextTotpStep(sandbox);
  const h = await startDesk({ ...options, teamDbUrl, externalSandbox: { url: sandbox.url, partner: sandbox.partner } });
  return { h, profileId: await useSharedProfile(h, sandbox) };
}

/** Adds a custom (shared) profile for `sandbox` with its partner's credentials, switches to it and waits until signed in. */
export async function useSharedProfile(h: DeskHarness, sandbox: RunningSandbox): Promise<string> {
  const { partner } = sandbox;
  const profile = await h.call('profiles.addCustom', { name: TEAM_PROFILE_NAME, baseUrl: sandbox.url });
  await h.call('profiles.saveCredentials', {
    profileId: profile.id,
    email: partner.email,
    clientId: partner.client_id,
    password: partner.password,
    clientSecret: partner.client_secret,
    totpSecret: partner.totp_secret,
  });
  await nextTotpStep(sandbox);
  await h.call('profiles.select', { profileId: profile.id });
  await eventually(async () => (await h.call('session.status', {})).state === 'active', 15_000);
  return profile.id;
}

export interface TeamDesk {
  cluster: DevCluster;
  /** The superuser URL of the file's team database. */
  adminUrl: string;
  sandbox: RunningSandbox;
  h: DeskHarness;
  /** The desk's shared profile. */
  profileId: string;
  login: { name: string; url: string };
}

/**
 * For one test file: a cluster with a fresh team database, one sandbox, and one desk
 * signed in to it as a login of `role` named after `prefix`. Filled in by beforeAll
 * (later beforeAll hooks of the file see it ready), stopped by afterAll.
 */
export function useOneTeamDesk(prefix: string, role: TeamRole = 'operator'): TeamDesk {
  const t = {} as TeamDesk;
  beforeAll(async () => {
    t.cluster = await startCluster();
    t.adminUrl = await freshDatabase(t.cluster);
    t.login = await addLogin(t.cluster, t.adminUrl, prefix, role);
    t.sandbox = await startSandbox({ seed: 7 });
    ({ h: t.h, profileId: t.profileId } = await startTeamDesk(t.sandbox, t.login.url));
  }, CLUSTER_TIMEOUT_MS);
  afterAll(async () => {
    await t.h?.close();
    await t.sandbox?.close();
    await t.cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);
  return t;
}

export interface TeamDesks {
  cluster: DevCluster;
  /** The superuser URL of the file's team database. */
  adminUrl: string;
  sandbox: RunningSandbox;
  a: DeskHarness;
  b: DeskHarness;
  /** Each desk's shared profile (one environment, two ids). */
  profileA: string;
  profileB: string;
  loginA: { name: string; url: string };
  loginB: { name: string; url: string };
}

/**
 * For one test file: a cluster with a fresh team database, one sandbox, and two desks
 * signed in to it as logins in `roles` (A first), each started with `options` (B with `optionsB` when given).
 * Filled in by beforeAll, stopped by afterAll.
 */
export function useTwoTeamDesks(
  roles: { a: TeamRole; b: TeamRole } = { a: 'operator', b: 'operator' },
  options: StartOptions = {},
  optionsB: StartOptions = options,
): TeamDesks {
  const t = {} as TeamDesks;
  beforeAll(async () => {
    t.cluster = await startCluster();
    t.adminUrl = await freshDatabase(t.cluster);
    t.loginA = await addLogin(t.cluster, t.adminUrl, 'alice', roles.a);
    t.loginB = await addLogin(t.cluster, t.adminUrl, 'bob', roles.b);
    t.sandbox = await startSandbox({ seed: 7 });
    ({ h: t.a, profileId: t.profileA } = await startTeamDesk(t.sandbox, t.loginA.url, options));
    ({ h: t.b, profileId: t.profileB } = await startTeamDesk(t.sandbox, t.loginB.url, optionsB));
  }, CLUSTER_TIMEOUT_MS);
  afterAll(async () => {
    await t.a?.close();
    await t.b?.close();
    await t.sandbox?.close();
    await t.cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);
  return t;
}
