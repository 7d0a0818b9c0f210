// The team database's password lives in the vault (the OS keychain, or memory
// when there is none) under its own entry, never in the settings file. Custom
// profile ids are `custom-…` and the built-in ones are fixed, so this id never
// meets a profile's secrets.
import type { Vault } from '../../vault';

export const WORKSPACE_SECRET_ID = 'team-workspace';

/** Main only: the stored password, for connecting. */
export async function storedWorkspacePassword(vault: Vault): Promise<string | undefined> {
  return (await vault.getSecrets(WORKSPACE_SECRET_ID)).password;
}

export async function hasWorkspacePassword(vault: Vault): Promise<boolean> {
  return (await vault.hasSecrets(WORKSPACE_SECRET_ID)).password;
}

export function storeWorkspacePassword(vault: Vault, password: string): Promise<void> {
  return vault.setSecrets(WORKSPACE_SECRET_ID, { password });
}

export function forgetWorkspacePassword(vault: Vault): Promise<void> {
  return vault.clearSecrets(WORKSPACE_SECRET_ID, ['password']);
}
