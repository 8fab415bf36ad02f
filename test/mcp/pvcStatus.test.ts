// get_pvc_status on the sandbox: the claim an alert names, its size and class, and the pod that mounts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/mcp/budget.js';
import { mcpOnSandbox, type McpOnSandbox } from './sandboxMcp.js';

let rig: McpOnSandbox;
beforeAll(async () => {
  rig = await mcpOnSandbox({ scenario: 'pvc-filling-up' });
});
afterAll(async () => {
  await rig?.close();
});

describe('get_pvc_status', () => {
  it('KubePersistentVolumeFillingUp on data-postgres-0 → Bound, 100Gi of class gp3, mounted by postgres-0', async () => {
    const result = await rig.client.callTool({
      name: 'get_pvc_status',
      arguments: { namespace: 'production', pvc_name: 'data-postgres-0', token_budget: 250 },
    });
    expect(result.isError).not.toBe(true);
    const facts = result.structuredContent as Record<string, unknown>;
    expect(facts).toMatchObject({ phase: 'Bound', capacity: '100Gi', storage_class: 'gp3' });
    expect(facts.mounted_by).toEqual([expect.stringMatching(/^postgres-0 Running/)]);
    const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
    expect(estimateTokens(text)).toBeLessThanOrEqual(250);
  });

  it('a claim that does not exist is a clear error result', async () => {
    const result = await rig.client.callTool({
      name: 'get_pvc_status',
      arguments: { namespace: 'production', pvc_name: 'data-postgres-9' },
    });
    expect(result.isError).toBe(true);
  });
});
