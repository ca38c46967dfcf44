import { vi } from 'vitest';

export interface RecordedCall {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

type Reply =
  | { status?: number; body?: unknown }
  | ((call: RecordedCall) => { status?: number; body?: unknown });

/**
 * Replaces the global fetch with a table of answers keyed "METHOD /api/path" (query ignored).
 * Unknown routes answer 404. Returns every call made, for assertions.
 */
export function mockApi(routes: Record<string, Reply>): RecordedCall[] {
  const calls: RecordedCall[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request | string, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const url = new URL(request.url);
      const text = await request.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const call = { method: request.method, path: url.pathname, headers: request.headers, body };
      calls.push(call);
      const route = routes[`${request.method} ${url.pathname}`];
      const reply = typeof route === 'function' ? route(call) : route;
      if (!reply) {
        return new Response(JSON.stringify({ detail: 'Not found.', code: 'not_found' }), {
          status: 404,
          headers: { 'Content-Type': 'application/json' },
        });
      }
      const status = reply.status ?? 200;
      if (status === 204) return new Response(null, { status });
      return new Response(JSON.stringify(reply.body ?? {}), {
        status,
        headers: { 'Content-Type': 'application/json' },
      });
    }),
  );
  return calls;
}

export const TEST_USER = {
  id: 1,
  email: 'anna@example.org',
  name: 'Anna',
  surname: 'Kowalska',
  title: 'Dr.',
  specialization: 'Radiology',
  practice_start_year: 2010,
  created_at: '2025-01-10T10:00:00Z',
};
