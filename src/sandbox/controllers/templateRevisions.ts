// The revision name a StatefulSet or DaemonSet gives its pods (controller-revision-hash). The template a set had
// when first seen keeps the revision the scenario gave it, so loading a snapshot never starts a rollout by itself.
import type { KubeObject } from '../store.js';
import { podTemplateHash, templateKey, type PodTemplate } from './podTemplate.js';
import { keyOf, type ControllerContext } from './runtime.js';

const firstSeen = new WeakMap<ControllerContext, Map<string, { template: string; revision: string }>>();

export function templateRevision(
  ctx: ControllerContext,
  set: KubeObject,
  pods: KubeObject[],
  withName: boolean,
): string {
  const template = (set.spec as { template?: PodTemplate } | undefined)?.template;
  const computed = withName ? `${set.metadata.name}-${podTemplateHash(template)}` : podTemplateHash(template);
  let seen = firstSeen.get(ctx);
  if (!seen) {
    seen = new Map();
    firstSeen.set(ctx, seen);
  }
  const key = `${set.kind}/${keyOf(set)}`;
  const json = templateKey(template);
  let baseline = seen.get(key);
  if (!baseline) {
    const fromStatus = (set.status as { updateRevision?: string } | undefined)?.updateRevision;
    const fromPods = pods
      .map((p) => p.metadata.labels?.['controller-revision-hash'])
      .find((v) => v !== undefined);
    baseline = { template: json, revision: fromStatus ?? fromPods ?? computed };
    seen.set(key, baseline);
  }
  return baseline.template === json ? baseline.revision : computed;
}
