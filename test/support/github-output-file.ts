import { readFile } from 'node:fs/promises';

/**
 * Reads a `$GITHUB_OUTPUT` file the way the Actions runner does: `name=value` lines (split at
 * the first `=` when it comes before any `<<`), and `name<<DELIMITER` blocks whose value is
 * every line up to the line that is exactly the delimiter. A later value of a name replaces
 * an earlier one. Throws where the runner fails the step (a block without its delimiter, a
 * line that is neither form).
 */
export function parseGitHubOutput(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      outputs[line.slice(0, equals)] = line.slice(equals + 1);
      continue;
    }
    if (heredoc <= 0) throw new Error(`invalid output line ${i + 1}: ${JSON.stringify(line)}`);
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    const end = lines.indexOf(delimiter, i + 1);
    if (delimiter === '' || end < 0) throw new Error(`output "${name}" has no closing delimiter ${JSON.stringify(delimiter)}`);
    outputs[name] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

/** The outputs a step wrote to this file; none when it wrote nothing. */
export async function readGitHubOutput(path: string): Promise<Record<string, string>> {
  try {
    return parseGitHubOutput(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}
