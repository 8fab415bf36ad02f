// Playbook steps are typed against each tool's input: a wrong argument name is a compile error, not a silent drop.
import { describe, expect, it } from 'vitest';
import { events, step } from '../../src/agent/playbooks/steps.js';
import { resolveTarget } from '../../src/agent/playbooks/target.js';
import { TOOLS } from '../../src/mcp/tools/index.js';
import { alertOf } from './alerts.js';

describe('playbook steps', () => {
  it('refuse, at compile time, an argument the tool does not take and a tool that does not exist', () => {
    // @ts-expect-error get_events takes object_name, not involved_object
    step('get_events', (t) => ({ namespace: t.namespace, involved_object: t.pod }));
    // @ts-expect-error resource_type is one of memory, cpu, storage, pods
    step('check_node_capacity', () => ({ resource_type: 'gpu' }));
    // @ts-expect-error one branch passes involved_object
    step('get_events', (t) =>
      t.pod ? { object_name: t.pod } : { namespace: t.namespace, involved_object: t.name },
    );
    // @ts-expect-error there is no tool named kubectl_exec
    step('kubectl_exec', () => ({}));
    expect(step('get_events', () => ({ object_name: 'webapp-123' })).tool).toBe('get_events');
  });

  it('KubePodCrashLooping on shop/api-7c9d8-x2k4p → events about that pod only, arguments the tool accepts', () => {
    const target = resolveTarget(
      alertOf('KubePodCrashLooping', { namespace: 'shop', kind: 'Pod', name: 'api-7c9d8-x2k4p' }),
    );
    const args = events.args(target, alertOf('KubePodCrashLooping', {}));
    expect(args).toEqual({ namespace: 'shop', related_to: 'api-7c9d8-x2k4p' });
    const getEvents = TOOLS.find((t) => t.name === 'get_events');
    expect(getEvents?.input.strict().safeParse(args).success).toBe(true);
  });
});
