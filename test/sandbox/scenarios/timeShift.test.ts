// A snapshot's `now` becomes the time of loading; every other time keeps its distance from it.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, shiftTimestamp } from '../../../src/sandbox/scenarios/index.js';
import { loadScenarioAlerts } from '../../../src/sandbox/scenarios/scenarioFolder.js';
import { SCENARIO_YAML, writeFixture } from './fixture.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads deep manifest fields
type Json = any;

describe('time shifting', () => {
  it('moves metadata, status, event, metrics, alert and log times by the same offset', async () => {
    const at = new Date('2031-03-04T05:06:07Z');
    const scenario = await loadScenario(await writeFixture(), { at });
    expect(scenario.now).toBe('2031-03-04T05:06:07.000Z');
    expect(scenario.snapshotNow).toBe('2025-06-12T14:30:00Z');
    const get = (kind: string) => scenario.objects.find((o) => o.kind === kind) as Json;
    // The pod was created 3h59m55s before the snapshot's now (10:30:05 vs 14:30:00).
    expect(get('Pod').metadata.creationTimestamp).toBe('2031-03-04T01:06:12Z');
    expect(get('Pod').status.containerStatuses[0].state.running.startedAt).toBe('2031-03-04T01:06:16Z');
    expect(get('Node').status.conditions[0].lastHeartbeatTime).toBe('2031-03-04T05:05:47Z');
    expect(get('Event').lastTimestamp).toBe('2031-03-04T01:06:16Z');
    expect(get('Event').eventTime).toBeNull();
    expect(get('PodMetrics').timestamp).toBe('2031-03-04T05:05:52Z');
    const alert = (scenario.alerts[0]?.json as Json)[0];
    expect(alert.startsAt).toBe('2031-03-04T04:46:07Z');
    expect(alert.endsAt).toBe('2031-03-04T05:10:07Z');
    expect(scenario.logs[0]?.text).toBe('2031-03-04T05:05:07.125Z INFO ready\n');
    // Not times: left alone.
    expect(get('Pod').metadata.name).toBe('web-7d4b9c8f6-abcde');
  });

  it('keeps sub-second precision and leaves AlertManager’s zero time alone', () => {
    const hour = 3_600_000;
    expect(shiftTimestamp('2025-06-12T14:30:00Z', hour)).toBe('2025-06-12T15:30:00Z');
    expect(shiftTimestamp('2025-06-12T14:30:00.123456Z', hour)).toBe('2025-06-12T15:30:00.123456Z');
    expect(shiftTimestamp('2025-06-12T14:30:00.5Z', hour)).toBe('2025-06-12T15:30:00.5Z');
    expect(shiftTimestamp('2025-06-12T16:30:00+02:00', hour)).toBe('2025-06-12T15:30:00Z');
    expect(shiftTimestamp('0001-01-01T00:00:00Z', hour)).toBe('0001-01-01T00:00:00Z');
    expect(shiftTimestamp('not a time', hour)).toBe('not a time');
  });

  it('a folder is read again when a file changes, and each load gets its own objects', async () => {
    const dir = await writeFixture();
    const first = await loadScenario(dir);
    (first.objects[0] as Json).metadata.name = 'changed-by-a-caller';
    const second = await loadScenario(dir);
    expect(second.objects[0]?.metadata.name).not.toBe('changed-by-a-caller');
    await writeFile(
      path.join(dir, 'scenario.yaml'),
      SCENARIO_YAML.replace('Tiny shop is slow', 'Tiny shop is down'),
    );
    expect((await loadScenario(dir)).title).toBe('Tiny shop is down');
  });

  it('loading twice at the same time gives the same objects and UIDs', async () => {
    const at = new Date('2030-01-01T00:00:00Z');
    const a = await loadScenario('oomkilled', { at });
    const b = await loadScenario('oomkilled', { at });
    expect(b.objects).toEqual(a.objects);
  });

  it('the alert files alone (what the demo shows first) match the whole load, and an age is never a unit short', async () => {
    // 0.9 s past a whole second: rounding to the nearest second would make the snapshot 0.1 s too young.
    const at = new Date('2030-01-01T00:00:00.900Z');
    const whole = await loadScenario('webapp-memory', { at });
    const alone = await loadScenarioAlerts('webapp-memory', { at });
    expect(alone).toEqual(whole.alerts);
    const [high] = alone.find((a) => a.file.includes('high-memory'))?.json as Array<{ startsAt: string }>;
    expect(at.getTime() - Date.parse(high?.startsAt ?? '')).toBeGreaterThanOrEqual(12 * 60_000);
  });
});
