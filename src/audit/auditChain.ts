// The audit log's hash chain: each line ends with "logHash", the sha256 of the previous line's hash and this line's
// record, and the record carries "logSeq", its number in the whole log, so that a deleted, cut or edited line shows.
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);
const SEAL = /,"logHash":"([0-9a-f]{64})"\}$/;

/** The line for a record (which already holds its seq): the record's JSON with the chained hash as its last field. */
export function sealLine(body: string, previousHash: string): { line: string; hash: string } {
  const hash = createHash('sha256').update(previousHash).update(body).digest('hex');
  return { line: `${body.slice(0, -1)},"logHash":"${hash}"}`, hash };
}

export interface OpenedLine {
  /** The record as written, without its hash. */
  body: string;
  hash: string;
}

/** Splits a sealed line into the record text that was hashed and the hash; undefined for a line without a seal. */
export function openLine(line: string): OpenedLine | undefined {
  const seal = SEAL.exec(line);
  if (!seal) return undefined;
  return { body: `${line.slice(0, seal.index)}}`, hash: seal[1] as string };
}

/** True when `hash` is what sealing `body` after `previousHash` gives. */
export function chainHolds(body: string, previousHash: string, hash: string): boolean {
  return createHash('sha256').update(previousHash).update(body).digest('hex') === hash;
}
