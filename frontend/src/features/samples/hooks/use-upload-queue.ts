import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { uploadStoreFor, type UploadState } from '../upload-store.ts';

export interface UploadQueue extends UploadState {
  add: (files: File[]) => void;
  cancel: () => void;
  retryFailed: () => void;
  clear: () => void;
}

/**
 * The set's uploads: they go on when the user switches tabs, and the browser asks before the
 * page is closed mid-upload.
 */
export function useUploadQueue(setId: number): UploadQueue {
  const queryClient = useQueryClient();
  const store = uploadStoreFor(queryClient, setId);
  const state = useSyncExternalStore(store.subscribe, store.getState);

  useEffect(() => {
    if (!state.running) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [state.running]);

  return {
    ...state,
    add: store.add,
    cancel: store.cancel,
    retryFailed: store.retryFailed,
    clear: store.clear,
  };
}
