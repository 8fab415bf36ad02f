// Rollout facts from get_deployment_history's structured changes: revisions, what each changed, and when.
import type { z } from 'zod';
import type { getDeploymentHistory } from '../../mcp/tools/getDeploymentHistory.js';

type HistoryResult = Partial<z.infer<(typeof getDeploymentHistory)['output']>>;

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** "2d5h", "24m", "1h18m ago" → milliseconds. */
export function parseAge(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const parts = [...text.matchAll(/(\d+)([dhms])/g)];
  if (parts.length === 0) return undefined;
  return parts.reduce((total, [, n, unit]) => total + Number(n) * (UNIT_MS[unit as string] ?? 0), 0);
}

export interface Revision {
  revision: number;
  change: string;
  ageMs?: number;
  /** How this revision's pod template differs from the one before it. */
  differs: 'first' | 'image' | 'restart-only' | 'unknown' | 'described';
}

export interface RolloutHistory {
  deployment?: string;
  currentRevision?: number;
  /** Template revisions in the window, newest first. */
  revisions: Revision[];
  /** The newest revision, when it is in the window. */
  current?: Revision;
  /** The current revision verifiably differs from an earlier one (a rollback would change the pods). */
  differsFromEarlier: boolean;
  /** A memory/CPU request or limit change in the window. */
  recentResourceChange: boolean;
}

const RESOURCE_CHANGE =
  /\b(memory|cpu|resources?)\b[^\n]{0,40}\b(limit|request|changed?|raised|increased|set)\b/i;

function classify(change: string): Revision['differs'] {
  if (/^created\b/i.test(change)) return 'first';
  if (/^image\b/i.test(change)) return 'image';
  if (/restartedAt|rollout restart|restarted/i.test(change)) return 'restart-only';
  // "pod template changed (same image) (revision 5)" says a change happened, not what it was.
  if (/same image\)\s*\(revision \d+\)\s*$/i.test(change)) return 'unknown';
  return 'described';
}

export function readHistory(data: HistoryResult): RolloutHistory {
  const changes = data.changes ?? [];
  const revisions: Revision[] = [];
  for (const entry of changes) {
    const revision = /\(revision (\d+)\)/.exec(entry.change)?.[1];
    if (revision === undefined) continue;
    revisions.push({
      revision: Number(revision),
      change: entry.change,
      ageMs: parseAge(entry.when),
      differs: classify(entry.change),
    });
  }
  const summary = data.summary ?? '';
  // An older tool gave only a summary ("revision 5: config change 20m ago"): a named change to a later revision.
  if (!data.changes) {
    const match = /\brevision (\d+)\b[^\n]*\b(image|config|template)\b/i.exec(summary);
    if (match && Number(match[1]) > 1)
      revisions.push({ revision: Number(match[1]), change: summary, differs: 'described' });
  }
  revisions.sort((a, b) => b.revision - a.revision);
  const current = revisions[0];
  const currentRevision = data.revision ?? current?.revision;
  const differsFromEarlier =
    current !== undefined &&
    current.revision === currentRevision &&
    current.revision > 1 &&
    (current.differs === 'image' || current.differs === 'described');
  const texts = [summary, ...changes.map((c) => c.change)];
  return {
    deployment: data.deployment,
    currentRevision,
    revisions,
    current,
    differsFromEarlier,
    recentResourceChange: texts.some((t) => RESOURCE_CHANGE.test(t)),
  };
}
