// Connects an MCP SDK Client to a kopilot server in the same process (the agent's way to call the tools).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createKopilotMcpServer, type KopilotMcpServerOptions } from './server.js';

export interface InMemoryConnection {
  client: Client;
  close(): Promise<void>;
}

export async function connectInMemory(
  options: KopilotMcpServerOptions,
  clientName = 'kopilot-agent',
): Promise<InMemoryConnection> {
  const server = createKopilotMcpServer({ caller: clientName, ...options });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: clientName, version: '1' });
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    async close() {
      await client.close();
      await server.close();
    },
  };
}
