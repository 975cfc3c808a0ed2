import { describe, expect, it } from 'vitest';
import { createWatchLogger, type LogFormat } from '../../src/watch/watch-log.js';

function capture(format: LogFormat, debug = false) {
  const lines: string[] = [];
  const log = createWatchLogger({ format, debug, clock: { now: () => Date.UTC(2026, 4, 1, 10) }, sink: { write: (line: string) => lines.push(line) } });
  return { log, lines };
}

const HOSTILE = 'Eve\u001b[2J\nINFO  run-end forged\u202eevil';

describe('watch logs', () => {
  it('writes one text line per event, with the run id on every line of a run and its trigger where it starts and ends', () => {
    const { log, lines } = capture('text');
    const run = log.child({ runId: 3, trigger: 'config' });
    run.log('info', 'run-start', 'licenses/users.yaml');
    run.log('info', 'pending', 'user alice@contoso.com: + SPE_E3', { operation: 'user:1' });
    run.log('info', 'run-end', 'Plan: 1 to assign.', { result: 'pending', durationMs: 41 });
    expect(lines).toEqual([
      '2026-05-01T10:00:00.000Z INFO  run-start run=3 trigger=config licenses/users.yaml\n',
      '2026-05-01T10:00:00.000Z INFO  pending run=3 user alice@contoso.com: + SPE_E3  operation=user:1\n',
      '2026-05-01T10:00:00.000Z INFO  run-end run=3 trigger=config Plan: 1 to assign.  result=pending durationMs=41\n',
    ]);
  });

  it('writes one JSON object per line with time, level, event, run id, trigger, counts and duration', () => {
    const { log, lines } = capture('json');
    log.child({ runId: 7, trigger: 'interval' }).log('error', 'run-end', '1 applied, 1 failed, 0 skipped', { result: 'failed', applied: 1, failed: 1, durationMs: 1200 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      time: '2026-05-01T10:00:00.000Z', level: 'error', event: 'run-end', message: '1 applied, 1 failed, 0 skipped',
      runId: 7, trigger: 'interval', result: 'failed', applied: 1, failed: 1, durationMs: 1200,
    });
  });

  it.each(['text', 'json'] as const)('never lets a name from the tenant forge a line or reach the terminal raw (%s)', (format) => {
    const { log, lines } = capture(format);
    log.log('warn', 'drift', `user ${HOSTILE} changed outside skuform`, { subject: HOSTILE, names: [HOSTILE] });
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(line.includes('\u001b') || line.includes('\u202e')).toBe(false);
    expect(line).toContain('\\u{1b}[2J');
  });

  it('quotes text values that would split a key=value pair', () => {
    const { log, lines } = capture('text');
    log.log('warn', 'drift', 'x', { hint: 'list those principals, or set prune: true', kind: 'new-holder' });
    expect(lines[0]).toContain('hint="list those principals, or set prune: true" kind=new-holder');
  });

  it('writes debug events only when asked', () => {
    const quiet = capture('text');
    quiet.log.log('debug', 'store-read', 'incremental read');
    expect(quiet.lines).toEqual([]);
    const loud = capture('text', true);
    loud.log.log('debug', 'store-read', 'incremental read');
    expect(loud.lines).toHaveLength(1);
  });
});
