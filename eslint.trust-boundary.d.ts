// Types for eslint.trust-boundary.js, which the lint config loads as plain JS and a unit test imports.
import type { Linter } from 'eslint';

export declare const untrustedPageFiles: string[];
export declare const rawIpcAllowedFiles: string[];
export declare const trustBoundaryConfig: Linter.Config[];
