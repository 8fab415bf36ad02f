// Serves the kopilot MCP server on stdin/stdout, for Claude Desktop, VS Code, Cursor and other MCP clients.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createKopilotMcpServer, type KopilotMcpServerOptions } from './server.js';

/** Resolves when the client closes the connection (stdin ends). */
export async function serveStdio(options: KopilotMcpServerOptions): Promise<void> {
  const server = createKopilotMcpServer(options);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
