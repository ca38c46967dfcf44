import {
  useMutation,
  type DefaultError,
  type MutateOptions,
  type UseMutationOptions,
  type UseMutationResult,
} from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';

export type GuardedMutation<TData, TError, TVariables, TContext> = UseMutationResult<
  TData,
  TError,
  TVariables,
  TContext
> & {
  /** Whether the action for these variables (by `key`) is still on its way. */
  isPendingFor: (variables: TVariables) => boolean;
};

interface Guard<TVariables> {
  /** What makes two calls the same action (default: every call is): e.g. the package id of a row. */
  key?: (variables: TVariables) => unknown;
}

const EVERY_CALL = () => 'action';

/**
 * `useMutation` for action buttons: a call while the same action is still pending is not sent again
 * (it gets the first call's promise), and `isPending` is true from the click itself.
 *
 * TanStack Query tells React that a mutation started on a later task (its notifyManager batches with
 * `setTimeout(0)`), so a button disabled by `isPending` alone still takes the second click of a fast
 * double click: "Claim next package" claimed two packages (issue 13 item 2). The guard is a ref, set
 * synchronously in the click, so no re-render has to come first.
 */
export function useGuardedMutation<
  TData = unknown,
  TError = DefaultError,
  TVariables = void,
  TContext = unknown,
>(
  options: UseMutationOptions<TData, TError, TVariables, TContext>,
  guard: Guard<TVariables> = {},
): GuardedMutation<TData, TError, TVariables, TContext> {
  const mutation = useMutation(options);
  const keyOf = guard.key ?? EVERY_CALL;
  const inFlight = useRef(new Map<unknown, Promise<TData>>());
  const [pending, setPending] = useState<ReadonlySet<unknown>>(() => new Set());
  const { mutateAsync: run } = mutation;

  const mutateAsync = useCallback(
    (variables: TVariables, callOptions?: MutateOptions<TData, TError, TVariables, TContext>) => {
      const key = keyOf(variables);
      const running = inFlight.current.get(key);
      if (running) return running;
      const promise = run(variables, callOptions).finally(() => {
        inFlight.current.delete(key);
        setPending(new Set(inFlight.current.keys()));
      });
      inFlight.current.set(key, promise);
      setPending(new Set(inFlight.current.keys()));
      return promise;
    },
    [run, keyOf],
  );

  const mutate = useCallback(
    (variables: TVariables, callOptions?: MutateOptions<TData, TError, TVariables, TContext>) => {
      mutateAsync(variables, callOptions).catch(() => undefined); // errors reach the callbacks and `error`
    },
    [mutateAsync],
  );

  const isPendingFor = useCallback(
    (variables: TVariables) => pending.has(keyOf(variables)),
    [pending, keyOf],
  );

  return {
    ...mutation,
    mutate,
    mutateAsync,
    isPending: mutation.isPending || pending.size > 0,
    isPendingFor,
  } as GuardedMutation<TData, TError, TVariables, TContext>;
}
