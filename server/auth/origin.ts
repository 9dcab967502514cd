/**
 * Same-origin judgement for cookie-authenticated writes and WebSocket upgrades. With PUBLIC_URL set,
 * the browser's Origin must equal it (behind a TLS proxy the request URL says http://, so the request
 * itself cannot be trusted for the scheme). Unset, the Origin's host must equal the Host header, so
 * `npm start` works on localhost and on a LAN address.
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  publicOrigin: string | null,
): boolean {
  if (origin === undefined) return true; // non-browser clients; browsers always send Origin cross-site
  if (origin === 'null') return false; // sandboxed frames, file:// pages, some redirects
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (publicOrigin) return parsed.origin === publicOrigin;
  return host !== undefined && parsed.host.toLowerCase() === host.toLowerCase();
}

/** Fetch metadata: a browser says outright when a request is cross-site. */
export function fetchSiteAllowed(secFetchSite: string | undefined): boolean {
  return secFetchSite === undefined || secFetchSite === 'same-origin' || secFetchSite === 'none';
}
