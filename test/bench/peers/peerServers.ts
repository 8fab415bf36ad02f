// Peer Kubernetes MCP servers for the evidence benchmark: installed on demand into .bench-cache/ (never into
// package.json), started over stdio with the SDK's Client against a given kubeconfig, and asked the calls that
// match kopilot's evidence for one incident (pod, its deployment, nodes, namespace events, HPAs).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BENCH_CACHE = fileURLToPath(new URL('../../../.bench-cache/', import.meta.url));

/** The objects one incident's evidence is about. */
export interface EvidenceTarget {
  namespace: string;
  pod?: string;
  deployment?: string;
}

export interface PeerCall {
  /** What kopilot evidence this stands in for: pod, deployment, nodes, events, hpa. */
  subject: string;
  tool: string;
  arguments: Record<string, unknown>;
}

export interface PeerCallResult extends PeerCall {
  ok: boolean;
  text: string;
}

export interface PeerServer {
  name: string;
  /** npm package that ships it. */
  pkg: string;
  /** Command line that starts it over stdio, given the installed cache folder; kubeconfig comes via KUBECONFIG. */
  command(kubeconfigPath: string): { command: string; args: string[] } | undefined;
  /** The calls equivalent to kopilot's evidence, using only tools the server lists. */
  calls(target: EvidenceTarget, tools: Set<string>): PeerCall[];
}

const bin = (name: string) => `${BENCH_CACHE}node_modules/.bin/${name}`;

export const PEERS: PeerServer[] = [
  {
    name: 'kubernetes-mcp-server',
    pkg: 'kubernetes-mcp-server',
    command: (kubeconfigPath) =>
      existsSync(bin('kubernetes-mcp-server'))
        ? { command: bin('kubernetes-mcp-server'), args: ['--read-only', '--kubeconfig', kubeconfigPath] }
        : undefined,
    calls(target, tools) {
      const { namespace, pod, deployment } = target;
      const calls: PeerCall[] = [];
      if (pod) calls.push({ subject: 'pod', tool: 'pods_get', arguments: { namespace, name: pod } });
      if (deployment)
        calls.push({
          subject: 'deployment',
          tool: 'resources_get',
          arguments: { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name: deployment },
        });
      calls.push({ subject: 'nodes', tool: 'resources_list', arguments: { apiVersion: 'v1', kind: 'Node' } });
      calls.push({ subject: 'nodes', tool: 'nodes_top', arguments: {} });
      calls.push({ subject: 'events', tool: 'events_list', arguments: { namespace } });
      calls.push({
        subject: 'hpa',
        tool: 'resources_list',
        arguments: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace },
      });
      return calls.filter((call) => tools.has(call.tool));
    },
  },
  {
    name: 'mcp-server-kubernetes',
    pkg: 'mcp-server-kubernetes',
    command: () => {
      const entry = `${BENCH_CACHE}node_modules/mcp-server-kubernetes/dist/index.js`;
      return existsSync(entry) ? { command: process.execPath, args: [entry] } : undefined;
    },
    calls(target, tools) {
      const { namespace, pod, deployment } = target;
      const calls: PeerCall[] = [];
      const get = (subject: string, resourceType: string, name?: string, ns?: string) =>
        calls.push({
          subject,
          tool: 'kubectl_get',
          arguments: {
            resourceType,
            ...(name ? { name } : {}),
            ...(ns ? { namespace: ns } : {}),
            output: 'json',
          },
        });
      if (pod) get('pod', 'pods', pod, namespace);
      if (deployment) get('deployment', 'deployments', deployment, namespace);
      get('nodes', 'nodes');
      get('events', 'events', undefined, namespace);
      get('hpa', 'hpa', undefined, namespace);
      return calls.filter((call) => tools.has(call.tool));
    },
  },
];

/** Installs the peer into .bench-cache/ unless present; returns why it cannot be used, or undefined when ready. */
export function ensureInstalled(peer: PeerServer): string | undefined {
  if (peer.command('probe')) return undefined;
  const view = spawnSync('npm', ['view', peer.pkg, 'version'], { encoding: 'utf8', timeout: 60_000 });
  if (view.status !== 0) return `unavailable: npm view ${peer.pkg} failed (${firstLine(view.stderr)})`;
  const install = spawnSync(
    'npm',
    ['install', '--prefix', BENCH_CACHE, '--no-audit', '--no-fund', '--no-save', peer.pkg],
    { encoding: 'utf8', timeout: 600_000 },
  );
  if (install.status !== 0)
    return `unavailable: npm install ${peer.pkg} failed (${firstLine(install.stderr)})`;
  return peer.command('probe')
    ? undefined
    : `unavailable: ${peer.pkg} installed but its entry point is missing`;
}

function firstLine(text: string | undefined): string {
  return (
    (text ?? '').split('\n').find((line) => line.trim() && !line.includes('Unknown user config')) ??
    'no output'
  );
}

export interface PeerSession {
  tools: string[];
  run(calls: PeerCall[]): Promise<PeerCallResult[]>;
  close(): Promise<void>;
}

/** Starts the peer over stdio against the kubeconfig (its current context is the one it uses). */
export async function openPeer(peer: PeerServer, kubeconfigPath: string): Promise<PeerSession> {
  const command = peer.command(kubeconfigPath);
  if (!command) throw new Error(`${peer.name} is not installed`);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  env.KUBECONFIG = kubeconfigPath;
  env.ALLOW_ONLY_READONLY_TOOLS = 'true';
  const transport = new StdioClientTransport({ ...command, env, stderr: 'ignore' });
  const client = new Client({ name: 'kopilot-bench', version: '0' });
  await client.connect(transport, { timeout: 60_000 });
  const tools = (await client.listTools(undefined, { timeout: 60_000 })).tools.map((tool) => tool.name);
  return {
    tools,
    async run(calls) {
      const results: PeerCallResult[] = [];
      for (const call of calls) {
        try {
          const result = await client.callTool({ name: call.tool, arguments: call.arguments }, undefined, {
            timeout: 60_000,
          });
          const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
          const text = content
            .map((part) => (part.type === 'text' ? (part.text ?? '') : JSON.stringify(part)))
            .join('\n');
          results.push({ ...call, ok: result.isError !== true, text });
        } catch (error) {
          results.push({ ...call, ok: false, text: error instanceof Error ? error.message : String(error) });
        }
      }
      return results;
    },
    async close() {
      await client.close();
    },
  };
}
