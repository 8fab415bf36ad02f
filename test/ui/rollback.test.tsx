import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import { TriageApp } from '../../src/ui/TriageApp.js';
import type { OllamaScript } from '../helpers/scriptedOllama.js';
import { startFlow, webappMemoryLimit, type FlowRig } from './flowRig.js';
import { waitForFrame } from './fixtures.js';

let rig: FlowRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

// A limit under what webapp uses: the new pods are OOM-killed, the rollout never becomes available.
const TOO_SMALL: OllamaScript = {
  turns: [
    {
      json: {
        action: 'increase_resources',
        target: { kind: 'Deployment', namespace: 'production', name: 'webapp' },
        parameters: { container: 'webapp', memory_limit: '5Gi', memory_request: '4Gi' },
        confidence: 0.4,
        reasoning: 'a smaller limit',
        evidence: ['memory 7.6Gi/8Gi (95%)'],
        alternatives: [],
      },
    },
  ],
};

describe('a change whose verification fails', { timeout: 180_000 }, () => {
  it('offers the inverse plan, approved like any other, and the rollback restores the old limit', async () => {
    rig = await startFlow({
      script: TOO_SMALL,
      session: {
        verify: {
          intervalMs: 30_000,
          timeoutMs: 300_000,
          sleep: (ms) =>
            new Promise((resolve) => {
              rig?.sandbox.clock.advance(ms);
              setTimeout(resolve, 100);
            }),
        },
      },
    });
    const ui = render(<TriageApp session={rig.session} alerts={[rig.alerts[0]!]} onExit={vi.fn()} />);
    const screen = () => ui.lastFrame() ?? '';
    await waitForFrame(screen, (f) => f.includes('[a] approve') && f.includes('dry-run: ✓'), 60_000);
    ui.stdin.write('a');
    const failed = await waitForFrame(
      screen,
      (f) => f.includes('✗ failed') || f.includes('✓ verified'),
      60_000,
    );
    expect(failed).toContain('✗ failed');
    expect(webappMemoryLimit(rig.sandbox)).toBe('5Gi');
    expect(failed).toContain('[b] roll back (asks for approval)');
    ui.stdin.write('b');
    await waitForFrame(
      screen,
      (f) => f.includes('[a] approve') && f.includes('this reverts the change'),
      30_000,
    );
    ui.stdin.write('a');
    await waitForFrame(screen, (f) => f.includes('✓ verified') || f.includes('✗ failed'), 60_000);
    expect(webappMemoryLimit(rig.sandbox)).toBe('8Gi');
  });
});
