// The Table printer of pods: READY, STATUS (the reason kubectl shows: CrashLoopBackOff, Init:0/1, Terminating) and RESTARTS.
import type { KubeObject } from '../../store.js';
import { ageSince } from '../humanDuration.js';
import { age, arr, col, ageCol, nameCol, num, orNone, rec, str, type Printer, type Rec } from './columns.js';

function podStatus(pod: KubeObject, nowMs: number): { ready: string; reason: string; restarts: string } {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const containers = arr(spec.containers);
  const initContainers = arr(spec.initContainers);
  let reason = str(status.reason) || str(status.phase);
  let restarts = 0;
  let readyContainers = 0;
  let lastRestart = 0;
  const noteRestart = (cs: Rec) => {
    const finished = Date.parse(str(rec(rec(cs.lastState).terminated).finishedAt));
    if (!Number.isNaN(finished) && finished > lastRestart) lastRestart = finished;
  };
  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i] ?? {};
    restarts += num(cs.restartCount);
    noteRestart(cs);
    const state = rec(cs.state);
    const terminated = state.terminated ? rec(state.terminated) : undefined;
    const waiting = state.waiting ? rec(state.waiting) : undefined;
    if (terminated && num(terminated.exitCode) === 0) continue;
    if (terminated) {
      reason = str(terminated.reason)
        ? `Init:${str(terminated.reason)}`
        : num(terminated.signal) !== 0
          ? `Init:Signal:${num(terminated.signal)}`
          : `Init:ExitCode:${num(terminated.exitCode)}`;
    } else if (waiting && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }
  const initialized = arr(status.conditions).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = 0;
    lastRestart = 0;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] ?? {};
      restarts += num(cs.restartCount);
      noteRestart(cs);
      const state = rec(cs.state);
      const waiting = state.waiting ? rec(state.waiting) : undefined;
      const terminated = state.terminated ? rec(state.terminated) : undefined;
      if (waiting && str(waiting.reason) !== '') reason = str(waiting.reason);
      else if (terminated && str(terminated.reason) !== '') reason = str(terminated.reason);
      else if (terminated)
        reason =
          num(terminated.signal) !== 0
            ? `Signal:${num(terminated.signal)}`
            : `ExitCode:${num(terminated.exitCode)}`;
      else if (cs.ready === true && state.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = arr(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True')
        ? 'Running'
        : 'NotReady';
    }
  }
  const phase = str(status.phase);
  if (pod.metadata.deletionTimestamp && str(status.reason) === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed')
    reason = 'Terminating';
  const restartText =
    restarts !== 0 && lastRestart !== 0
      ? `${restarts} (${ageSince(new Date(lastRestart).toISOString(), nowMs)} ago)`
      : String(restarts);
  return { ready: `${readyContainers}/${containers.length}`, reason, restarts: restartText };
}

export const podPrinters: Record<string, Printer> = {
  'core/pods': {
    columns: [
      nameCol,
      col('Ready'),
      col('Status'),
      col('Restarts'),
      ageCol,
      col('IP', 'string', 1),
      col('Node', 'string', 1),
      col('Nominated Node', 'string', 1),
      col('Readiness Gates', 'string', 1),
    ],
    cells(pod, nowMs) {
      const { ready, reason, restarts } = podStatus(pod, nowMs);
      const status = rec(pod.status);
      const spec = rec(pod.spec);
      const ip = str(arr(status.podIPs)[0]?.ip) || str(status.podIP);
      const gates = arr(spec.readinessGates);
      const gateText =
        gates.length === 0
          ? '<none>'
          : `${gates.filter((g) => arr(status.conditions).some((c) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`;
      return [
        pod.metadata.name,
        ready,
        reason,
        restarts,
        age(pod, nowMs),
        orNone(ip),
        orNone(str(spec.nodeName)),
        orNone(str(status.nominatedNodeName)),
        gateText,
      ];
    },
  },
};
