// The tool runner against kopilot's real MCP server: arguments fitted to each tool, identical calls reused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolRunner } from '../../src/agent/toolRunner.js';
import { CANARY, startRig, type TriageRig } from './rig.js';

let rig: TriageRig;
beforeAll(async () => {
  rig = await startRig('webapp-memory');
});
afterAll(async () => {
  await rig?.close();
});

describe('tool runner', () => {
  it('renames the arguments a small model gets wrong', async () => {
    const runner = new ToolRunner(rig.mcp, new AbortController().signal, 10_000, 250);
    await runner.load();
    expect(runner.fitArguments('get_pod_status', { namespace: 'production', pod: 'webapp-123' })).toEqual({
      fitted: { namespace: 'production', pod_name: 'webapp-123' },
      unknown: [],
    });
    const result = await runner.call(runner.newId(), 'get_pod_status', {
      namespace: 'production',
      name: 'webapp-123',
    });
    expect(result.ok).toBe(true);
    expect(result.finding).toMatch(/webapp-123 Running on worker-02, memory 7\.6Gi\/8Gi \(95%\)/);
    expect(result.text).not.toContain(CANARY);
  });

  it('answers an argument the tool does not take with an error naming the valid ones, never a silent drop', async () => {
    const runner = new ToolRunner(rig.mcp, new AbortController().signal, 10_000, 250);
    await runner.load();
    const events = await runner.call('e', 'get_events', {
      namespace: 'production',
      involved_object: 'webapp-123',
    });
    expect(events.ok).toBe(false);
    expect(events.finding).toBe('error: unknown argument "involved_object" for get_events');
    expect(events.text).toMatch(
      /its arguments are namespace, object_name, object_kind, related_to, warnings_only, since_minutes/,
    );
    const status = await runner.call('s', 'get_pod_status', {
      namespace: 'production',
      pod_name: 'webapp-123',
      verbose: true,
    });
    expect(status).toMatchObject({
      ok: false,
      finding: 'error: unknown argument "verbose" for get_pod_status',
    });
    expect(status.text).toMatch(/\(required: namespace, pod_name\)/);
    // Corrected, the same call is made and answered.
    const fixed = await runner.call('f', 'get_events', {
      namespace: 'production',
      object_name: 'webapp-123',
    });
    expect(fixed.ok).toBe(true);
    expect(fixed.text).not.toMatch(/involved_object/);
  });

  it('answers an identical call from the first result, whatever token_budget the model asks for', async () => {
    const runner = new ToolRunner(rig.mcp, new AbortController().signal, 10_000, 250);
    await runner.load();
    const first = await runner.call('a', 'check_node_capacity', { resource_type: 'memory' });
    const again = await runner.call('b', 'check_node_capacity', {
      resource_type: 'memory',
      token_budget: 4000,
    });
    expect(first.repeated).toBe(false);
    expect(again).toMatchObject({ id: 'b', repeated: true, text: first.text });
    expect(runner.isRepeat('check_node_capacity', { resource_type: 'cpu' })).toBe(false);
  });

  it('turns failures into results: an unknown tool, a missing pod, bad argument types', async () => {
    const runner = new ToolRunner(rig.mcp, new AbortController().signal, 10_000);
    await runner.load();
    const unknown = await runner.call('x', 'kubectl_exec', { command: 'rm -rf /' });
    expect(unknown).toMatchObject({ ok: false, finding: 'unknown tool kubectl_exec' });
    const missing = await runner.call('y', 'get_pod_status', {
      namespace: 'production',
      pod_name: 'webapp-999',
    });
    expect(missing.ok).toBe(false);
    expect(missing.finding).toMatch(/^error: /);
    const badTypes = await runner.call('z', 'get_pod_status', { namespace: 42, pod_name: ['webapp-123'] });
    expect(badTypes.ok).toBe(false);
  });
});
