// Types for build/fuses.mjs (the electron-builder afterPack hook), for the tests.
export declare const SENTINEL: string;
export declare const FAKE_ELECTRON_ENV: string;
export declare const FUSES: Readonly<{
  RunAsNode: boolean;
  EnableCookieEncryption: boolean;
  EnableNodeOptionsEnvironmentVariable: boolean;
  EnableNodeCliInspectArguments: boolean;
  EnableEmbeddedAsarIntegrityValidation: boolean;
  OnlyLoadAppFromAsar: boolean;
}>;

/** The subset of electron-builder's AfterPackContext the hook reads. */
export interface FuseHookContext {
  appOutDir: string;
  electronPlatformName: string;
  /** builder-util's Arch enum value (1 = x64, 3 = arm64) or its name. */
  arch: number | string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

export declare function electronBinaryPath(context: FuseHookContext): string;
export declare function fuseWireFile(binaryPath: string): string;
export declare function fuseConfig(electronPlatformName: string): Record<string, unknown>;
export declare function verifyFuses(binaryPath: string): Promise<string[]>;
export declare function afterPack(context: FuseHookContext): Promise<void>;
export default afterPack;
