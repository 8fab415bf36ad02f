// Input fields shared by tools, with descriptions the model reads.
import { z } from 'zod';

export const namespaceField = z.string().min(1).max(253).describe('Kubernetes namespace, e.g. "production"');

export const nameField = (what: string, example: string) =>
  z.string().min(1).max(253).describe(`${what} name, e.g. "${example}"`);

export const summaryField = z.string().describe('one-line answer');
