/**
 * Vitest setup. Node tests (editor-core) need nothing; component tests (`// @vitest-environment jsdom`)
 * get what jsdom lacks for Mantine, and a Request that accepts the SPA's relative `/api/...` URLs.
 */
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// `findBy*` and `waitFor` wait for the screen to settle, not for a deadline: on a busy machine a
// Mantine screen under jsdom can take seconds to render, which is slow, not wrong. The bound only
// decides how long a truly failing test takes to report.
configure({ asyncUtilTimeout: 30_000 });

if (typeof window !== 'undefined') {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    document.cookie.split(';').forEach((cookie) => {
      const name = cookie.split('=')[0]?.trim();
      if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
    });
  });

  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });

  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  window.ResizeObserver = ResizeObserverStub;
  window.HTMLElement.prototype.scrollIntoView = () => {};
  Object.defineProperty(window, 'scrollTo', { writable: true, value: () => {} });

  const NativeRequest = globalThis.Request;
  class RelativeRequest extends NativeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      const resolved =
        typeof input === 'string' && input.startsWith('/')
          ? new URL(input, window.location.origin).toString()
          : input;
      super(resolved, init);
    }
  }
  globalThis.Request = RelativeRequest;
}
