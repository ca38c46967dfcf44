// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { newIdempotencyKey } from '../idempotency-key.ts';
import { useGuardedMutation } from '../use-guarded-mutation.ts';

function wrapper({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={new QueryClient()}>{children}</QueryClientProvider>;
}

function deferred() {
  let resolve: (value: string) => void = () => undefined;
  const promise = new Promise<string>((done) => (resolve = done));
  return { promise, resolve };
}

describe('useGuardedMutation', () => {
  it('sends a repeated call of the same action once, and others at once', async () => {
    const answers = new Map([1, 2].map((id) => [id, deferred()]));
    const send = vi.fn((id: number) => answers.get(id)!.promise);
    const { result } = renderHook(
      () => useGuardedMutation({ mutationFn: send }, { key: (id) => id }),
      {
        wrapper,
      },
    );
    let first: Promise<string> | undefined;
    let again: Promise<string> | undefined;
    act(() => {
      first = result.current.mutateAsync(1);
      again = result.current.mutateAsync(1);
      result.current.mutate(2);
    });
    await waitFor(() => expect(send).toHaveBeenCalledTimes(2));
    expect(send.mock.calls.map(([id]) => id)).toEqual([1, 2]);
    expect(again).toBe(first);
    expect(result.current.isPending).toBe(true);
    expect(result.current.isPendingFor(1)).toBe(true);
    await act(async () => answers.get(1)!.resolve('one'));
    await waitFor(() => expect(result.current.isPendingFor(1)).toBe(false));
    expect(result.current.isPendingFor(2)).toBe(true);
    await act(async () => answers.get(2)!.resolve('two'));
    await waitFor(() => expect(result.current.isPending).toBe(false));
    act(() => result.current.mutate(1));
    await waitFor(() => expect(send).toHaveBeenCalledTimes(3)); // settled: the action may run again
  });
});

describe('newIdempotencyKey', () => {
  it('makes a v4 uuid, also where crypto.randomUUID is missing (plain http)', () => {
    const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newIdempotencyKey()).toMatch(shape);
    const randomUUID = crypto.randomUUID;
    try {
      Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
      const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey));
      expect(keys.size).toBe(50);
      for (const key of keys) expect(key).toMatch(shape);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: randomUUID, configurable: true });
    }
  });
});
