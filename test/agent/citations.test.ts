// The evidence-citation check: each cited line is matched against the tool results, tolerant of formatting.
import { describe, expect, it } from 'vitest';
import { checkCitations } from '../../src/agent/citations.js';
import type { ToolResult } from '../../src/agent/toolRunner.js';

function result(tool: string, structured: Record<string, unknown>, ok = true): ToolResult {
  return {
    id: tool,
    tool,
    arguments: {},
    ok,
    text: `${String(structured.summary ?? '')}`,
    structured,
    finding: String(structured.summary ?? ''),
    durationMs: 1,
    repeated: false,
  };
}

const pod = result('get_pod_status', {
  summary: 'webapp-123 Running on worker-02, memory 7.6Gi/8Gi (95%), 0 restarts',
  pod: 'webapp-123',
  node: 'worker-02',
  containers: [
    { name: 'webapp', state: 'running', last_termination: 'OOMKilled (exit 137) at 2026-01-01T00:00:00Z' },
  ],
});
const capacity = result('check_node_capacity', { summary: '5 nodes', largest_available: '16Gi' });

describe('checkCitations', () => {
  it('supports lines whose numbers, names and quantities are in the results, however formatted', () => {
    const { unsupported } = checkCitations(
      [
        'memory 7.6Gi/8Gi (95%)',
        'webapp-123 on worker-02 was OOMKilled (exit 137)',
        'largest node room 16384Mi memory',
        'memory at 95.4% of the limit',
      ],
      [pod, capacity],
    );
    expect(unsupported).toEqual([]);
  });

  it('marks lines citing a number, pod, node or reason the results do not contain', () => {
    const lines = [
      'memory 9.5Gi/10Gi (95%)',
      'webapp-999 is crash looping',
      'worker-07 is NotReady',
      'pods are CrashLoopBackOff',
      'the database connection pool is exhausted according to logs',
    ];
    expect(checkCitations(lines, [pod, capacity]).unsupported).toEqual(lines);
  });

  it('a failed tool result supports nothing', () => {
    const failed = result('get_pod_status', { summary: 'webapp-555 not found' }, false);
    expect(checkCitations(['webapp-555 restarted 4 times'], [failed]).unsupported).toEqual([
      'webapp-555 restarted 4 times',
    ]);
  });
});
