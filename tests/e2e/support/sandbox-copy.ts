// A second environment on a desk's own sandbox: a custom profile with the demo
// partner's credentials, for tests that need a profile other than the Local
// sandbox (the team workspace shares every profile but that one).
import type { Page } from '@playwright/test';
import { startSandbox } from '../../../sandbox/server';
import { deskCall } from './bridge';
import type { DeskFixture } from './fixtures';

/** Adds the profile and stores its credentials (not selected); returns its id, base URL and the partner's client id. */
export async function addSandboxCopy(
  page: Page,
  desk: DeskFixture,
  name: string,
): Promise<{ profileId: string; baseUrl: string; clientId: number }> {
  // The demo partner is deterministic for a seed: a second sandbox tells the test its secrets.
  const probe = await startSandbox({ port: 0, seed: desk.launch.seed });
  const partner = probe.partner;
  await probe.close();
  const baseUrl = `${desk.launch.sandboxOrigin}/api/v1/partners`;
  const profile = await deskCall(page, 'profiles.addCustom', { name, baseUrl });
  await deskCall(page, 'profiles.saveCredentials', {
    profileId: profile.id,
    email: partner.email,
    clientId: partner.client_id,
    password: partner.password,
    clientSecret: partner.client_secret,
    totpSecret: partner.totp_secret,
  });
  return { profileId: profile.id, baseUrl, clientId: partner.client_id };
}
