import type { RoomView, RoomConnection } from './connection';

/** Placeholder until the whiteboard lands: shows how many shapes the shared board holds. */
export function BoardArea({ view }: { conn: RoomConnection; view: RoomView; canEdit: boolean }) {
  const count = view.confirmed?.board.order.length ?? 0;
  return (
    <div className="board-placeholder">
      <p className="muted">The shared whiteboard holds {count} shape{count === 1 ? '' : 's'}.</p>
    </div>
  );
}
