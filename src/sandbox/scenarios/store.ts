// Puts a loaded scenario's objects into the sandbox's ObjectStore, each under its resource key.
import type { ObjectStore } from '../store.js';
import { scenarioKind } from './kinds.js';
import type { Scenario } from './schema.js';

/** Creates every object of the scenario (core/v1 Events under `core/events`); returns how many. */
export function loadIntoStore(scenario: Scenario, store: ObjectStore): number {
  for (const object of scenario.objects) {
    const kind = scenarioKind(object.apiVersion, object.kind);
    if (!kind)
      throw new Error(`scenario ${scenario.name} holds an unsupported ${object.apiVersion} ${object.kind}`);
    store.create(kind.resource, object);
  }
  return scenario.objects.length;
}

/** The ObjectStore key of an object of a scenario, e.g. `apps/deployments`. */
export function resourceKeyOf(object: { apiVersion: string; kind: string }): string | undefined {
  return scenarioKind(object.apiVersion, object.kind)?.resource;
}
