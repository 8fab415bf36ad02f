// A ref that always holds the latest value, so memoised key handlers never act on a stale render.
import { useRef } from 'react';

export function useLatest<T>(value: T): { current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
