// Types for build/native-addons.mjs, for the tests.
import type { FuseHookContext } from './fuses.mjs';

export declare function libsqlPackage(platform: string, arch: string): string;
export declare function binaryArchs(bytes: Buffer): string[];
export declare function resourcesDir(context: FuseHookContext): string;
export declare function checkNativeAddons(context: FuseHookContext): Promise<void>;
