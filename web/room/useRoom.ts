import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { RoomConnection, type RoomView } from './connection';

export function roomUrl(sessionId: string): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}/ws?session=${encodeURIComponent(sessionId)}`;
}

/** One connection per mounted room page; reconnects when the browser comes back online. */
export function useRoom(sessionId: string | null): { conn: RoomConnection | null; view: RoomView | null } {
  const conn = useMemo(() => (sessionId ? new RoomConnection(roomUrl(sessionId)) : null), [sessionId]);
  useEffect(() => {
    if (!conn) return;
    conn.start();
    const online = () => conn.retryNow();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      conn.stop();
    };
  }, [conn]);
  const view = useSyncExternalStore(
    (l) => (conn ? conn.subscribe(l) : () => undefined),
    () => (conn ? conn.getView() : null),
  );
  return { conn, view };
}

/** Re-renders every `ms` so countdowns tick. */
export function useTick(ms = 250): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setN((x) => x + 1), ms);
    return () => clearInterval(t);
  }, [ms]);
  return n;
}
