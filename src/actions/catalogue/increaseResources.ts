// increase_resources: raise a container's memory/CPU requests or limits in its workload's pod template.
import { z } from 'zod';
import { tryParseQuantity } from '../../cluster/quantity.js';
import { defineAction } from '../actionDefinition.js';
import { WORKLOAD_KINDS } from '../actionTarget.js';
import {
  type BoundedChange,
  type Draft,
  RESOURCE_FIELDS,
  refuse,
  revisionOf,
  showResource,
  targetOf,
  pin,
  refOf,
  workloadOf,
} from '../draft.js';
import { kubectl, resourceArg } from '../kubectlCommand.js';
import { type JsonPatchOp, type KubeObject, pointer, refText } from '../kube.js';
import { quantity } from '../parameters.js';
import type { FieldChange } from '../planSteps.js';
import { lookAtRollout } from '../rollout.js';

const parameters = z
  .object({
    container: z.string().min(1).optional().describe('container name; may be left out when the pod has one'),
    memory_limit: quantity('memory').optional().describe('new memory limit, e.g. "12Gi"'),
    memory_request: quantity('memory').optional().describe('new memory request, e.g. "10Gi"'),
    cpu_limit: quantity('cpu').optional().describe('new CPU limit, e.g. "2" or "1500m"'),
    cpu_request: quantity('cpu').optional().describe('new CPU request, e.g. "500m"'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.memory_limit && !p.memory_request && !p.cpu_limit && !p.cpu_request) {
      ctx.addIssue({
        code: 'custom',
        message:
          'give at least one of memory_limit, memory_request, cpu_limit, cpu_request, e.g. {"memory_limit":"12Gi","memory_request":"10Gi"}',
      });
    }
    for (const res of ['memory', 'cpu'] as const) {
      const limit = tryParseQuantity(p[`${res}_limit`]);
      const request = tryParseQuantity(p[`${res}_request`]);
      if (limit !== undefined && request !== undefined && request > limit) {
        ctx.addIssue({
          code: 'custom',
          message: `${res}_request ${p[`${res}_request`]} is above ${res}_limit ${p[`${res}_limit`]}; a request cannot exceed its limit`,
        });
      }
    }
  });

type Resources = { limits?: Record<string, string>; requests?: Record<string, string> };

function prune(resources: { limits: Record<string, string>; requests: Record<string, string> }) {
  const out: Record<string, Record<string, string>> = {};
  if (Object.keys(resources.limits).length) out.limits = resources.limits;
  if (Object.keys(resources.requests).length) out.requests = resources.requests;
  return out;
}

/** JSON Patch ops that set the new values without touching the container's other resources. */
function resourceOps(
  base: Array<string | number>,
  resources: Resources | undefined,
  next: Required<Resources>,
) {
  if (resources === undefined)
    return [{ op: 'add', path: pointer(base), value: prune(next) }] as JsonPatchOp[];
  const ops: JsonPatchOp[] = [];
  for (const which of ['limits', 'requests'] as const) {
    const changed = Object.keys(next[which]).filter((k) => next[which][k] !== resources[which]?.[k]);
    if (!changed.length) continue;
    if (resources[which] === undefined)
      ops.push({ op: 'add', path: pointer([...base, which]), value: next[which] });
    else
      for (const k of changed)
        ops.push({ op: 'add', path: pointer([...base, which, k]), value: next[which][k] });
  }
  return ops;
}

export const increaseResources = defineAction({
  type: 'increase_resources',
  summary: "raise a container's memory/CPU requests or limits (rolling restart of the workload)",
  parameters,
  example: { container: 'webapp', memory_limit: '12Gi', memory_request: '10Gi' },
  risk: 'medium',
  destructive: false,
  targetKinds: [...WORKLOAD_KINDS, 'Pod'],
  writes: 'cluster',
  addsLoad: true,
  changes: "the workload's pod template: spec.template.spec.containers[].resources; pods are replaced",
  revert: 'increase_resources back to the previous values, or rollback_deployment',

  async plan(input): Promise<Draft> {
    const { ref, object } = await workloadOf(input.cluster, input.requested, WORKLOAD_KINDS);
    const containers: KubeObject[] = object.spec?.template?.spec?.containers ?? [];
    const p = input.parameters;
    const names = containers.map((c) => c.name).join(', ');
    const index = p.container
      ? containers.findIndex((c) => c.name === p.container)
      : containers.length === 1
        ? 0
        : -1;
    if (index < 0 && !p.container) {
      return refuse(
        'invalid',
        `${refText(ref)} has containers ${names}; name one with the container parameter`,
      );
    }
    if (index < 0) {
      return refuse(
        'invalid',
        `${refText(ref)} has no container "${p.container}"; its containers are ${names}`,
      );
    }
    const container = containers[index] as KubeObject;
    const resources = (container.resources ?? {}) as Resources;
    const next = { limits: { ...(resources.limits ?? {}) }, requests: { ...(resources.requests ?? {}) } };
    const changes: FieldChange[] = [];
    const bounded: BoundedChange[] = [];
    let up = false;
    for (const [param, resource, which] of RESOURCE_FIELDS) {
      const text = p[param];
      if (text === undefined) continue;
      const before = tryParseQuantity(resources[which]?.[resource]);
      const after = tryParseQuantity(text) as number;
      if (before === after) continue;
      next[which][resource] = text;
      const field = `${resource} ${which === 'limits' ? 'limit' : 'request'} (container ${container.name})`;
      changes.push({
        object: refText(ref),
        field,
        before: showResource(resource, before),
        after: showResource(resource, after),
      });
      if (before !== undefined) bounded.push({ field, unit: 'resource', before, after });
      if (before === undefined || after > before) up = true;
    }
    if (changes.length === 0) {
      return refuse(
        'nothing_to_change',
        `${refText(ref)} container ${container.name} already has those values`,
      );
    }
    for (const resource of ['memory', 'cpu'] as const) {
      const limit = tryParseQuantity(next.limits[resource]);
      const request = tryParseQuantity(next.requests[resource]);
      if (limit !== undefined && request !== undefined && request > limit) {
        return refuse(
          'invalid',
          `${resource} request ${showResource(resource, request)} would be above the ${resource} limit ${showResource(resource, limit)}; raise the limit too`,
        );
      }
    }
    const base = ['spec', 'template', 'spec', 'containers', index, 'resources'];
    const ops: JsonPatchOp[] = [
      pin(object),
      ...resourceOps(base, container.resources === undefined ? undefined : resources, next),
    ];
    const revisionBefore = revisionOf(object);
    const inverseParameters: Record<string, unknown> = { container: container.name };
    for (const [param, resource, which] of RESOURCE_FIELDS) {
      if (p[param] !== undefined && resources[which]?.[resource])
        inverseParameters[param] = resources[which]?.[resource];
    }
    return {
      target: targetOf(ref),
      ref,
      object,
      steps: [
        {
          kind: 'patch',
          ref,
          ops,
          description: `patch ${refText(ref)} container ${container.name} resources`,
        },
      ],
      changes,
      direction: up ? 'up' : 'down',
      verification: `rollout of ${refText(ref)} until every replica is updated and available`,
      bounded,
      capacity: {
        kind: 'resize',
        namespace: ref.namespace ?? '',
        workload: ref.name,
        workloadKind: ref.kind as 'Deployment' | 'StatefulSet' | 'DaemonSet',
        container: String(container.name),
        ...Object.fromEntries(
          RESOURCE_FIELDS.filter(([param]) => p[param] !== undefined).map(([param]) => [param, p[param]]),
        ),
      },
      revisionBefore,
      inverse:
        ref.kind === 'Deployment' && revisionBefore
          ? { action: 'rollback_deployment', parameters: { revision: revisionBefore } }
          : { action: 'increase_resources', parameters: inverseParameters },
      warnings: [],
    };
  },

  verify: (plan, { cluster }) => lookAtRollout(cluster, refOf(plan.target)),

  kubectl({ target, parameters: p, changes }) {
    const container = p.container ?? /\(container (.+)\)$/.exec(changes[0]?.field ?? '')?.[1];
    const list = (which: 'limit' | 'request') =>
      (['memory', 'cpu'] as const)
        .filter((resource) => p[`${resource}_${which}`] !== undefined)
        .map((resource) => `${resource}=${p[`${resource}_${which}`]}`)
        .join(',');
    const limits = list('limit');
    const requests = list('request');
    return [
      kubectl(
        target.namespace,
        'set',
        'resources',
        resourceArg(target),
        ...(container ? ['-c', container] : []),
        limits ? `--limits=${limits}` : undefined,
        requests ? `--requests=${requests}` : undefined,
      ),
    ];
  },
});
