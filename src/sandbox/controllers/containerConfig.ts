// What the kubelet must read before a container can start: the Secrets and ConfigMaps its env, envFrom and volumes
// name, worded as the kubelet's errors are (`secret "db" not found`, `couldn't find key password in Secret ns/db`).
import type { KubeObject, ObjectStore } from '../store.js';
import type { Container, PodSpec } from './podState.js';

const SECRETS = 'core/secrets';
const CONFIGMAPS = 'core/configmaps';

interface KeyRef {
  name?: string;
  key?: string;
  optional?: boolean;
}

interface EnvVar {
  valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef };
}

interface EnvFromSource {
  secretRef?: { name?: string; optional?: boolean };
  configMapRef?: { name?: string; optional?: boolean };
}

interface Volume {
  name: string;
  secret?: { secretName?: string; optional?: boolean };
  configMap?: { name?: string; optional?: boolean };
}

type Source = 'Secret' | 'ConfigMap';

function lookup(store: ObjectStore, source: Source, namespace: string, name: string): KubeObject | undefined {
  return store.get(source === 'Secret' ? SECRETS : CONFIGMAPS, namespace, name);
}

const notFound = (source: Source, name: string) => `${source.toLowerCase()} "${name}" not found`;

function hasKey(object: KubeObject, key: string): boolean {
  const maps = [object.data, object.stringData, object.binaryData] as Array<
    Record<string, unknown> | undefined
  >;
  return maps.some((map) => map !== undefined && key in map);
}

/**
 * Why the kubelet cannot build the container's environment (CreateContainerConfigError), or undefined.
 * envFrom is read before env, as the kubelet does; optional references never fail.
 */
export function containerConfigError(
  store: ObjectStore,
  namespace: string,
  container: Container,
): string | undefined {
  for (const from of (container.envFrom ?? []) as EnvFromSource[]) {
    for (const [source, ref] of [
      ['ConfigMap', from.configMapRef],
      ['Secret', from.secretRef],
    ] as const) {
      if (!ref?.name || ref.optional === true) continue;
      if (!lookup(store, source, namespace, ref.name)) return notFound(source, ref.name);
    }
  }
  for (const env of (container.env ?? []) as EnvVar[]) {
    for (const [source, ref] of [
      ['ConfigMap', env.valueFrom?.configMapKeyRef],
      ['Secret', env.valueFrom?.secretKeyRef],
    ] as const) {
      if (!ref?.name || ref.optional === true) continue;
      const object = lookup(store, source, namespace, ref.name);
      if (!object) return notFound(source, ref.name);
      if (ref.key !== undefined && !hasKey(object, ref.key))
        return `couldn't find key ${ref.key} in ${source} ${namespace}/${ref.name}`;
    }
  }
  return undefined;
}

/** The first Secret or ConfigMap volume that cannot be set up (a FailedMount event), or undefined. */
export function volumeMountError(store: ObjectStore, namespace: string, spec: PodSpec): string | undefined {
  for (const volume of (spec.volumes ?? []) as Volume[]) {
    const ref: [Source, string | undefined, boolean | undefined] | undefined = volume.secret
      ? ['Secret', volume.secret.secretName, volume.secret.optional]
      : volume.configMap
        ? ['ConfigMap', volume.configMap.name, volume.configMap.optional]
        : undefined;
    if (!ref || !ref[1] || ref[2] === true) continue;
    if (!lookup(store, ref[0], namespace, ref[1])) {
      return `MountVolume.SetUp failed for volume "${volume.name}" : ${notFound(ref[0], ref[1])}`;
    }
  }
  return undefined;
}

/** Image pull secrets the pod names that do not exist (the kubelet warns, then pulls without them). */
export function missingPullSecrets(store: ObjectStore, namespace: string, spec: PodSpec): string[] {
  const refs = (spec.imagePullSecrets ?? []) as Array<{ name?: string }>;
  return refs
    .map((ref) => ref.name ?? '')
    .filter((name) => name !== '' && !store.get(SECRETS, namespace, name));
}
