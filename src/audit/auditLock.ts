// A lock file that serialises audit appends across processes (kopilot triage and kopilot mcp --http write the
// same log): created exclusively, removed after the write, taken over when its holder died long ago.
import { open, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const STALE_MS = 10_000;
const GIVE_UP_MS = 15_000;

export async function withLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.close();
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw error;
      const age = await stat(lockPath).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_MS) await rm(lockPath, { force: true });
      else if (Date.now() - started > GIVE_UP_MS) {
        throw new Error(
          `the audit log is locked by another kopilot (${lockPath}); remove the file if none runs`,
          { cause: error },
        );
      } else await sleep(wait);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}
