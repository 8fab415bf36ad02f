// Serves the kopilot MCP server on stdin/stdout, for Claude Desktop, VS Code, Cursor and other MCP clients.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { RuntimeFailure } from '../errors.js';
import { createKopilotMcpServer, type KopilotMcpServerOptions } from './server.js';

/**
 * Resolves when the client closes the connection (stdin ends). A message over the SDK's 10 MiB buffer makes
 * the transport close: that is a failure (exit 1 with one line on stderr), not the client hanging up. Once
 * part of a message was dropped the stream cannot be framed again, so stopping tells the client at once
 * (its pending calls fail with "connection closed") instead of leaving them to time out.
 */
export async function serveStdio(options: KopilotMcpServerOptions): Promise<void> {
  const server = createKopilotMcpServer(options);
  const transport = new StdioServerTransport();
  let oversized = false;
  transport.onerror = (error) => {
    if (/exceeded maximum size/i.test(error.message)) oversized = true;
  };
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
  if (oversized) {
    throw new RuntimeFailure(
      `an MCP message on stdin is over the ${STDIO_DEFAULT_MAX_BUFFER_SIZE / 1024 / 1024} MiB limit; stopped serving (send smaller requests)`,
    );
  }
}
