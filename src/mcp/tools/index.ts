// Every tool the server offers, in the order clients list them: the design's six first.
import type { z } from 'zod';
import type { KopilotTool } from '../tool.js';
import { checkNodeCapacity } from './checkNodeCapacity.js';
import { checkResourceChangeFeasibility } from './checkResourceChangeFeasibility.js';
import { checkResourceQuotas } from './checkResourceQuotas.js';
import { checkScalingFeasibility } from './checkScalingFeasibility.js';
import { getDeploymentHistory } from './getDeploymentHistory.js';
import { getEvents } from './getEvents.js';
import { getHpaStatus } from './getHpaStatus.js';
import { getMetricTrend } from './getMetricTrend.js';
import { getNetworkPolicies } from './getNetworkPolicies.js';
import { getNodeStatus } from './getNodeStatus.js';
import { getPdbStatus } from './getPdbStatus.js';
import { getPodLogs } from './getPodLogs.js';
import { getPodStatus } from './getPodStatus.js';
import { getPvcStatus } from './getPvcStatus.js';
import { getWorkload } from './getWorkload.js';
import { listPods } from './listPods.js';
import { listRelatedAlerts } from './listRelatedAlerts.js';

const TYPED_TOOLS = [
  getPodStatus,
  checkNodeCapacity,
  getDeploymentHistory,
  listRelatedAlerts,
  checkResourceQuotas,
  getHpaStatus,
  getEvents,
  getPodLogs,
  listPods,
  getWorkload,
  getNodeStatus,
  checkScalingFeasibility,
  checkResourceChangeFeasibility,
  getPdbStatus,
  getNetworkPolicies,
  getMetricTrend,
  getPvcStatus,
] as const;

export const TOOLS = TYPED_TOOLS as unknown as KopilotTool[];

/** A tool's name, as the server lists it. */
export type ToolName = (typeof TYPED_TOOLS)[number]['name'];

/** What a caller may pass to tool T: its zod input, defaults optional (a wrong argument name fails tsc). */
export type ToolArguments<T extends ToolName> = z.input<
  Extract<(typeof TYPED_TOOLS)[number], { name: T }>['input']
>;
