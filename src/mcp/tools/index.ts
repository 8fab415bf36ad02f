// Every tool the server offers, in the order clients list them.
import type { KopilotTool } from '../tool.js';
import { checkNodeCapacity } from './checkNodeCapacity.js';
import { getPodStatus } from './getPodStatus.js';

export const TOOLS: KopilotTool[] = [getPodStatus, checkNodeCapacity] as unknown as KopilotTool[];
