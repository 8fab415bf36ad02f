// A one-line text field (typed confirmation, rejection reason, edited parameters); Enter submits, Esc cancels.
import { Text, useInput, type Key } from 'ink';
import { useCallback, useState } from 'react';
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
  const [value, setValue] = useState(initial);
  const handle = useCallback(
    (input: string, key: Key) => {
      if (key.escape) return onCancel();
      if (key.return) return onSubmit(value);
      if (key.backspace || key.delete) return setValue((v) => v.slice(0, -1));
      if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab)
        return;
      if (input) setValue((v) => v + input.replace(/[\r\n]/g, ''));
    },
    [value, onSubmit, onCancel],
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
