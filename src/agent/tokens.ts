// Prompt token estimates with a real BPE tokenizer (counted in linear time), laid out as chat templates do.
import type { Message, Tool } from 'ollama';
import { countTokens } from '../mcp/tokenCount.js';

export { countTokens };

/** Messages (and tool definitions) as a chat template would feed them to the model. */
export function renderPrompt(messages: Message[], tools?: Tool[]): string {
  const parts: string[] = [];
  if (tools && tools.length > 0) parts.push(`<|tools|>\n${JSON.stringify(tools)}`);
  for (const message of messages) {
    let text = `<|${message.role}|>\n${message.content ?? ''}`;
    if (message.tool_calls && message.tool_calls.length > 0)
      text += `\n${JSON.stringify(message.tool_calls)}`;
    parts.push(text);
  }
  parts.push('<|assistant|>\n');
  return parts.join('\n');
}

export function countPromptTokens(messages: Message[], tools?: Tool[]): number {
  return countTokens(renderPrompt(messages, tools));
}
