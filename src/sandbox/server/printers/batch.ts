// The Table printers of the batch group: Jobs (STATUS, COMPLETIONS, DURATION) and CronJobs (SCHEDULE, LAST SCHEDULE).
import type { KubeObject } from '../../store.js';
import { ageSince, humanDuration } from '../humanDuration.js';
import { formatLabelSelectorSpec } from '../selectors.js';
import {
  age,
  ageCol,
  arr,
  col,
  containerNames,
  nameCol,
  num,
  rec,
  str,
  type Printer,
  type Rec,
} from './columns.js';

const hasCondition = (status: Rec, type: string) =>
  arr(status.conditions).some((c) => c.type === type && c.status === 'True');

/** As kube's printJob: the first of Complete, Failed, Terminating, Suspended, … that holds, else Running. */
function jobStatus(job: KubeObject): string {
  const status = rec(job.status);
  if (hasCondition(status, 'Complete')) return 'Complete';
  if (hasCondition(status, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(status, 'Suspended')) return 'Suspended';
  if (hasCondition(status, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(status, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

function completions(spec: Rec, status: Rec): string {
  const succeeded = num(status.succeeded);
  if (typeof spec.completions === 'number') return `${succeeded}/${spec.completions}`;
  const parallelism = num(spec.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function duration(status: Rec, nowMs: number): string {
  const started = Date.parse(str(status.startTime));
  if (Number.isNaN(started)) return '';
  const completed = Date.parse(str(status.completionTime));
  return Number.isNaN(completed) ? humanDuration(nowMs - started) : humanDuration(completed - started);
}

export const batchPrinters: Record<string, Printer> = {
  'batch/jobs': {
    columns: [
      nameCol,
      col('Status'),
      col('Completions'),
      col('Duration'),
      ageCol,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    cells(job, nowMs) {
      const spec = rec(job.spec);
      const status = rec(job.status);
      const { names, images } = containerNames(rec(spec.template));
      return [
        job.metadata.name,
        jobStatus(job),
        completions(spec, status),
        duration(status, nowMs),
        age(job, nowMs),
        names,
        images,
        formatLabelSelectorSpec(spec.selector as never),
      ];
    },
  },
  'batch/cronjobs': {
    columns: [
      nameCol,
      col('Schedule'),
      col('Timezone'),
      col('Suspend', 'boolean'),
      col('Active', 'integer'),
      col('Last Schedule'),
      ageCol,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    cells(cronJob, nowMs) {
      const spec = rec(cronJob.spec);
      const status = rec(cronJob.status);
      const jobSpec = rec(rec(spec.jobTemplate).spec);
      const { names, images } = containerNames(rec(jobSpec.template));
      const last = str(status.lastScheduleTime);
      return [
        cronJob.metadata.name,
        str(spec.schedule),
        str(spec.timeZone) || '<none>',
        // The API server defaults suspend to false.
        spec.suspend === true ? 'True' : 'False',
        arr(status.active).length,
        last === '' ? '<none>' : ageSince(last, nowMs),
        age(cronJob, nowMs),
        names,
        images,
        formatLabelSelectorSpec(jobSpec.selector as never),
      ];
    },
  },
};
