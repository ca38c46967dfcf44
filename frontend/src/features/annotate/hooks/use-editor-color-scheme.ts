import { useLocalStorage } from '@mantine/hooks';
import { useForceColorScheme, type ColorScheme } from '../../../lib/forced-color-scheme.ts';

const STORAGE_KEY = 'tagmedx.editor.color-scheme';

/**
 * The editor's colour scheme: dark by default (a reading room is dim, and bright chrome around a
 * radiograph changes how its greys look), light if the reader chose it, remembered in this browser.
 * It applies to the whole page while the editor is open; the rest of the app keeps its own.
 */
export function useEditorColorScheme(): [ColorScheme, () => void] {
  const [scheme, setScheme] = useLocalStorage<ColorScheme>({
    key: STORAGE_KEY,
    defaultValue: 'dark',
    getInitialValueInEffect: false,
  });
  const value: ColorScheme = scheme === 'light' ? 'light' : 'dark';
  useForceColorScheme(value);
  return [value, () => setScheme(value === 'dark' ? 'light' : 'dark')];
}
