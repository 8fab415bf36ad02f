// A one-line text field (typed confirmation, rejection reason, edited parameters); Enter submits, Esc cancels;
// the editing keys are lineEditor's.
import { Text, useInput, type Key } from 'ink';
import { useCallback, useRef, useState } from 'react';
import { editLine, type Line } from './lineEditor.js';
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
  const [line, setLineState] = useState<Line>({ text: initial, cursor: initial.length });
  // Keys can arrive faster than renders: the handler reads and writes the line through a ref.
  const current = useRef<Line>(line);
  const latest = useLatest({ onSubmit, onCancel });
  const handle = useCallback(
    (input: string, key: Key) => {
      const { onSubmit, onCancel } = latest.current;
      if (key.escape) return onCancel();
      if (key.return) return onSubmit(current.current.text);
      const edit = editLine(current.current, input, key);
      current.current = edit.line;
      setLineState(edit.line);
      if (edit.submit) onSubmit(edit.line.text);
    },
    [latest],
  );
  useInput(handle, { isActive });
  const { text, cursor } = line;
  return (
    <Text>
      {label} <Text bold>{text.slice(0, cursor)}</Text>
      {text === '' && placeholder ? <Text color={theme.tone('muted')}>{placeholder}</Text> : null}
      <Text inverse>{text[cursor] ?? ' '}</Text>
      <Text bold>{text.slice(cursor + 1)}</Text>
    </Text>
  );
}
