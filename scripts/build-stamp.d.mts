/** Types of scripts/build-stamp.mjs, for the tests that run the built CLI. */
export const STAMP_PATH: string;
export function sourceHashes(root?: string): [string, string][];
export function checkBuildStamp(root?: string, stampPath?: string): string | null;
export function writeBuildStamp(root?: string, stampPath?: string): void;
