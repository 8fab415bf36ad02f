// Who may talk to a server bound to loopback: only requests addressed to a literal loopback name with our
// port, from no page or a loopback page. A rebound DNS name (127.0.0.1.nip.io) or a foreign Origin is refused.
import { isIP } from 'node:net';

/** A literal loopback address or `localhost`: what a bind address or a Host may name to count as loopback. */
export function isLoopbackName(name: string): boolean {
  const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  if (bare.toLowerCase() === 'localhost') return true;
  if (isIP(bare) === 4) return bare.split('.')[0] === '127';
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}

/** Splits `host[:port]` and `[v6][:port]`; undefined when the text is not a host at all. */
function splitHostPort(text: string): { name: string; port?: number } | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match?.[1]) return undefined;
  return { name: match[1], port: match[2] === undefined ? undefined : Number(match[2]) };
}

export interface RefusedRequest {
  /** 421 for a Host we do not answer to, 403 for a foreign Origin. */
  status: 403 | 421;
  message: string;
}

/**
 * Checks a request to a loopback-bound server. `port` is the port the server listens on; a Host without a
 * port means the scheme's default (80).
 */
export function refuseNonLoopbackRequest(
  headers: { host?: string; origin?: string },
  port: number,
): RefusedRequest | undefined {
  const host = splitHostPort(headers.host ?? '');
  if (!host || !isLoopbackName(host.name) || (host.port ?? 80) !== port) {
    return {
      status: 421,
      message: `Host ${JSON.stringify(headers.host ?? '')} is not allowed: this server answers only to 127.0.0.1:${port}, localhost:${port} or [::1]:${port}`,
    };
  }
  if (headers.origin !== undefined && !isLoopbackOrigin(headers.origin)) {
    return {
      status: 403,
      message: `Origin ${JSON.stringify(headers.origin)} is not allowed: only pages served from loopback may call this server`,
    };
  }
  return undefined;
}

function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackName(url.hostname);
}
