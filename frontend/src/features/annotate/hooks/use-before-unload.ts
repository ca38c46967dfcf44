import { useEffect } from 'react';

/** Asks the browser to confirm closing the tab while `hasUnsaved()` is true. */
export function useBeforeUnload(hasUnsaved: () => boolean) {
  useEffect(() => {
    const handler = (event: BeforeUnloadEvent) => {
      if (!hasUnsaved()) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', handler);
    return () => window.removeEventListener('beforeunload', handler);
  }, [hasUnsaved]);
}
