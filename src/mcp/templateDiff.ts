// What differs between two pod templates, in the words of a reviewer: image, command/args, env and envFrom
// (values redacted), ConfigMaps and Secrets referenced, resources, probes, volumes and placement.
import type { KubeObject } from '../cluster/clusterClient.js';
import { redactKeyedValue } from '../cluster/redact.js';
import { clip } from './budget.js';

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const short = (value: unknown) => clip(typeof value === 'string' ? value : JSON.stringify(value ?? null), 60);

/** Where an env var comes from: its value (redacted where the name is a credential's), or its source. */
function envSource(env: Spec): string {
  if (env.value !== undefined) return short(redactKeyedValue(String(env.name), String(env.value)));
  const from = env.valueFrom ?? {};
  if (from.secretKeyRef) return `secret ${from.secretKeyRef.name} key ${from.secretKeyRef.key}`;
  if (from.configMapKeyRef) return `configmap ${from.configMapKeyRef.name} key ${from.configMapKeyRef.key}`;
  if (from.fieldRef) return `field ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) return `resource ${from.resourceFieldRef.resource}`;
  return '?';
}

function envFromName(ref: Spec): string {
  return ref.secretRef
    ? `secret ${ref.secretRef.name}`
    : ref.configMapRef
      ? `configmap ${ref.configMapRef.name}`
      : '?';
}

/** A probe in a few words: "httpGet :8080/healthz every 10s, 3 failures". */
function probeText(probe: Spec | undefined): string {
  if (!probe) return 'none';
  const how = probe.httpGet
    ? `httpGet :${probe.httpGet.port}${probe.httpGet.path ?? ''}`
    : probe.tcpSocket
      ? `tcp :${probe.tcpSocket.port}`
      : probe.exec
        ? `exec ${short((probe.exec.command ?? []).join(' '))}`
        : probe.grpc
          ? `grpc :${probe.grpc.port}`
          : 'probe';
  const timing = [
    probe.initialDelaySeconds !== undefined ? `delay ${probe.initialDelaySeconds}s` : '',
    probe.periodSeconds !== undefined ? `every ${probe.periodSeconds}s` : '',
    probe.timeoutSeconds !== undefined ? `timeout ${probe.timeoutSeconds}s` : '',
    probe.failureThreshold !== undefined ? `${probe.failureThreshold} failures` : '',
  ].filter(Boolean);
  return [how, ...timing].join(', ');
}

/** What a volume is: "configmap app-config", "secret db-creds", "emptyDir (Memory)", "claim data-0". */
export function volumeSource(volume: Spec): string {
  if (volume.configMap) return `configmap ${volume.configMap.name}`;
  if (volume.secret) return `secret ${volume.secret.secretName}`;
  if (volume.persistentVolumeClaim) return `claim ${volume.persistentVolumeClaim.claimName}`;
  if (volume.emptyDir) return `emptyDir${volume.emptyDir.medium ? ` (${volume.emptyDir.medium})` : ''}`;
  if (volume.projected) return 'projected';
  if (volume.hostPath) return `hostPath ${volume.hostPath.path}`;
  return Object.keys(volume).find((k) => k !== 'name') ?? '?';
}

/** "registry/webapp:2.4.1 → 2.5.0" when only the tag changed, else both images in full. */
export function imageChange(before: string, after: string): string {
  const split = (image: string) => {
    const at = image.lastIndexOf(':');
    return at > image.lastIndexOf('/') ? [image.slice(0, at), image.slice(at + 1)] : [image, 'latest'];
  };
  const [repoBefore, tagBefore] = split(before);
  const [repoAfter, tagAfter] = split(after);
  return !before.includes(',') && repoBefore === repoAfter
    ? `${repoBefore}:${tagBefore} → ${tagAfter}`
    : `${before} → ${after}`;
}

function byName(list: Spec[] | undefined): Map<string, Spec> {
  return new Map((list ?? []).map((item) => [String(item.name), item]));
}

/** Added, removed and changed entries of two named lists. */
function diffNamed(
  what: string,
  before: Spec[] | undefined,
  after: Spec[] | undefined,
  describe: (item: Spec) => string,
): string[] {
  const old = byName(before);
  const now = byName(after);
  const out: string[] = [];
  for (const [name, item] of now) {
    const was = old.get(name);
    if (!was) out.push(`${what} ${name} added (${describe(item)})`);
    else if (describe(was) !== describe(item))
      out.push(`${what} ${name}: ${describe(was)} → ${describe(item)}`);
    // Two redacted values look alike: say that it changed, never what it was.
    else if (!same(was, item)) out.push(`${what} ${name} changed (value redacted)`);
  }
  for (const name of old.keys()) if (!now.has(name)) out.push(`${what} ${name} removed`);
  return out;
}

function resourcesText(resources: Spec | undefined): string {
  const part = (which: string) =>
    Object.entries((resources?.[which] ?? {}) as Record<string, string>)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  const requests = part('requests');
  const limits = part('limits');
  return (
    [requests && `requests ${requests}`, limits && `limits ${limits}`].filter(Boolean).join('; ') || 'none'
  );
}

function diffContainer(name: string, before: Spec, after: Spec): string[] {
  const out: string[] = [];
  const at = `container ${name}`;
  if (before.image !== after.image)
    out.push(`${at} image ${imageChange(String(before.image), String(after.image))}`);
  if (!same(before.command, after.command))
    out.push(`${at} command ${short(before.command)} → ${short(after.command)}`);
  if (!same(before.args, after.args)) out.push(`${at} args ${short(before.args)} → ${short(after.args)}`);
  out.push(...diffNamed(`${at} env`, before.env, after.env, envSource));
  const fromBefore = (before.envFrom ?? []).map(envFromName);
  const fromAfter = (after.envFrom ?? []).map(envFromName);
  for (const ref of fromAfter) if (!fromBefore.includes(ref)) out.push(`${at} envFrom ${ref} added`);
  for (const ref of fromBefore) if (!fromAfter.includes(ref)) out.push(`${at} envFrom ${ref} removed`);
  if (!same(before.resources, after.resources)) {
    out.push(`${at} resources ${resourcesText(before.resources)} → ${resourcesText(after.resources)}`);
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (!same(before[probe], after[probe])) {
      out.push(`${at} ${probe} ${probeText(before[probe])} → ${probeText(after[probe])}`);
    }
  }
  if (!same(before.volumeMounts, after.volumeMounts)) {
    out.push(
      ...diffNamed(`${at} mount`, before.volumeMounts, after.volumeMounts, (m) => String(m.mountPath)),
    );
  }
  return out;
}

/** The differences from template `before` to template `after` (pod templates: {metadata, spec}), most telling first. */
export function diffPodTemplates(
  before: KubeObject | Spec | undefined,
  after: KubeObject | Spec | undefined,
): string[] {
  const a: Spec = before?.spec ?? {};
  const b: Spec = after?.spec ?? {};
  const out: string[] = [];
  for (const kind of ['initContainers', 'containers'] as const) {
    const old = byName(a[kind]);
    for (const [name, container] of byName(b[kind])) {
      const was = old.get(name);
      if (!was)
        out.push(
          `${kind === 'containers' ? 'container' : 'init container'} ${name} added (${container.image})`,
        );
      else out.push(...diffContainer(name, was, container));
    }
    for (const name of old.keys()) if (!byName(b[kind]).has(name)) out.push(`container ${name} removed`);
  }
  out.push(...diffNamed('volume', a.volumes, b.volumes, volumeSource));
  for (const field of [
    'nodeSelector',
    'affinity',
    'tolerations',
    'serviceAccountName',
    'imagePullSecrets',
    'securityContext',
  ] as const) {
    if (!same(a[field], b[field])) out.push(`${field} ${short(a[field])} → ${short(b[field])}`);
  }
  return out;
}
