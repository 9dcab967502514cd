import { useEffect, useMemo, useState } from 'react';
import { applyBoardOp, cloneBoard, type BoardOp } from '../../shared/board';
import { Whiteboard, type PeerCursor } from '../board/Whiteboard';
import type { RoomConnection, RoomView } from './connection';

/** The shared board: the server's board with our unacknowledged ops applied on top. */
export function BoardArea({ conn, view, canEdit }: { conn: RoomConnection; view: RoomView; canEdit: boolean }) {
  const confirmed = view.confirmed!.board;
  const pendingOps = view.pending.filter((p) => p.type === 'board');
  const board = useMemo(() => {
    if (!pendingOps.length) return confirmed;
    const b = cloneBoard(confirmed);
    for (const p of pendingOps) if (p.type === 'board') applyBoardOp(b, p.op);
    return b;
  }, [confirmed, pendingOps.length, view.pending]); // eslint-disable-line react-hooks/exhaustive-deps

  // Cursors unseen for 15 s fade out: the clock that decides it ticks every few seconds.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(t);
  }, []);
  const cursors: PeerCursor[] = useMemo(() => {
    const names = new Map(view.participants.map((p) => [p.userId, p]));
    const cutoff = now - 15_000;
    return Object.entries(view.cursors)
      .filter(([id, c]) => id !== view.you?.id && c.at > cutoff && names.get(id)?.online)
      .map(([id, c]) => ({ userId: id, name: names.get(id)?.displayName ?? 'Peer', x: c.x, y: c.y }));
  }, [view.cursors, view.participants, view.you, now]);

  return (
    <Whiteboard
      board={board}
      canEdit={canEdit}
      onOps={(ops: BoardOp[]) => ops.forEach((op) => conn.board(op))}
      onCursor={(p) => conn.cursor(p.x, p.y)}
      cursors={cursors}
      notice={view.boardNotice}
    />
  );
}
