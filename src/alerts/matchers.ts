// amtool/AlertManager label matchers (`severity="critical"`, `alertname=~"High.*"`): parsed and checked the
// way AlertManager's API checks each `filter` parameter, so a bad one is refused before any request.

export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  operator: MatchOperator;
  value: string;
  /** The matcher as the user wrote it (trimmed), which is what goes to AlertManager. */
  text: string;
}

export type MatcherResult = { ok: true; matcher: Matcher } | { ok: false; error: string };

// Go's \s is [\t\n\f\r ]: JavaScript's \s would also take Unicode spaces that AlertManager refuses.
const MATCHER =
  /^[\t\n\f\r ]*([a-zA-Z_:][a-zA-Z0-9_:]*)[\t\n\f\r ]*(=~|=|!=|!~)[\t\n\f\r ]*([\s\S]*?)[\t\n\f\r ]*$/;

/** One matcher, with AlertManager's own error texts ("bad matcher format: …"). */
export function parseMatcher(text: string): MatcherResult {
  const match = MATCHER.exec(text);
  if (!match) return { ok: false, error: `bad matcher format: ${text}` };
  const [, name = '', operator = '=', raw = ''] = match;
  const unescaped = unescapeValue(raw);
  if (!unescaped.ok) return unescaped;
  const matcher: Matcher = {
    name,
    operator: operator as MatchOperator,
    value: unescaped.value,
    text: text.trim(),
  };
  if (operator === '=~' || operator === '!~') {
    const compiled = compileRe2(matcher.value);
    if (!compiled.ok) return compiled;
  }
  return { ok: true, matcher };
}

/** Several matchers (each `--filter`): the first bad one is the error. */
export function parseMatchers(
  texts: readonly string[],
): { ok: true; matchers: Matcher[] } | { ok: false; error: string } {
  const matchers: Matcher[] = [];
  for (const text of texts) {
    const result = parseMatcher(text);
    if (!result.ok) return result;
    matchers.push(result.matcher);
  }
  return { ok: true, matchers };
}

/**
 * The quoted value: an optional pair of double quotes around it; `\"`, `\n` and `\\` are escapes; a lone
 * backslash stays literal; an unescaped quote anywhere but at the ends is an error.
 */
function unescapeValue(raw: string): { ok: true; value: string } | { ok: false; error: string } {
  const quoteError = { ok: false as const, error: `matcher value contains unescaped double quote: ${raw}` };
  let body = raw;
  let awaitingClosingQuote = false;
  if (body.startsWith('"')) {
    body = body.slice(1);
    awaitingClosingQuote = true;
  }
  let value = '';
  let escaped = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    const last = i === body.length - 1;
    if (escaped) {
      escaped = false;
      if (c === 'n') value += '\n';
      else if (c === '"' || c === '\\') value += c;
      else value += `\\${c}`;
      continue;
    }
    if (c === '\\') {
      if (!last) escaped = true;
      else value += '\\';
    } else if (c === '"') {
      if (!awaitingClosingQuote || !last) return quoteError;
      awaitingClosingQuote = false;
    } else {
      value += c;
    }
  }
  if (awaitingClosingQuote) return quoteError;
  return { ok: true, value };
}

/** Does an alert with these labels match? A missing label matches as the empty string, as in AlertManager. */
export function matchesLabels(matchers: readonly Matcher[], labels: Record<string, string>): boolean {
  return matchers.every((m) => {
    const actual = Object.hasOwn(labels, m.name) ? (labels[m.name] ?? '') : '';
    switch (m.operator) {
      case '=':
        return actual === m.value;
      case '!=':
        return actual !== m.value;
      case '=~':
      case '!~': {
        const compiled = compileRe2(m.value);
        const hit = compiled.ok && compiled.regex.test(actual);
        return m.operator === '=~' ? hit : !hit;
      }
    }
  });
}

type Compiled = { ok: true; regex: RegExp } | { ok: false; error: string };

const POSIX_CLASSES = new Set([
  'alnum',
  'alpha',
  'ascii',
  'blank',
  'cntrl',
  'digit',
  'graph',
  'lower',
  'print',
  'punct',
  'space',
  'upper',
  'word',
  'xdigit',
]);

/**
 * Compiles a Go RE2 pattern, anchored as AlertManager anchors it (`^(?:…)$`), into a JavaScript RegExp.
 * It refuses what RE2 refuses (look-around, back-references, repeat counts over 1000, unknown escapes) and
 * rewrites what RE2 has and JavaScript spells differently (inline flags, `(?P<name>`, POSIX classes).
 */
export function compileRe2(pattern: string): Compiled {
  const fail = (what: string): Compiled => ({ ok: false, error: `error parsing regexp: ${what}` });
  let flags = 'u';
  let source = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    const rest = pattern.slice(i);
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return fail('trailing backslash at end of expression: ``');
      if (/[1-9]/.test(next)) return fail(`invalid escape sequence: \`\\${next}\``);
      if (next === 'A' && !inClass) source += '^';
      else if (next === 'z' && !inClass) source += '$';
      else if (next === 'a') source += '\\x07';
      else if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = end === -1 ? pattern.slice(i + 2) : pattern.slice(i + 2, end);
        source += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end === -1 ? pattern.length : end + 1;
        continue;
      } else if (next === 'p' || next === 'P') {
        const braced = /^\{([A-Za-z_]+)\}/.exec(pattern.slice(i + 2));
        const name = braced ? braced[1] : pattern[i + 2];
        if (name === undefined) return fail('invalid character class range: `\\p`');
        source += unicodeClass(next, name);
        i += 1 + (braced ? braced[0].length : 1);
        continue;
      } else if (next === 'x' && pattern[i + 2] === '{') {
        source += '\\u';
      } else if (/[!-/:-@[-`{-~]/.test(next)) {
        // RE2 lets any ASCII punctuation be escaped; JavaScript's u-mode does not, so spell it in hex.
        source += `\\x${next.charCodeAt(0).toString(16).padStart(2, '0')}`;
      } else source += `\\${next}`;
      i++;
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(rest);
      if (posix) {
        if (!POSIX_CLASSES.has(posix[2] ?? '')) return fail(`invalid character class range: \`${posix[0]}\``);
        source += posix[1] ? '\\s' : 'a';
        i += posix[0].length - 1;
        continue;
      }
      if (c === ']') inClass = false;
      if (c === '[') source += '\\[';
      else source += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      source += c;
      if (pattern[i + 1] === '^') {
        source += '^';
        i++;
      }
      if (pattern[i + 1] === ']') {
        source += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const group = /^\(\?(?:P<([A-Za-z0-9_]+)>|([imsU-]*)(:|\)))/.exec(rest);
      if (!group) return fail(`invalid or unsupported Perl syntax: \`${rest.slice(0, 3)}\``);
      if (group[1] !== undefined) source += `(?<${group[1]}>`;
      else {
        if (group[2]?.includes('i') && !group[2].startsWith('-')) flags = 'iu';
        if (group[2]?.includes('s') && !group[2].startsWith('-')) flags += 's';
        source += group[3] === ':' ? '(?:' : '';
      }
      i += group[0].length - 1;
      continue;
    }
    if (c === '{') {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(rest);
      if (!repeat) {
        source += '\\{';
        continue;
      }
      const min = Number(repeat[1]);
      const max = repeat[3] ? Number(repeat[3]) : min;
      if (min > 1000 || max > 1000 || (repeat[3] && max < min))
        return fail(`invalid repeat count: \`${repeat[0]}\``);
      source += repeat[0];
      i += repeat[0].length - 1;
      continue;
    }
    if (c === '}' || c === ']') {
      source += `\\${c}`;
      continue;
    }
    source += c;
  }
  try {
    return { ok: true, regex: new RegExp(`^(?:${source})$`, [...new Set(flags)].join('')) };
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : '';
    return fail(reason.replace(/^\/.*\/[a-z]*: /, ''));
  }
}

/** RE2 names scripts bare (`\p{Greek}`); JavaScript wants `\p{Script=Greek}` for those. */
function unicodeClass(p: string, name: string): string {
  for (const candidate of [`\\${p}{${name}}`, `\\${p}{Script=${name}}`]) {
    try {
      new RegExp(candidate, 'u');
      return candidate;
    } catch {
      // try the next spelling
    }
  }
  return `\\${p}{${name}}`;
}
