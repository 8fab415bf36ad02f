// The palette as React context, so components follow NO_COLOR (and tests can switch colour off).
import { createContext, useContext } from 'react';
import { themeFromEnv, type Theme } from './palette.js';

export { SYMBOLS, createTheme, themeFromEnv, type Theme, type Tone } from './palette.js';

export const ThemeContext = createContext<Theme>(themeFromEnv());

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
