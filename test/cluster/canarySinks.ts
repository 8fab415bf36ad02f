// Every way a planted canary reaches a redaction entry point, as the sinks call them: free text (prompts, events,
// errors), keyed values (get_workload env, annotations), objects (MCP results, audit records, bundles), log lines.
import type { CanaryShape } from '../fixtures/canaries/corpus.js';

export interface Redactor {
  redactText(text: string): string;
  redactKeyedValue(key: string, value: string): string;
  redactObject(value: unknown): unknown;
  redactLines(lines: string[]): string[];
}

/** The outputs a canary can come out in, each after redaction. */
export function throughEverySink(c: CanaryShape, r: Redactor): string[] {
  const object = (value: unknown) => JSON.stringify(r.redactObject(value));
  switch (c.where) {
    case 'env':
      return [
        r.redactKeyedValue(c.name, c.value),
        object({ spec: { containers: [{ name: 'app', env: [{ name: c.name, value: c.value }] }] } }),
        r.redactText(`${c.name}=${c.value}`),
      ];
    case 'arg':
      return [object({ containers: [{ name: 'app', args: c.args }] }), r.redactText(c.args.join(' '))];
    case 'annotation':
    case 'configmap':
      return [
        r.redactKeyedValue(c.key, c.value),
        object(
          c.where === 'annotation'
            ? { metadata: { annotations: { [c.key]: c.value } } }
            : { data: { [c.key]: c.value } },
        ),
      ];
    case 'log':
      return [
        r.redactLines(c.lines).join('\n'),
        object({ lines: c.lines }),
        r.redactText(c.lines.join('\n')),
      ];
    case 'event':
      return [
        r.redactText(c.message),
        r.redactText(`${c.reason}: ${c.message}`),
        object({ reason: c.reason, message: c.message }),
      ];
    case 'url':
      return [r.redactText(c.text), object({ runbook_url: c.text })];
  }
}
