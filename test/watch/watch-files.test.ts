import { rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { directSkus, E3, E5, metric, pause, portalEdit, startHarness, TINY_CONFIG, type Harness } from './watch-kit.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('skuform watch over real files', () => {
  it('starts with a run, then one edit triggers exactly one run', async () => {
    harness = await startHarness();
    expect(harness.runs()).toMatchObject([{ trigger: 'startup', result: 'pending' }]);
    await harness.write('licenses/users.yaml', TINY_CONFIG.replace('carol@contoso.com: [{ sku: SPE_E5 }]', 'carol@contoso.com: [{ sku: SPE_E3 }]'));
    await harness.afterFileChange();
    await pause(300);
    await harness.clock.advance(2_000);
    await harness.watch.loop.whenIdle();
    expect(harness.runs().map((r) => r.trigger)).toEqual(['startup', 'config']);
    expect(harness.events.filter((e) => e.event === 'pending' && e.runId === 2).map((e) => e.message)).toContain('user carol@contoso.com: + SPE_E3, - SPE_E5');
  });

  it('ten rapid edits trigger at most two runs, and the last edit is what counts', async () => {
    harness = await startHarness();
    for (let n = 0; n < 10; n++) {
      await harness.write('licenses/users.yaml', `${TINY_CONFIG}  dave@contoso.com: [{ sku: SPE_E3, disabledPlans: [SWAY] }] # edit ${n}\n`);
    }
    await harness.afterFileChange();
    await pause(300);
    await harness.clock.advance(2_000);
    await harness.watch.loop.whenIdle();
    const runs = harness.runs().slice(1);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(2);
    expect(runs.every((r) => r.trigger === 'config')).toBe(true);
    const last = Math.max(...harness.events.filter((e) => e.event === 'pending').map((e) => e.runId ?? 0));
    expect(harness.events.filter((e) => e.event === 'pending' && e.runId === last).map((e) => e.message)).toContain('user dave@contoso.com: ~ SPE_E3 (off: SWAY)');
  });

  it('sees files added to and removed from a config directory', async () => {
    harness = await startHarness();
    await harness.write('licenses/more/erin.yaml', 'users:\n  erin@contoso.com: [{ sku: SPE_E5 }]\n');
    await harness.afterFileChange();
    expect(harness.events.filter((e) => e.event === 'pending' && e.runId === 2).map((e) => e.message)).toContain('user erin@contoso.com: + SPE_E5');
    await harness.write('licenses/notes.txt', 'not a config file');
    await harness.write('licenses/.users.yaml.swp', 'an editor swap file');
    await rm(join(harness.dir, 'licenses/more/erin.yaml'));
    await harness.afterFileChange();
    expect(harness.runs()).toHaveLength(3);
    expect(harness.events.filter((e) => e.event === 'pending' && e.runId === 3).map((e) => e.message)).not.toContain('user erin@contoso.com: + SPE_E5');
  });

  it('follows a config directory behind a symlink that is re-pointed atomically, as git-sync does', async () => {
    const other = TINY_CONFIG.replace('carol@contoso.com: [{ sku: SPE_E5 }]', 'carol@contoso.com: [{ sku: SPE_E3 }]');
    harness = await startHarness({
      files: { 'git/.worktrees/one/licenses/users.yaml': TINY_CONFIG, 'git/.worktrees/two/licenses/users.yaml': other },
      prepare: (dir) => symlink('.worktrees/one', join(dir, 'git/current')),
      paths: ['git/current/licenses'],
    });
    expect(harness.events.filter((e) => e.event === 'pending').map((e) => e.message)).toEqual(['user bob@contoso.com: + SPE_E3']);
    // git-sync writes a new link next to the old one and renames it over: one atomic swap.
    await symlink('.worktrees/two', join(harness.dir, 'git/current.new'));
    await rename(join(harness.dir, 'git/current.new'), join(harness.dir, 'git/current'));
    await harness.afterFileChange();
    expect(harness.runs().map((r) => r.trigger)).toEqual(['startup', 'config']);
    expect(harness.events.filter((e) => e.event === 'pending' && e.runId === 2).map((e) => e.message)).toContain('user carol@contoso.com: + SPE_E3, - SPE_E5');
    // The watchers now follow the new checkout.
    await harness.write('git/.worktrees/two/licenses/users.yaml', `${other}  erin@contoso.com: [{ sku: SPE_E5 }]\n`);
    await harness.afterFileChange();
    expect(harness.events.filter((e) => e.event === 'pending' && e.runId === 3).map((e) => e.message)).toContain('user erin@contoso.com: + SPE_E5');
  });

  it('keeps the last good config while an edit is invalid, and resumes when it is fixed', async () => {
    harness = await startHarness({ apply: true });
    expect(harness.runs()).toMatchObject([{ result: 'applied' }]);
    await harness.write('licenses/users.yaml', TINY_CONFIG.replace('SPE_E5 }]', 'SPE_E55 }]'));
    await harness.afterFileChange();
    const invalid = harness.events.filter((e) => e.event === 'config-invalid');
    expect(invalid.map((e) => e.message)).toEqual([expect.stringMatching(/^licenses\/users\.yaml:6:30: error: unknown SKU 'SPE_E55'/)]);
    expect(invalid[0]?.location).toBe('licenses/users.yaml:6:30');
    expect(harness.events.some((e) => e.event === 'config-kept')).toBe(true);
    expect(await metric(harness, 'skuform_config_valid')).toBe(0);
    expect(harness.runs().at(-1)).toMatchObject({ result: 'converged' });

    // Drift is still reverted against the last good config.
    await portalEdit(harness.tenantFile, 'carol@contoso.com', [], [E5]);
    await harness.afterInterval();
    expect(harness.runs().at(-1)).toMatchObject({ trigger: 'interval', result: 'applied' });
    expect(directSkus(await harness.readTenant(), 'carol@contoso.com')).toEqual([E5]);
    expect(harness.events.filter((e) => e.event === 'config-invalid')).toHaveLength(1);

    await harness.write('licenses/users.yaml', TINY_CONFIG.replace('carol@contoso.com: [{ sku: SPE_E5 }]', 'carol@contoso.com: [{ sku: SPE_E3 }]'));
    await harness.afterFileChange();
    expect(await metric(harness, 'skuform_config_valid')).toBe(1);
    expect(directSkus(await harness.readTenant(), 'carol@contoso.com')).toEqual([E3]);
  });

  it('reports a YAML syntax error with its position', async () => {
    harness = await startHarness();
    await harness.write('licenses/users.yaml', `${TINY_CONFIG}  bad: [unclosed\n`);
    await harness.afterFileChange();
    const [invalid] = harness.events.filter((e) => e.event === 'config-invalid');
    expect(invalid?.message).toMatch(/^licenses\/users\.yaml:\d+:\d+: error: /);
    expect(harness.runs().at(-1)).toMatchObject({ result: 'pending' });
  });
});

