// @vitest-environment jsdom
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useForceColorScheme, useForcedColorScheme } from '../forced-color-scheme.ts';

describe('a colour scheme a page imposes', () => {
  it('holds while the page is mounted and is gone when it closes', () => {
    const app = renderHook(() => useForcedColorScheme());
    expect(app.result.current).toBeUndefined();
    const page = renderHook(({ scheme }) => useForceColorScheme(scheme), {
      initialProps: { scheme: 'dark' as 'dark' | 'light' },
    });
    app.rerender();
    expect(app.result.current).toBe('dark');
    page.rerender({ scheme: 'light' });
    app.rerender();
    expect(app.result.current).toBe('light');
    page.unmount();
    app.rerender();
    expect(app.result.current).toBeUndefined();
  });
});
