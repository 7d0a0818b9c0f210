// Types for eslint.layers.js, which the lint config loads as plain JS and a unit test imports.
import type { Linter } from 'eslint';

export declare const foundationFiles: string[];
export declare const layersConfig: Linter.Config[];
