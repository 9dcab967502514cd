import { useCallback, useEffect, useRef, useState } from 'react';
import type { Role, SessionMode } from '../../shared/api';
import { spentPerPhaseMs } from '../../shared/clock';
import type { ProblemGuide } from '../../shared/problem';
import type { RoomConnection, RoomView } from './connection';

export interface Notice {
  id: number;
  kind: 'hint' | 'curveball' | 'reminder';
  title: string;
  text: string;
  action?: { label: string; run: () => void };
}

const SHOW_MS = 20_000;

/**
 * The interviewer's levers, noticed in the moment: a revealed hint or a delivered curveball reaches
 * the candidate as a toast (announced to screen readers) and a badge on the Prompt tab wherever she
 * is; the interviewer is reminded when a curveball's suggested minute arrives.
 */
export function useRoomNotices(conn: RoomConnection | null, view: RoomView | null, guide: ProblemGuide | null, mode: SessionMode, role: Role, promptOpen: boolean) {
  const [list, setList] = useState<Notice[]>([]);
  const [unseen, setUnseen] = useState(0);
  const next = useRef(0);
  const reminded = useRef(new Set<string>());

  const dismiss = useCallback((id: number) => setList((l) => l.filter((n) => n.id !== id)), []);
  const push = useCallback(
    (n: Omit<Notice, 'id'>) => {
      const id = ++next.current;
      setList((l) => [...l.slice(-3), { ...n, id }]);
      setTimeout(() => dismiss(id), SHOW_MS);
    },
    [dismiss],
  );

  useEffect(() => {
    if (!conn) return;
    return conn.onEvent((e, own) => {
      if (own || (e.kind !== 'hint' && e.kind !== 'curveball')) return;
      const text = (e.data as { text: string }).text;
      if (e.kind === 'hint') push({ kind: 'hint', title: 'Hint:', text });
      else push({ kind: 'curveball', title: 'Curveball:', text });
      setUnseen((u) => u + 1);
    });
  }, [conn, push]);

  // Opening the prompt marks everything seen.
  if (promptOpen && unseen !== 0) setUnseen(0);

  // The interviewer's reminder: checked every few seconds against the server clock.
  const clock = view?.confirmed?.clock;
  const delivered = view?.confirmed?.curveballs;
  useEffect(() => {
    if (!conn || !guide || role !== 'interviewer' || mode !== 'paired' || !clock || clock.status !== 'live') return;
    const check = () => {
      const minutes = spentPerPhaseMs(clock, conn.serverNow()).reduce((a, b) => a + b, 0) / 60_000;
      const done = new Set((delivered ?? []).map((c) => c.id));
      for (const c of guide.curveballs) {
        if (minutes >= c.minute && minutes < c.minute + 5 && !done.has(c.id) && !reminded.current.has(c.id)) {
          reminded.current.add(c.id);
          push({ kind: 'reminder', title: `Minute ${c.minute}, curveball:`, text: c.text, action: { label: 'Deliver', run: () => conn.curveball(c.id) } });
        }
      }
    };
    check();
    const t = setInterval(check, 5000);
    return () => clearInterval(t);
  }, [conn, guide, role, mode, clock, delivered, push]);

  return { list, unseen, dismiss };
}
