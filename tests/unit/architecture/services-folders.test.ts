// main/services/ is one folder per area of the bridge, each small enough to read
// in one sitting (issue 18: at most about ten files), with the area's own
// `<area>.ts` beside its helpers. A folder that outgrows this should split.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVICES = resolve(import.meta.dirname, '../../../main/services');
const MAX_FILES = 10;

describe('main/services', () => {
  const folders = readdirSync(SERVICES).filter((name) => statSync(join(SERVICES, name)).isDirectory());

  it('holds only folders, one per area', () => {
    expect(readdirSync(SERVICES).filter((name) => !folders.includes(name))).toEqual([]);
    expect(folders.length).toBeGreaterThan(5);
  });

  it.each(folders)(`%s has at most ${MAX_FILES} files`, (folder) => {
    expect(readdirSync(join(SERVICES, folder)).length).toBeLessThanOrEqual(MAX_FILES);
  });
});
