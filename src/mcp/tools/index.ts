// Every tool the server offers, in the order clients list them: the design's six first.
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
import { getWorkload } from './getWorkload.js';
import { listPods } from './listPods.js';
import { listRelatedAlerts } from './listRelatedAlerts.js';

export const TOOLS = [
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
] as unknown as KopilotTool[];
