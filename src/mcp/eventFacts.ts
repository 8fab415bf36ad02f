// Events the way an on-call engineer reads them: about the target and its owners first, Warning before Normal,
// repeats across objects grouped by reason with counts and first/last seen.
import type { KubeObject } from '../cluster/clusterClient.js';

export interface EventGroup {
  type: string;
  reason: string;
  /** The objects it was reported about, "Kind name" each. */
  objects: string[];
  message: string;
  count: number;
  first: number;
  last: number;
  /** 0 about the target, 1 about an owner or an owned object, 2 anything else. */
  relevance: number;
}

/** The event's time: last seen, else its event time, else when it was created (ms, 0 when unknown). */
export function eventTime(event: KubeObject): number {
  const text =
    event.lastTimestamp ??
    event.eventTime ??
    event.series?.lastObservedTime ??
    event.metadata.creationTimestamp;
  const time = text ? Date.parse(String(text)) : NaN;
  return Number.isNaN(time) ? 0 : time;
}

function firstTime(event: KubeObject): number {
  const text = event.firstTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp;
  const time = text ? Date.parse(String(text)) : NaN;
  return Number.isNaN(time) ? eventTime(event) : time;
}

/**
 * How close an object is to the target by name: the target itself, then the objects named after it (its
 * ReplicaSets and pods) and the ones it is named after (a pod's ReplicaSet and Deployment).
 */
export function relevanceTo(target: string | undefined, object: string): number {
  if (!target) return 2;
  if (object === target) return 0;
  if (object.startsWith(`${target}-`) || target.startsWith(`${object}-`)) return 1;
  return 2;
}

/** Messages that differ only in a pod's name or a number are the same story ("0/5 nodes are available…"). */
function storyOf(message: string): string {
  return message.replace(/\d+/g, '#');
}

export function groupEvents(
  events: KubeObject[],
  options: { since: number; warningsOnly: boolean; relatedTo?: string; withNamespace: boolean },
): EventGroup[] {
  const groups = new Map<string, EventGroup>();
  for (const event of events) {
    const type = String(event.type ?? 'Normal');
    if (options.warningsOnly && type !== 'Warning') continue;
    const last = eventTime(event);
    if (last && last < options.since) continue;
    const about = event.involvedObject ?? event.regarding ?? {};
    const name = String(about.name ?? '?');
    const object = `${about.kind ?? '?'} ${options.withNamespace && about.namespace ? `${about.namespace}/` : ''}${name}`;
    const message = String(event.message ?? event.note ?? '');
    const relevance = relevanceTo(options.relatedTo, name);
    const reason = String(event.reason ?? '');
    // The target's own events stay apart; the same story about many other objects is told once.
    const key = `${type}|${reason}|${relevance === 0 ? object : ''}|${storyOf(message)}`;
    const count = Number(event.count ?? event.series?.count ?? 1);
    const group = groups.get(key);
    if (group) {
      group.count += count;
      if (!group.objects.includes(object)) group.objects.push(object);
      group.first = Math.min(group.first, firstTime(event) || last);
      if (last >= group.last) group.message = message;
      group.last = Math.max(group.last, last);
      group.relevance = Math.min(group.relevance, relevance);
    } else {
      groups.set(key, {
        type,
        reason,
        objects: [object],
        message,
        count,
        first: firstTime(event) || last,
        last,
        relevance,
      });
    }
  }
  const near = (g: EventGroup) => (g.relevance < 2 ? 0 : 1);
  const warning = (g: EventGroup) => (g.type === 'Warning' ? 0 : 1);
  return [...groups.values()].sort(
    (a, b) => near(a) - near(b) || warning(a) - warning(b) || a.relevance - b.relevance || b.last - a.last,
  );
}
