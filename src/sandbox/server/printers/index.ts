// The Table printer of each served resource, by ObjectStore key; resources without one print NAME and AGE.
import { batchPrinters } from './batch.js';
import { clusterPrinters } from './cluster.js';
import type { Printer } from './columns.js';
import { podPrinters } from './pods.js';
import { scalingPrinters } from './scaling.js';
import { storagePrinters } from './storage.js';
import { workloadPrinters } from './workloads.js';

export const PRINTERS: Record<string, Printer> = {
  ...podPrinters,
  ...clusterPrinters,
  ...workloadPrinters,
  ...scalingPrinters,
  ...batchPrinters,
  ...storagePrinters,
};
