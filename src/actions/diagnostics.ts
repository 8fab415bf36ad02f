// collect_diagnostics: a local bundle (object, events, logs) of the target, with secrets redacted before writing.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { redactDeep, redactLog } from '../cluster/redact.js';
import type { ActionCluster, KubeObject, ObjectRef } from './kube.js';

/** Writes object.yaml, events.yaml and one log file per pod container into `folder`; returns the files. */
export async function collectBundle(
  cluster: ActionCluster,
  ref: ObjectRef,
  folder: string,
  tailLines: number,
): Promise<string[]> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const written: string[] = [];
  const write = async (name: string, text: string) => {
    await writeFile(join(folder, name), text, { mode: 0o600 });
    written.push(name);
  };
  const object = await cluster.read(ref);
  if (object.metadata) delete object.metadata.managedFields;
  await write('object.yaml', stringify(redactDeep(object)));
  const events = await cluster.events(ref.namespace, ref.name).catch(() => [] as KubeObject[]);
  await write(
    'events.yaml',
    stringify(
      redactDeep(
        events.map((e) => ({
          type: e.type,
          reason: e.reason,
          message: e.message,
          count: e.count,
          lastTimestamp: e.lastTimestamp,
        })),
      ),
    ),
  );
  const pods = ref.kind === 'Pod' ? [object] : await podsFor(cluster, ref, object);
  for (const pod of pods.slice(0, 10)) {
    for (const container of (pod.spec?.containers ?? []) as KubeObject[]) {
      const text = await cluster
        .podLog(pod.metadata.namespace ?? '', pod.metadata.name, container.name, tailLines)
        .catch((error: Error) => `(no logs: ${error.message})`);
      await write(`logs-${pod.metadata.name}-${container.name}.txt`, redactLog(text));
    }
  }
  return written;
}

async function podsFor(cluster: ActionCluster, ref: ObjectRef, object: KubeObject): Promise<KubeObject[]> {
  if (ref.kind === 'Node') return cluster.podsOnNode(ref.name);
  const labels = object.spec?.selector?.matchLabels as Record<string, string> | undefined;
  if (!labels || !ref.namespace) return [];
  const selector = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return cluster.pods(ref.namespace, selector);
}
