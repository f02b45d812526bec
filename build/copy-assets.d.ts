// Types for build/copy-assets.js, which runs as plain JavaScript right after tsc.
export interface Asset {
  /** The source module that references the file, relative to the repository root. */
  module: string;
  /** The file, absolute. */
  from: string;
  /** Where the compiled module looks for it, absolute, under dist/. */
  to: string;
}
export declare function assetsOf(root?: string): Asset[];
export declare const REFERENCE: RegExp;
export declare const MODULE: RegExp;
