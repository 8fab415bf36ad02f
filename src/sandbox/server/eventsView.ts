// events.k8s.io/v1 is a view of the core/v1 Events in the store, converted both ways like the real server does.
import type { KubeObject } from '../store.js';

const viewCache = new WeakMap<KubeObject, KubeObject>();

type Rec = Record<string, unknown>;

/** A core/v1 Event as events.k8s.io/v1 shows it (regarding, note, deprecated* fields). */
export function toEventsV1(core: KubeObject): KubeObject {
  const cached = viewCache.get(core);
  if (cached) return cached;
  const source = (core.source ?? {}) as Rec;
  const view: KubeObject = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: core.metadata,
    eventTime: core.eventTime ?? null,
    ...(core.series !== undefined ? { series: core.series } : {}),
    reportingController: core.reportingComponent ?? source.component ?? '',
    reportingInstance: core.reportingInstance ?? source.host ?? '',
    ...(core.action !== undefined ? { action: core.action } : {}),
    ...(core.reason !== undefined ? { reason: core.reason } : {}),
    ...(core.involvedObject !== undefined ? { regarding: core.involvedObject } : {}),
    ...(core.related !== undefined ? { related: core.related } : {}),
    ...(core.message !== undefined ? { note: core.message } : {}),
    ...(core.type !== undefined ? { type: core.type } : {}),
    ...(source.component !== undefined || source.host !== undefined ? { deprecatedSource: source } : {}),
    ...(core.firstTimestamp ? { deprecatedFirstTimestamp: core.firstTimestamp } : {}),
    ...(core.lastTimestamp ? { deprecatedLastTimestamp: core.lastTimestamp } : {}),
    ...(core.count !== undefined ? { deprecatedCount: core.count } : {}),
  };
  viewCache.set(core, view);
  return view;
}

/** An events.k8s.io/v1 Event written by a client, stored as the core/v1 Event it stands for. */
export function fromEventsV1(view: KubeObject): KubeObject {
  const {
    apiVersion: _a,
    kind: _k,
    metadata,
    regarding,
    note,
    reportingController,
    reportingInstance,
    deprecatedSource,
    deprecatedFirstTimestamp,
    deprecatedLastTimestamp,
    deprecatedCount,
    ...rest
  } = view;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata,
    ...rest,
    ...(regarding !== undefined ? { involvedObject: regarding } : { involvedObject: {} }),
    ...(note !== undefined ? { message: note } : {}),
    ...(reportingController !== undefined ? { reportingComponent: reportingController } : {}),
    ...(reportingInstance !== undefined ? { reportingInstance } : {}),
    source: deprecatedSource ?? (reportingController ? { component: reportingController } : {}),
    ...(deprecatedFirstTimestamp !== undefined ? { firstTimestamp: deprecatedFirstTimestamp } : {}),
    ...(deprecatedLastTimestamp !== undefined ? { lastTimestamp: deprecatedLastTimestamp } : {}),
    ...(deprecatedCount !== undefined ? { count: deprecatedCount } : {}),
  };
}
