// client-node's applyToHTTPSOptions builds a new https.Agent on every call, so each request would open its own TLS
// connection: a handshake per page of a 60-page pod list. This keeps one keep-alive agent for as long as the TLS
// settings it is given stay the same (credentials such as tokens travel in headers and may change freely).
import https from 'node:https';

const TLS_SETTINGS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

function settingsKey(options: https.AgentOptions): string {
  const text = (value: unknown): unknown => {
    if (Buffer.isBuffer(value)) return value.toString('base64');
    return Array.isArray(value) ? value.map(text) : value;
  };
  return JSON.stringify(TLS_SETTINGS.map((name) => text(options[name])));
}

export class AgentReuse {
  private current?: { key: string; agent: https.Agent };

  /** The shared keep-alive agent standing in for `fresh`, or `fresh` itself when it is not an https.Agent. */
  reuse<T>(fresh: T): T | https.Agent {
    if (!(fresh instanceof https.Agent)) return fresh;
    const options = (fresh as https.Agent & { options: https.AgentOptions }).options;
    const key = settingsKey(options);
    if (this.current?.key !== key) {
      this.current?.agent.destroy();
      this.current = { key, agent: new https.Agent({ ...options, keepAlive: true, maxSockets: 8 }) };
    }
    return this.current.agent;
  }
}
