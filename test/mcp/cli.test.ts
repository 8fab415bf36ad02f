// `kopilot mcp` as users run it: the RBAC it prints, and flags refused before anything is served.
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runKopilot } from '../helpers/runKopilot.js';

// Starting the binary takes a while when the machine is busy (two cores shared by the whole suite).
const SLOW = 90_000;

describe('kopilot mcp rbac', { timeout: 120_000 }, () => {
  it('prints a read-only ClusterRole on exactly what the tools read, without Secrets', async () => {
    const run = await runKopilot(['mcp', 'rbac', '--service-account', 'ops/kopilot'], { timeoutMs: SLOW });
    expect(run.code).toBe(0);
    const docs = parseAllDocuments(run.stdout).map(
      (d) => d.toJS() as Record<string, unknown> & { kind?: string; rules?: unknown; subjects?: unknown },
    );
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding']);
    const rules = docs[1]?.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
    const resources = rules.flatMap((r) => r.resources.map((res) => `${r.apiGroups[0] || 'core'}/${res}`));
    expect(resources).toContain('core/pods');
    expect(resources).toContain('core/pods/log');
    expect(resources).toContain('metrics.k8s.io/nodes');
    expect(resources.some((r) => /secrets|configmaps/.test(r))).toBe(false);
    for (const rule of rules) expect(['get', 'list', 'watch']).toEqual(expect.arrayContaining(rule.verbs));
    expect(rules.every((r) => r.verbs.every((v) => ['get', 'list', 'watch'].includes(v)))).toBe(true);
    expect(docs[2]?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kopilot', namespace: 'ops' }]);
  });
});

describe('kopilot mcp refuses bad set-ups in one line, exit 2', { timeout: 120_000 }, () => {
  it('HTTP off loopback without a bearer token', async () => {
    const run = await runKopilot(
      ['mcp', '--http', '--host', '0.0.0.0', '--port', '0', '--kubeconfig', '/nonexistent'],
      {
        env: { KOPILOT_MCP_TOKEN: undefined },
        timeoutMs: SLOW,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown context, naming the ones there are', async () => {
    const run = await runKopilot(['mcp', '--kubeconfig', '/nonexistent'], { timeoutMs: SLOW });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('kubeconfig file not found: /nonexistent');
  });
});
