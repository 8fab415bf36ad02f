// Resource sizing for the rules: steps people write limits in, kept within the policy's per-change bound.
import { RESOURCE_FACTOR } from './rule.js';

const GI = 2 ** 30;
const MI = 2 ** 20;

/** Rounds bytes up to a whole Gi (or to 64Mi below 1Gi), the step people write limits in. */
export function roundUpMemory(bytes: number): number {
  if (bytes >= GI) return Math.ceil(bytes / GI - 1e-9) * GI;
  return Math.ceil(bytes / (64 * MI) - 1e-9) * 64 * MI;
}

/** Rounds cores up to a multiple of 100m. */
export function roundUpCpu(cores: number): number {
  return Math.ceil(cores * 10 - 1e-9) / 10;
}

export function cpuText(cores: number): string {
  return cores >= 1 && Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

/** A rounded step never above `factor` × today (rounding down to a whole MiB when the round step overshoots). */
function bounded(rounded: number, today: number | undefined): number {
  if (today === undefined || today <= 0) return rounded;
  const most = today * RESOURCE_FACTOR;
  return rounded <= most ? rounded : Math.floor(most / MI) * MI;
}

/**
 * New memory settings: limit × 1.5 and request = usage + 30%, both rounded up to whole Gi (64Mi below 1Gi),
 * then held within the policy's ×2 per change of today's limit and request.
 */
export function memoryStep(limit: number, used: number | undefined, request: number | undefined) {
  const newLimit = bounded(roundUpMemory(limit * 1.5), limit);
  const wanted = Math.max(used !== undefined ? used * 1.3 : 0, request ?? 0);
  const newRequest = Math.min(newLimit, bounded(roundUpMemory(wanted || limit), request));
  return { newLimit, newRequest: Math.max(newRequest, request ?? 0) };
}
