/**
 * Where to go after signing in, from `?next=`: only a path on this site. Browsers read a backslash as
 * a slash, so "/\evil.com" would be "//evil.com" (another origin); control characters are dropped
 * by URL parsing and could hide either.
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/')) return '/';
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/^\/[/\\]/.test(next) || /[\\\u0000-\u001F\u007F]/.test(next)) return '/';
  try {
    const base = 'http://same.invalid';
    const url = new URL(next, base);
    if (url.origin !== base) return '/';
    return url.pathname + url.search + url.hash;
  } catch {
    return '/';
  }
}
