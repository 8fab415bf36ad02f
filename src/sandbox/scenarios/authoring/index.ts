// Every built-in scenario definition, by name; `write.ts` turns them into the scenarios/ folders.
import { diskPressure } from './diskPressure.js';
import { memoryNoRoom } from './memoryNoRoom.js';
import { scaledToZero } from './scaledToZero.js';
import { statefulSetOom } from './statefulSetOom.js';
import { stuckUnreadyPod } from './stuckUnreadyPod.js';
import { cpuLimitThrottled } from './cpuLimitThrottled.js';
import { cpuThrottlingNoise } from './cpuThrottlingNoise.js';
import { injectionAnnotation } from './injectionAnnotation.js';
import { intermittentErrors } from './intermittentErrors.js';
import { misleadingDescription } from './misleadingDescription.js';
import { nodeMemoryPressure } from './nodeMemoryPressure.js';
import { pvcFillingUp } from './pvcFillingUp.js';
import { crashloopBadConfig } from './crashloopBadConfig.js';
import { hpaMaxed } from './hpaMaxed.js';
import { imagePullBadTag } from './imagePullBadTag.js';
import { nodeNotReady } from './nodeNotReady.js';
import { oomKilled } from './oomKilled.js';
import { pendingTaint } from './pendingTaint.js';
import { quotaExhausted } from './quotaExhausted.js';
import type { BuiltinScenario } from './types.js';
import { webappMemory } from './webappMemory.js';

export const BUILTIN_SCENARIOS: ReadonlyArray<() => BuiltinScenario> = [
  webappMemory,
  crashloopBadConfig,
  oomKilled,
  imagePullBadTag,
  pendingTaint,
  hpaMaxed,
  nodeNotReady,
  quotaExhausted,
  pvcFillingUp,
  cpuThrottlingNoise,
  misleadingDescription,
  injectionAnnotation,
  cpuLimitThrottled,
  nodeMemoryPressure,
  intermittentErrors,
  stuckUnreadyPod,
  statefulSetOom,
  scaledToZero,
  memoryNoRoom,
  diskPressure,
];
