// Colours and symbols for the TUI; NO_COLOR turns every colour off (symbols and words carry the meaning).
// No React here: the plain first frame, drawn before Ink loads, uses the same palette.

export type Tone = 'ok' | 'fail' | 'warn' | 'info' | 'accent' | 'muted' | 'critical';

export interface Theme {
  color: boolean;
  tone(tone: Tone): string | undefined;
  severity(severity: string): string | undefined;
}

const TONES: Record<Tone, string> = {
  ok: 'green',
  fail: 'red',
  warn: 'yellow',
  info: 'blue',
  accent: 'cyan',
  muted: 'gray',
  critical: 'redBright',
};

export function createTheme(color: boolean): Theme {
  return {
    color,
    tone: (tone) => (color ? TONES[tone] : undefined),
    severity: (severity) => {
      if (!color) return undefined;
      const s = severity.toLowerCase();
      if (s === 'critical' || s === 'page' || s === 'error') return TONES.fail;
      if (s === 'warning' || s === 'warn') return TONES.warn;
      return TONES.info;
    },
  };
}

/** https://no-color.org: a NO_COLOR that is present and not empty disables colour. */
export function themeFromEnv(env: NodeJS.ProcessEnv = process.env): Theme {
  return createTheme(!env.NO_COLOR);
}

export const SYMBOLS = {
  ok: '✓',
  fail: '✗',
  pending: '·',
  arrow: '→',
  pointer: '›',
  bullet: '•',
} as const;
