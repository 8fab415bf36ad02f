// `kopilot audit --verify`: walks the hash chain over every file of the log and names each line that was
// deleted, cut short or edited, by file and line number.
import { basename } from 'node:path';
import { chainHolds, GENESIS, openLine } from './auditChain.js';
import { linesOf, logFiles } from './auditFiles.js';

export interface ChainProblem {
  file: string;
  line: number;
  problem: 'deleted' | 'truncated' | 'forged' | 'unsealed';
  message: string;
}

export interface VerifyReport {
  files: string[];
  /** Sealed lines whose chain held. */
  verified: number;
  /** Lines written before the log had a hash chain (at its start): not checkable, not an error. */
  unsealedBeforeChain: number;
  /** The seq of the oldest sealed line kept; above 1 when older files were rotated away. */
  startsAtSeq?: number;
  problems: ChainProblem[];
}

function seqOf(body: string): number | undefined {
  try {
    const seq = (JSON.parse(body) as { logSeq?: unknown }).logSeq;
    return typeof seq === 'number' ? seq : undefined;
  } catch {
    return undefined;
  }
}

/** Checks every line of the log at `path` (and its rotated files), oldest first. */
export async function verifyAuditLog(path: string): Promise<VerifyReport> {
  const files = await logFiles(path);
  const report: VerifyReport = { files, verified: 0, unsealedBeforeChain: 0, problems: [] };
  let previous: { hash: string; seq: number } | undefined;
  let chainStarted = false;
  for (const file of files) {
    const name = basename(file);
    const problem = (line: number, kind: ChainProblem['problem'], message: string) =>
      report.problems.push({ file: name, line, problem: kind, message: `${name}:${line}: ${message}` });
    for await (const line of linesOf(file)) {
      if (!line.text.trim() && !line.oversized) continue;
      if (line.oversized || !line.complete) {
        problem(
          line.line,
          'truncated',
          line.oversized ? 'line is too long to be a record' : 'last line was cut short (no newline)',
        );
        continue;
      }
      const opened = openLine(line.text);
      const seq = opened ? seqOf(opened.body) : undefined;
      if (!opened || seq === undefined) {
        let json = true;
        try {
          JSON.parse(line.text);
        } catch {
          json = false;
        }
        if (!json) problem(line.line, 'truncated', 'line is not a whole record (cut short or overwritten)');
        else if (!chainStarted) report.unsealedBeforeChain++;
        else problem(line.line, 'unsealed', 'record without a hash inside the chain: inserted or edited');
        continue;
      }
      if (!chainStarted) {
        chainStarted = true;
        report.startsAtSeq = seq;
        // Seq 1 chains from the start; a later first line means older files were rotated away, and it anchors.
        if (seq === 1) previous = { hash: GENESIS, seq: 0 };
        else {
          previous = { hash: opened.hash, seq };
          report.verified++;
          continue;
        }
      }
      if (previous === undefined) continue;
      if (seq > previous.seq + 1) {
        const missing = seq - previous.seq - 1;
        problem(
          line.line,
          'deleted',
          `${missing} record${missing > 1 ? 's' : ''} missing before this line (seq ${previous.seq + 1}${missing > 1 ? `–${seq - 1}` : ''})`,
        );
      } else if (!chainHolds(opened.body, previous.hash, opened.hash)) {
        problem(
          line.line,
          'forged',
          `hash chain broken at seq ${seq}: this record or the one before it was edited after it was written`,
        );
      } else report.verified++;
      previous = { hash: opened.hash, seq };
    }
  }
  return report;
}
