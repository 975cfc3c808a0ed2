import { appendFile, stat } from 'node:fs/promises';
import { fitMarkdown } from './fit-markdown.js';

/** GitHub drops a step summary of 1 MiB or more (the limit counts everything the step wrote). */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;

export interface StepSummaryResult {
  bytesWritten: number;
  truncated: boolean;
}

export interface AppendStepSummaryOptions {
  /** Limit for the whole file in bytes, kept strictly under; default 1 MiB. */
  limitBytes?: number;
  /** Says where the rest is when the plan had to be cut. */
  truncationNote?: string;
}

const DEFAULT_NOTE =
  '> **Plan truncated**: it is larger than a job summary allows (1 MiB). Save it with `skuform plan --out plan.json` and upload it as an artifact to keep all of it.';

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * Appends markdown (the full plan) to the step summary file, `$GITHUB_STEP_SUMMARY` (the path
 * is passed in). Other output the step already wrote counts against the same limit, so the
 * plan gets what is left and is cut, with a note, when it does not fit.
 */
export async function appendStepSummary(path: string, markdown: string, options: AppendStepSummaryOptions = {}): Promise<StepSummaryResult> {
  const limit = options.limitBytes ?? STEP_SUMMARY_LIMIT_BYTES;
  const existing = await sizeOf(path);
  // Strictly under the limit, and separated from what is already there by a blank line.
  const separator = existing > 0 ? '\n' : '';
  const content = markdown.endsWith('\n') ? markdown : `${markdown}\n`;
  const budget = limit - 1 - existing - separator.length;
  if (budget <= 0) return { bytesWritten: 0, truncated: true };
  const fitted = fitMarkdown(content, budget, options.truncationNote ?? DEFAULT_NOTE, 'utf8-bytes');
  const text = `${separator}${fitted.text}`;
  await appendFile(path, text, 'utf8');
  return { bytesWritten: Buffer.byteLength(text, 'utf8'), truncated: fitted.truncated };
}
