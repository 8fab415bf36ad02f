// The audit log's files on disk: the current file and its rotated predecessors (audit.1.jsonl is the newest of
// those), read line by line forwards in a stream or backwards from the end, never as one string.
import { createReadStream } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

/** A line longer than this cannot be a record kopilot wrote; it is skipped (and reported by --verify). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** `audit.jsonl` → `audit.3.jsonl`: where the file rotated out `n` times lives. */
export function rotatedPath(path: string, n: number): string {
  const ext = extname(path);
  return n === 0 ? path : join(dirname(path), `${basename(path, ext)}.${n}${ext}`);
}

/** The log's files, oldest first (highest number first, the current file last); only those that exist. */
export async function logFiles(path: string): Promise<string[]> {
  const ext = extname(path);
  const stem = basename(path, ext);
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const pattern = new RegExp(
    `^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)${ext.replace('.', '\\.')}$`,
  );
  const rotated = names
    .flatMap((name) => {
      const n = pattern.exec(name)?.[1];
      return n === undefined ? [] : [Number(n)];
    })
    .sort((a, b) => b - a)
    .map((n) => rotatedPath(path, n));
  return names.includes(basename(path)) ? [...rotated, path] : rotated;
}

export interface FileLine {
  text: string;
  /** 1-based line number in its file. */
  line: number;
  /** False for a last line without its newline: a write that was cut short. */
  complete: boolean;
  /** True when the line was longer than MAX_LINE_BYTES and its text dropped. */
  oversized?: boolean;
}

/** Every line of one file, in order, read in a stream. */
export async function* linesOf(file: string): AsyncGenerator<FileLine> {
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let oversized = false;
  let line = 0;
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
        line++;
        const piece = chunk.subarray(start, nl);
        if (oversized || partialBytes + piece.length > MAX_LINE_BYTES) {
          yield { text: '', line, complete: true, oversized: true };
        } else {
          yield { text: Buffer.concat([...partial, piece]).toString('utf8'), line, complete: true };
        }
        partial = [];
        partialBytes = 0;
        oversized = false;
        start = nl + 1;
      }
      const rest = chunk.subarray(start);
      if (oversized || partialBytes + rest.length > MAX_LINE_BYTES) {
        oversized = true;
        partial = [];
        partialBytes = 0;
      } else if (rest.length) {
        partial.push(Buffer.from(rest));
        partialBytes += rest.length;
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (oversized) yield { text: '', line: line + 1, complete: false, oversized: true };
  else if (partialBytes)
    yield { text: Buffer.concat(partial).toString('utf8'), line: line + 1, complete: false };
}

/** The lines of one file from the last to the first, reading only as far back as the caller keeps asking. */
export async function* linesBackwards(
  file: string,
  stats: { bytesRead: number } = { bytesRead: 0 },
  chunkBytes = 256 * 1024,
): AsyncGenerator<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    let position = (await handle.stat()).size;
    let carry = Buffer.alloc(0);
    while (position > 0) {
      const size = Math.min(chunkBytes, position);
      position -= size;
      const buffer = Buffer.alloc(size);
      await handle.read(buffer, 0, size, position);
      stats.bytesRead += size;
      let block = Buffer.concat([buffer, carry]);
      let end = block.length;
      for (let nl = block.lastIndexOf(10, end - 1); nl >= 0; nl = block.lastIndexOf(10, end - 1)) {
        if (end - nl - 1 > 0) yield block.subarray(nl + 1, end).toString('utf8');
        end = nl;
        if (end === 0) break;
      }
      block = block.subarray(0, end);
      // A line longer than the cap is not a record: drop it instead of growing without bound.
      carry = block.length > MAX_LINE_BYTES ? Buffer.alloc(0) : Buffer.from(block);
    }
    if (carry.length) yield carry.toString('utf8');
  } finally {
    await handle.close();
  }
}
