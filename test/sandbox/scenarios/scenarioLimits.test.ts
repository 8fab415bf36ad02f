// A scenario folder cannot read files outside itself (`alerts:` paths with "..", symlinks) nor make loading
// cost gigabytes: each refusal is one line naming the file and the limit.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { loadScenario } from '../../../src/sandbox/scenarios/index.js';
import { SCENARIO_FILE_CAPS } from '../../../src/sandbox/scenarios/scenarioFolder.js';
import { ALERT, SCENARIO_YAML, writeFixture } from './fixture.js';

/** A JSON alert file outside any scenario folder, as an attacker would point at. */
async function outsideAlert(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kopilot-outside-'));
  const file = path.join(dir, 'secret.json');
  await writeFile(file, JSON.stringify(ALERT));
  return file;
}

async function loadError(dir: string): Promise<string> {
  const error = await loadScenario(dir).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UsageError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('scenario files stay inside their folder', () => {
  it('refuses an alerts: path that climbs out with ".."', async () => {
    const outside = await outsideAlert();
    const dir = await writeFixture();
    const relative = path.relative(dir, outside);
    expect(relative.startsWith('..')).toBe(true);
    await writeFile(path.join(dir, 'scenario.yaml'), `${SCENARIO_YAML}alerts: ['${relative}']\n`);
    expect(await loadError(dir)).toBe(
      `${path.join(dir, relative)}: refused: the path leaves the scenario folder`,
    );
  });

  it('refuses an alert file that is a symlink to a file outside', async () => {
    const outside = await outsideAlert();
    const dir = await writeFixture();
    await symlink(outside, path.join(dir, 'alerts', 'linked.json'));
    await writeFile(path.join(dir, 'scenario.yaml'), `${SCENARIO_YAML}alerts: ['alerts/linked.json']\n`);
    expect(await loadError(dir)).toBe(
      `${path.join(dir, 'alerts/linked.json')}: refused: the path leaves the scenario folder`,
    );
  });

  it('refuses a symlinked alerts folder and a symlinked cluster.yaml', async () => {
    const outside = await outsideAlert();
    const dir = await writeFixture();
    await mkdir(path.join(dir, 'more'));
    await symlink(path.dirname(outside), path.join(dir, 'more', 'away'));
    await writeFile(path.join(dir, 'scenario.yaml'), `${SCENARIO_YAML}alerts: ['more/away/secret.json']\n`);
    expect(await loadError(dir)).toMatch(
      /more\/away\/secret\.json: refused: the path leaves the scenario folder$/,
    );

    const other = await writeFixture();
    const cluster = path.join(other, 'cluster.yaml');
    const moved = path.join(path.dirname(outside), 'cluster.yaml');
    await writeFile(moved, 'apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n');
    await rm(cluster);
    await symlink(moved, cluster);
    expect(await loadError(other)).toBe(`${cluster}: refused: the path leaves the scenario folder`);
  });

  it('still follows a symlink that stays inside the folder', async () => {
    const dir = await writeFixture();
    await symlink(path.join(dir, 'alerts', 'pod-not-ready.json'), path.join(dir, 'alerts', 'same.json'));
    await writeFile(path.join(dir, 'scenario.yaml'), `${SCENARIO_YAML}alerts: ['alerts/same.json']\n`);
    const scenario = await loadScenario(dir);
    expect(scenario.alerts.map((a) => a.file)).toEqual(['alerts/same.json']);
  });
});

describe('scenario files are capped in size', () => {
  it('refuses a cluster.yaml over the cap, naming the file and the cap', async () => {
    const dir = await writeFixture();
    const cluster = path.join(dir, 'cluster.yaml');
    await writeFile(cluster, `# ${'x'.repeat(SCENARIO_FILE_CAPS['cluster.yaml'])}\n`);
    expect(await loadError(dir)).toBe(
      `${cluster}: ${SCENARIO_FILE_CAPS['cluster.yaml'] + 3} bytes, over the 8 MiB limit for cluster.yaml`,
    );
  });

  it('refuses an alert file and a log file over their caps', async () => {
    const big = await writeFixture({
      alerts: { 'alerts/huge.json': `[${' '.repeat(SCENARIO_FILE_CAPS.alert)}]` },
    });
    expect(await loadError(big)).toBe(
      `${path.join(big, 'alerts/huge.json')}: ${SCENARIO_FILE_CAPS.alert + 2} bytes, over the 1 MiB limit for an alert file`,
    );
    const log = 'logs/shop/web-7d4b9c8f6-abcde/web.log';
    const noisy = await writeFixture({ logs: { [log]: 'x'.repeat(SCENARIO_FILE_CAPS.log + 1) } });
    expect(await loadError(noisy)).toBe(
      `${path.join(noisy, log)}: ${SCENARIO_FILE_CAPS.log + 1} bytes, over the 4 MiB limit for a log file`,
    );
  });
});
