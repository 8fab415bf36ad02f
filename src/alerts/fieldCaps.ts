// How much of an alert's untrusted text may reach a prompt or a screen: each label value and annotation is
// cut to a cap with a visible note, and only so many of them are shown, so one alert cannot cost minutes.

export const LABEL_VALUE_CAP = 256;
export const ANNOTATION_CAP = 2048;
/** Labels or annotations shown per alert; the rest are counted. */
export const ENTRIES_CAP = 32;

/** `text` cut to `cap` characters, ending "… (N characters cut)" when it was longer. */
export function capText(text: string, cap: number): string {
  if (text.length <= cap) return text;
  let end = cap;
  // Never split a surrogate pair.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… (${text.length - end} characters cut)`;
}

/** Key=value pairs with keys and values capped, at most ENTRIES_CAP of them, and a note for the rest. */
export function capEntries(
  entries: Array<[string, string]>,
  valueCap: number,
): { shown: Array<[string, string]>; left: number } {
  return {
    shown: entries
      .slice(0, ENTRIES_CAP)
      .map(([key, value]) => [capText(key, LABEL_VALUE_CAP), capText(value, valueCap)]),
    left: Math.max(0, entries.length - ENTRIES_CAP),
  };
}
