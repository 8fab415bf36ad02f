// Reads the alert(s) given with --alert FILE or --alert - (stdin): bad input is one line and exit 2.
import { readFile } from 'node:fs/promises';
import type { Alert } from '../alerts/alert.js';
import { parseAlerts } from '../alerts/parse.js';
import { UsageError } from '../errors.js';

async function readStdin(stdin: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

export async function readAlertInput(
  path: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<Alert[]> {
  let bytes: Buffer;
  if (path === '-') bytes = await readStdin(stdin);
  else {
    try {
      bytes = await readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        `cannot read alert file ${path}: ${code === 'ENOENT' ? 'no such file' : String(code)}`,
      );
    }
  }
  const parsed = parseAlerts(new Uint8Array(bytes), { source: path === '-' ? 'stdin' : path });
  if (!parsed.ok) throw new UsageError(parsed.error);
  return parsed.alerts;
}
