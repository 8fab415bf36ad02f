// The text fields at 3 a.m.: a burst of Backspace deletes (no DEL characters left), the cursor moves, Ctrl+U/W erase.
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { editLine, type Line } from '../../src/ui/lineEditor.js';
import { TextInput } from '../../src/ui/TextInput.js';
import { tick } from './fixtures.js';

const line = (text: string, cursor = text.length): Line => ({ text, cursor });

describe('editLine', () => {
  it('a burst of DEL characters deletes that many characters and leaves none in the text', () => {
    expect(editLine(line('wrong podx'), '\x7f\x7f\x7f', { backspace: true }).line).toEqual(line('wrong p'));
    expect(editLine(line('wrong podx'), '\x7f\x7f', {}).line).toEqual(line('wrong po'));
    expect(editLine(line('abc'), 'd\x7fe', {}).line).toEqual(line('abce'));
  });

  it('moves the cursor with ←/→ and Ctrl+A/E, and inserts at it', () => {
    let l = line('worker02');
    for (let i = 0; i < 2; i++) l = editLine(l, '', { leftArrow: true }).line;
    l = editLine(l, '-', {}).line;
    expect(l).toEqual({ text: 'worker-02', cursor: 7 });
    expect(editLine(l, 'a', { ctrl: true }).line.cursor).toBe(0);
    expect(editLine(l, 'e', { ctrl: true }).line.cursor).toBe(9);
    expect(editLine(line('ab', 0), '', { leftArrow: true }).line.cursor).toBe(0);
  });

  it('Ctrl+U erases to the start, Ctrl+W the word before the cursor', () => {
    expect(editLine(line('production/webapp'), 'u', { ctrl: true }).line).toEqual(line(''));
    expect(editLine(line('scale to  '), 'w', { ctrl: true }).line).toEqual(line('scale '));
    expect(editLine(line('scale to', 5), 'w', { ctrl: true }).line).toEqual({ text: ' to', cursor: 0 });
  });

  it('never keeps control characters, and a newline inside a chunk submits the line so far', () => {
    expect(editLine(line(''), 'a\x1b[2Jb\x07', {}).line.text).toBe('a[2Jb');
    expect(editLine(line('worker'), '-02\rjunk', {})).toEqual({ line: line('worker-02'), submit: true });
  });
});

describe('TextInput', () => {
  it('a correctly typed name after a burst of Backspaces is submitted exactly', async () => {
    const onSubmit = vi.fn();
    const { stdin, lastFrame } = render(
      <TextInput label="type the pod:" isActive onSubmit={onSubmit} onCancel={() => undefined} />,
    );
    await tick();
    stdin.write('wrong pod');
    await tick();
    stdin.write('\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f');
    await tick();
    stdin.write('webapp-123');
    await tick();
    expect(lastFrame()).toContain('webapp-123');
    stdin.write('\r');
    await tick();
    expect(onSubmit).toHaveBeenCalledWith('webapp-123');
  });
});
