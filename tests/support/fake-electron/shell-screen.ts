// The fake shell (openExternal recorded, never opened) and screen (one 1920×1080
// display), the two small modules the window code reads.
import type { Display, Screen, Shell } from 'electron';

export class FakeShell implements Pick<Shell, 'openExternal'> {
  readonly opened: string[] = [];

  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  }
}

const display: Display = {
  accelerometerSupport: 'unknown',
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  colorDepth: 24,
  colorSpace: 'srgb',
  depthPerComponent: 8,
  detected: true,
  displayFrequency: 60,
  id: 1,
  internal: false,
  label: 'Fake display',
  maximumCursorSize: { width: 64, height: 64 },
  monochrome: false,
  nativeOrigin: { x: 0, y: 0 },
  rotation: 0,
  scaleFactor: 1,
  size: { width: 1920, height: 1080 },
  touchSupport: 'unknown',
  workArea: { x: 0, y: 40, width: 1920, height: 1040 },
  workAreaSize: { width: 1920, height: 1040 },
};

export class FakeScreen implements Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'> {
  getAllDisplays(): Display[] {
    return [structuredClone(display)];
  }

  getPrimaryDisplay(): Display {
    return structuredClone(display);
  }
}
