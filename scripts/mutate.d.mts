/** Types of scripts/mutate.mjs, for its tests. */
export interface MutationGroup { name: string; mutate: string[]; tests: string[] }
export function groupFiles(files: string[], groups?: MutationGroup[]): (MutationGroup & { files: string[] })[];
