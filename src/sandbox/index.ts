// startSandbox: a scenario loaded into the store, the controllers running, the API server listening, a kubeconfig written.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxClock } from './clock.js';
import { evictPod, startControllers, type Controllers, type Simulation } from './controllers/index.js';
import { writeSandboxKubeconfig } from './kubeconfig.js';
import {
  generateSyntheticCluster,
  loadIntoStore,
  loadScenario,
  type Scenario,
  type ScenarioLog,
  type SyntheticOptions,
} from './scenarios/index.js';
import { createApiServer } from './server/apiServer.js';
import type { LogSource, WriteRecord } from './server/context.js';
import { ObjectStore } from './store.js';

export { ADMIN_CONTEXT, READONLY_CONTEXT } from './kubeconfig.js';
export type { WriteRecord } from './server/context.js';

export const DEFAULT_SCENARIO = 'webapp-memory';

export interface SandboxOptions {
  /** A built-in scenario name or a scenario folder (default `webapp-memory`). */
  scenario?: string;
  /** A generated cluster of this size (deterministic from the seed) instead of a scenario. */
  synthetic?: Omit<SyntheticOptions, 'now'>;
  /** TCP port on 127.0.0.1; 0 or undefined picks a free one. */
  port?: number;
  /** Where to write the kubeconfig; default a fresh temporary folder removed on close. */
  kubeconfigPath?: string;
  /** Run the simulated controllers (default true). */
  controllers?: boolean;
}

export interface Sandbox {
  url: string;
  kubeconfigPath: string;
  store: ObjectStore;
  clock: SandboxClock;
  scenario: Scenario;
  /** Mutating API requests that were not dry runs (writes made by the simulated controllers do not count). */
  writeCount(): number;
  /** Those requests, oldest first. */
  writes(): WriteRecord[];
  /** Resolves once the controllers have caught up with every change so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = new SandboxClock();
  const store = new ObjectStore(clock);
  const scenario = await scenarioFor(options, clock);
  loadIntoStore(scenario, store);
  const served = await serveSandbox({
    store,
    clock,
    logs: scenario.logs,
    namespace: defaultNamespace(scenario),
    ...(scenario.simulation ? { simulation: scenario.simulation } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.kubeconfigPath !== undefined ? { kubeconfigPath: options.kubeconfigPath } : {}),
    ...(options.controllers !== undefined ? { controllers: options.controllers } : {}),
  });
  return { ...served, scenario };
}

export interface ServeOptions {
  store: ObjectStore;
  clock: SandboxClock;
  logs?: ScenarioLog[];
  simulation?: Simulation;
  /** The namespace the kubeconfig's contexts start in (default `default`). */
  namespace?: string;
  port?: number;
  kubeconfigPath?: string;
  controllers?: boolean;
}

/** Serves an already filled store: controllers, API server on 127.0.0.1, kubeconfig. */
export async function serveSandbox(options: ServeOptions): Promise<Omit<Sandbox, 'scenario'>> {
  const { store, clock } = options;
  const controllers: Controllers | undefined =
    options.controllers === false
      ? undefined
      : startControllers({ store, clock, ...(options.simulation ? { simulation: options.simulation } : {}) });

  const writes: WriteRecord[] = [];
  const tokens = { admin: randomBytes(24).toString('hex'), readonly: randomBytes(24).toString('hex') };
  const api = createApiServer({
    store,
    clock,
    tokens,
    hooks: {
      podLogs: logSource(options.logs ?? []),
      evictPod: ({ namespace, name, dryRun }) => evictPod(store, clock, namespace, name, { dryRun }),
    },
    recordWrite: (record) => writes.push(record),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      api.server.once('error', reject);
      api.server.listen(options.port ?? 0, '127.0.0.1', () => {
        api.server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    controllers?.stop();
    throw error;
  }
  const { port } = api.server.address() as AddressInfo;
  const url = `https://127.0.0.1:${port}`;

  let tempDir: string | undefined;
  let kubeconfigPath = options.kubeconfigPath;
  try {
    if (!kubeconfigPath) {
      tempDir = await mkdtemp(join(tmpdir(), 'kopilot-sandbox-'));
      kubeconfigPath = join(tempDir, 'kubeconfig');
    }
    await writeSandboxKubeconfig(kubeconfigPath, url, api.caPem, tokens, options.namespace ?? 'default');
  } catch (error) {
    controllers?.stop();
    await api.close();
    throw error;
  }

  let closed: Promise<void> | undefined;
  return {
    url,
    kubeconfigPath,
    store,
    clock,
    writeCount: () => writes.length,
    writes: () => [...writes],
    settle: () => controllers?.settle() ?? Promise.resolve(),
    close() {
      closed ??= (async () => {
        controllers?.stop();
        await api.close();
        if (tempDir) await rm(tempDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

async function scenarioFor(options: SandboxOptions, clock: SandboxClock): Promise<Scenario> {
  if (options.synthetic) return generateSyntheticCluster({ ...options.synthetic, now: clock.now() });
  return loadScenario(options.scenario ?? DEFAULT_SCENARIO, { at: clock.now() });
}

/** The namespace the kubeconfig's contexts start in: the scenario's incident namespace when it names one. */
function defaultNamespace(scenario: Scenario): string {
  return scenario.expect.target.namespace ?? 'default';
}

function logSource(scenarioLogs: ScenarioLog[]): LogSource {
  const logs = new Map<string, string>();
  for (const log of scenarioLogs) {
    logs.set(
      `${log.namespace}/${log.pod}/${log.container}/${log.previous ? 'previous' : 'current'}`,
      log.text,
    );
  }
  return (namespace, pod, container, previous) => {
    return logs.get(`${namespace}/${pod}/${container}/${previous ? 'previous' : 'current'}`);
  };
}
