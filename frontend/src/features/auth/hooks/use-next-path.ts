import { useSearchParams } from 'react-router';

/** Where to go after signing in: `?next=` when it is a path of this app, else My work. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/api'))
    return '/';
  if (next.startsWith('/login') || next.startsWith('/register')) return '/';
  return next;
}

export function useNextPath(): string {
  const [params] = useSearchParams();
  return safeNextPath(params.get('next'));
}
