// Writes the sandbox kubeconfig: one cluster, contexts `sandbox` (admin) and `sandbox-readonly`, told apart by bearer token.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import type { SandboxTokens } from './server/authz.js';

export const ADMIN_CONTEXT = 'sandbox';
export const READONLY_CONTEXT = 'sandbox-readonly';

export function sandboxKubeconfig(
  url: string,
  caPem: string,
  tokens: SandboxTokens,
  namespace = 'default',
): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': ADMIN_CONTEXT,
    clusters: [
      {
        name: 'kopilot-sandbox',
        cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [
      { name: 'sandbox-admin', user: { token: tokens.admin } },
      { name: 'sandbox-readonly', user: { token: tokens.readonly } },
    ],
    contexts: [
      { name: ADMIN_CONTEXT, context: { cluster: 'kopilot-sandbox', user: 'sandbox-admin', namespace } },
      {
        name: READONLY_CONTEXT,
        context: { cluster: 'kopilot-sandbox', user: 'sandbox-readonly', namespace },
      },
    ],
  };
  return stringify(config);
}

/** Writes the kubeconfig with owner-only permissions (it holds the tokens). */
export async function writeSandboxKubeconfig(
  path: string,
  url: string,
  caPem: string,
  tokens: SandboxTokens,
  namespace?: string,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, sandboxKubeconfig(url, caPem, tokens, namespace), { mode: 0o600 });
}
