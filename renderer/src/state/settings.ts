// Operator settings; the theme is applied to <html data-theme> so CSS variables
// switch, with "auto" deferring to prefers-color-scheme in the stylesheet.
import { create } from 'zustand';
import type { SettingsView } from '../../../shared/desk-api';
import { call, describeError } from '../bridge';

interface SettingsState {
  settings: SettingsView | null;
  error: string | null;
}

export const useSettings = create<SettingsState>()(() => ({ settings: null, error: null }));

export function applyTheme(theme: SettingsView['theme']): void {
  document.documentElement.dataset.theme = theme;
}

export function setSettings(settings: SettingsView): void {
  useSettings.setState({ settings, error: null });
  applyTheme(settings.theme);
}

export async function loadSettings(): Promise<void> {
  try {
    setSettings(await call((d) => d.settings.get({})));
  } catch (error) {
    useSettings.setState({ error: describeError(error) });
  }
}
