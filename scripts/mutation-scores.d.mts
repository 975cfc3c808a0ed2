/** Types of scripts/mutation-scores.mjs, for its tests. */
export interface MutantCounts { killed: number; timeout: number; survived: number; noCoverage: number; ignored: number; invalid: number }
export interface ScoreRow extends MutantCounts { folder: string; score: number | null; target: number | null }
export interface MutationReport { files?: Record<string, { mutants?: { status: string; mutatorName: string; replacement?: string; location: { start: { line: number; column: number } } }[] }> }
export const TARGETS: Record<string, number>;
export const DEFAULT_TARGET: number;
export function folderOf(fileName: string): string;
export function scoreOf(counts: MutantCounts): number | null;
export function scoresByFolder(report: MutationReport, root?: string): { rows: ScoreRow[]; total: ScoreRow };
export function undetectedMutants(report: MutationReport, root?: string): string[];
export function formatScores(scores: { rows: ScoreRow[]; total: ScoreRow }): string;
