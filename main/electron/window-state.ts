// Remembers the window's size and position between launches, in the user-data
// directory, and refuses bounds that would put the window off every screen.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const boundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(800).max(10000),
  height: z.number().int().min(560).max(10000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof boundsSchema>;

export const DEFAULT_WINDOW_STATE: Omit<WindowState, 'x' | 'y'> = { width: 1360, height: 860, maximized: false };

export function loadWindowState(userDataDir: string): WindowState | undefined {
  try {
    const parsed = boundsSchema.safeParse(JSON.parse(readFileSync(join(userDataDir, 'window-state.json'), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function saveWindowState(userDataDir: string, state: WindowState): void {
  const path = join(userDataDir, 'window-state.json');
  writeFileSync(`${path}.tmp`, JSON.stringify(state), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** True when at least 100×100 pixels of the window fall on some display. */
export function isVisibleOn(state: Area, displays: readonly Area[]): boolean {
  return displays.some((d) => {
    const w = Math.min(state.x + state.width, d.x + d.width) - Math.max(state.x, d.x);
    const h = Math.min(state.y + state.height, d.y + d.height) - Math.max(state.y, d.y);
    return w >= 100 && h >= 100;
  });
}
