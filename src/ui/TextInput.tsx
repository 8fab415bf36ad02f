// A one-line text field (typed confirmation, rejection reason, edited parameters); Enter submits, Esc cancels.
import { Text, useInput, type Key } from 'ink';
import { useCallback, useRef, useState } from 'react';
import { useLatest } from './useLatest.js';
import { useTheme } from './theme.js';

export interface TextInputProps {
  label: string;
  initial?: string;
  placeholder?: string;
  isActive: boolean;
  onSubmit(value: string): void;
  onCancel(): void;
}

export function TextInput({
  label,
  initial = '',
  placeholder,
  isActive,
  onSubmit,
  onCancel,
}: TextInputProps) {
  const theme = useTheme();
  const [value, setValueState] = useState(initial);
  // Keys can arrive faster than renders: the handler reads and writes the text through a ref.
  const text = useRef(initial);
  const setValue = useCallback((next: string | ((v: string) => string)) => {
    text.current = typeof next === 'function' ? next(text.current) : next;
    setValueState(text.current);
  }, []);
  const latest = useLatest({ onSubmit, onCancel });
  const handle = useCallback(
    (input: string, key: Key) => {
      const { onSubmit, onCancel } = latest.current;
      const value = text.current;
      if (key.escape) return onCancel();
      if (key.return) return onSubmit(value);
      if (key.backspace || key.delete) return setValue((v) => v.slice(0, -1));
      if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab)
        return;
      // Typed text and Enter can arrive as one chunk ("worker-02\r"): the line ends at the first newline.
      const newline = input.search(/[\r\n]/);
      if (newline >= 0) return onSubmit(value + input.slice(0, newline));
      if (input) setValue((v) => v + input);
    },
    [latest, setValue],
  );
  useInput(handle, { isActive });
  return (
    <Text>
      {label} <Text bold>{value}</Text>
      {value === '' && placeholder ? <Text color={theme.tone('muted')}>{placeholder}</Text> : null}
      <Text inverse> </Text>
    </Text>
  );
}
