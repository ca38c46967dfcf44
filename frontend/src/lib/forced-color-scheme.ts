import { useEffect, useSyncExternalStore } from 'react';

export type ColorScheme = 'light' | 'dark';

/**
 * A colour scheme a page imposes on the whole app while it is open (the editor is dark by default,
 * whatever the app's scheme): the providers pass it to Mantine's `forceColorScheme`, so portals,
 * menus and notifications follow too, and the app's own choice returns when the page closes.
 */
let forced: ColorScheme | undefined;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setForced(scheme: ColorScheme | undefined): void {
  if (scheme === forced) return;
  forced = scheme;
  listeners.forEach((listener) => listener());
}

/** The scheme a page imposes now, if any (for the providers). */
export function useForcedColorScheme(): ColorScheme | undefined {
  return useSyncExternalStore(subscribe, () => forced);
}

/** Imposes `scheme` while the calling component is mounted. */
export function useForceColorScheme(scheme: ColorScheme): void {
  useEffect(() => {
    setForced(scheme);
    return () => setForced(undefined);
  }, [scheme]);
}
