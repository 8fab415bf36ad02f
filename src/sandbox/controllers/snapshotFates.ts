// What the loaded snapshot shows about images, learnt as simulation rules so that replacement pods meet the same
// fate: an image whose pull failed keeps failing (denied ones until the pod has its pull secrets), and a container
// image that was crash-looping keeps crashing, unless the scenario's own rules already say what it does.
import type { ObjectStore } from '../store.js';
import { missingPullSecrets } from './containerConfig.js';
import { podSpec } from './podState.js';
import { imageMatches, type CrashRule, type Simulation } from './simulation.js';

const PULL_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName']);
const DENIED = /unauthori[sz]ed|authoriz|pull access denied|forbidden|401|403|no basic auth credentials/i;

interface ContainerStatus {
  name: string;
  image?: string;
  restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string } };
  lastState?: {
    terminated?: { exitCode?: number; reason?: string; startedAt?: string; finishedAt?: string };
  };
}

export function learnFromSnapshot(simulation: Simulation, store: ObjectStore): Simulation {
  const pods = store.list('core/pods');
  const events = store.list('core/events');
  const learnt = structuredClone(simulation);
  const known = (image: string) =>
    [...learnt.unavailableImages, ...learnt.privateImages].some((p) => imageMatches(p, image)) ||
    learnt.crashingImages.some((r) => imageMatches(r.image, image));
  const deniedByEvent = new Set(
    events
      .filter((e) => e.reason === 'Failed' && DENIED.test(String(e.message)))
      .map(
        (e) =>
          `${e.metadata.namespace ?? ''}/${(e.involvedObject as { name?: string } | undefined)?.name ?? ''}`,
      ),
  );
  for (const pod of pods) {
    const statuses = ((pod.status as { containerStatuses?: ContainerStatus[] } | undefined)
      ?.containerStatuses ?? []) as ContainerStatus[];
    for (const cs of statuses) {
      const image = cs.image || podSpec(pod).containers?.find((c) => c.name === cs.name)?.image || '';
      if (image === '' || known(image)) continue;
      const waiting = cs.state?.waiting;
      if (PULL_FAILURES.has(waiting?.reason ?? '')) {
        const spec = podSpec(pod);
        const named = ((spec.imagePullSecrets ?? []) as unknown[]).length > 0;
        const missing = missingPullSecrets(store, pod.metadata.namespace ?? 'default', spec).length > 0;
        const denied =
          DENIED.test(waiting?.message ?? '') ||
          deniedByEvent.has(`${pod.metadata.namespace ?? ''}/${pod.metadata.name}`) ||
          missing;
        // Denied for want of pull secrets: pulls work once the pod names secrets that exist.
        (denied && (missing || !named) ? learnt.privateImages : learnt.unavailableImages).push(image);
        continue;
      }
      const terminated = cs.lastState?.terminated;
      if (waiting?.reason === 'CrashLoopBackOff' && terminated && terminated.reason !== 'OOMKilled') {
        learnt.crashingImages.push(crashRule(image, cs.name, terminated));
      }
    }
  }
  return learnt;
}

function crashRule(
  image: string,
  container: string,
  terminated: NonNullable<ContainerStatus['lastState']>['terminated'] & object,
): CrashRule {
  const ran = (Date.parse(terminated.finishedAt ?? '') - Date.parse(terminated.startedAt ?? '')) / 1000;
  return {
    image,
    container,
    exitCode: terminated.exitCode && terminated.exitCode > 0 ? Math.min(255, terminated.exitCode) : 1,
    reason: terminated.reason || 'Error',
    runSeconds: Number.isFinite(ran) && ran > 0 ? Math.min(3600, ran) : 3,
  };
}
