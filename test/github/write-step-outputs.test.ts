import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatStepOutputs, writeStepOutputs } from '../../src/github/write-step-outputs.js';
import { parseGitHubOutput } from '../support/github-output-file.js';

/** Delimiters in a known order, so the text can be asserted exactly. */
function delimiters(...values: string[]): () => string {
  let next = 0;
  return () => values[next++] ?? 'exhausted';
}

describe('formatStepOutputs', () => {
  it.each([
    ['plain values', { 'has-changes': 'true', 'to-assign': '7' }, 'has-changes=true\nto-assign=7\n'],
    ['an empty value', { currency: '' }, 'currency=\n'],
    ['a value with = and <<', { summary: 'a=b << c' }, 'summary=a=b << c\n'],
    ['control characters and bidi overrides shown as escapes', { name: 'evil\u001b[2J\u202eexe.txt' }, 'name=evil\\u{1b}[2J\\u{202e}exe.txt\n'],
    ['a multi-line value in a block', { summary: 'one\ntwo' }, 'summary<<D1\none\ntwo\nD1\n'],
    ['CRLF and CR line breaks', { summary: 'one\r\ntwo\rthree' }, 'summary<<D1\none\ntwo\nthree\nD1\n'],
  ])('%s', (_name, outputs, text) => {
    expect(formatStepOutputs(outputs, delimiters('D1', 'D2'))).toBe(text);
  });

  it('never uses a delimiter the value contains', () => {
    expect(formatStepOutputs({ x: 'a\nD1\nb' }, delimiters('D1', 'D2'))).toBe('x<<D2\na\nD1\nb\nD2\n');
  });

  it('refuses names GitHub would not accept, and a delimiter source that never gives a usable one', () => {
    expect(() => formatStepOutputs({ 'bad name': 'x' })).toThrow('"bad name" is not a valid step output name');
    expect(() => formatStepOutputs({ 'x\ny': 'x' })).toThrow('is not a valid step output name');
    expect(() => formatStepOutputs({ x: 'a\nsame' }, () => 'same')).toThrow('no usable delimiter for step output "x"');
  });

  // What a later step reads is what was meant, whatever the value holds: an attacker-chosen
  // value cannot add or replace an output.
  it.each([
    ['a forged output after a line break', 'x\nhas-changes=false'],
    ['a forged block', 'x\nhas-changes<<EOF\nfalse\nEOF'],
    ['a guessed delimiter', 'x\nskuform_00000000-0000-0000-0000-000000000000\nhas-changes=false'],
    ['a lone carriage return', 'x\rhas-changes=false'],
  ])('%s stays inside its own output', (_name, value) => {
    const parsed = parseGitHubOutput(formatStepOutputs({ summary: value, 'has-changes': 'true' }));
    expect(Object.keys(parsed)).toEqual(['summary', 'has-changes']);
    expect(parsed['has-changes']).toBe('true');
    expect(parsed.summary).toBe(value.replace(/\r/g, '\n'));
  });

  it('uses a fresh random delimiter for every block', () => {
    const text = formatStepOutputs({ a: '1\n2', b: '3\n4' });
    const used = [...text.matchAll(/^[ab]<<(.+)$/gm)].map((m) => m[1]);
    expect(used).toHaveLength(2);
    expect(used[0]).toMatch(/^skuform_[0-9a-f-]{36}$/);
    expect(used[0]).not.toBe(used[1]);
  });
});

describe('writeStepOutputs', () => {
  it('appends to what earlier steps wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skuform-outputs-'));
    try {
      const file = join(dir, 'github_output');
      await writeFile(file, 'earlier=1\n');
      await writeStepOutputs(file, { 'has-changes': 'true', summary: 'Plan: 1 to assign.' });
      expect(parseGitHubOutput(await readFile(file, 'utf8'))).toEqual({ earlier: '1', 'has-changes': 'true', summary: 'Plan: 1 to assign.' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
