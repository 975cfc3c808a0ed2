/** Types of scripts/lint-actions.mjs, for its tests. */
export function workflowFiles(root?: string): string[];
export function validateFile(file: string, root?: string): { code: number; output: string };
