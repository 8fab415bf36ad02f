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
  it('renames the arguments a small model gets wrong and drops the ones a tool does not take', async () => {
    const runner = new ToolRunner(rig.mcp, new AbortController().signal, 10_000, 250);
    await runner.load();
    expect(
      runner.fitArguments('get_pod_status', { namespace: 'production', pod: 'webapp-123', verbose: true }),
    ).toEqual({
      namespace: 'production',
      pod_name: 'webapp-123',
    });
    const result = await runner.call(runner.newId(), 'get_pod_status', {
      namespace: 'production',
      name: 'webapp-123',
    });
    expect(result.ok).toBe(true);
    expect(result.finding).toMatch(/webapp-123 Running on worker-02, memory 7\.6Gi\/8Gi \(95%\)/);
    expect(result.text).not.toContain(CANARY);
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
