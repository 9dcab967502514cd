/**
 * Undo and redo of your own changes only: every local action records the ops it sent and their
 * inverses, computed against the board before the action. Undo sends the inverse as new ops, so a
 * peer's work is never rolled back and everyone converges through the server as usual.
 */
import type { Board, BoardOp, Shape, ShapePatch } from '../../shared/board';

export interface HistoryEntry {
  forward: BoardOp[];
  inverse: BoardOp[];
}

/** The ops that undo `op`, given the board as it was before `op` was applied. */
export function inverseOf(board: Board, op: BoardOp): BoardOp[] {
  switch (op.kind) {
    case 'add':
      return [{ kind: 'delete', ids: [op.shape.id] }];
    case 'update': {
      const before = board.shapes.get(op.id);
      if (!before) return [];
      const patch: Record<string, unknown> = {};
      for (const key of Object.keys(op.patch)) {
        const prior = (before as Record<string, unknown>)[key];
        patch[key] = prior === undefined ? null : prior;
      }
      return [{ kind: 'update', id: op.id, patch: patch as ShapePatch }];
    }
    case 'delete': {
      const shapes = op.ids.map((id) => board.shapes.get(id)).filter((s): s is Shape => !!s);
      // Arrows bound to other shapes deleted along with them go back last, once their ends exist.
      const gone = new Set(op.ids);
      const unbound: Shape[] = [];
      for (const s of board.shapes.values()) {
        if (!gone.has(s.id) && s.type === 'arrow' && ((s.from && gone.has(s.from)) || (s.to && gone.has(s.to)))) unbound.push(s);
      }
      const ordered = [...shapes.filter((s) => s.type !== 'arrow'), ...shapes.filter((s) => s.type === 'arrow')];
      return [
        ...ordered.map((shape): BoardOp => ({ kind: 'add', shape })),
        // The delete unbound these arrows; rebinding restores them.
        ...unbound.map((s): BoardOp => ({ kind: 'update', id: s.id, patch: { from: s.from ?? null, to: s.to ?? null } })),
      ];
    }
    case 'reorder':
      return [{ kind: 'reorder', ids: op.ids, to: op.to === 'back' ? 'front' : 'back' }];
  }
}

export class History {
  private undoStack: HistoryEntry[] = [];
  private redoStack: HistoryEntry[] = [];

  constructor(private readonly limit = 200) {}

  record(entry: HistoryEntry): void {
    if (!entry.forward.length) return;
    this.undoStack.push(entry);
    if (this.undoStack.length > this.limit) this.undoStack.shift();
    this.redoStack = [];
  }

  /** The ops to send for an undo, or null when there is nothing to undo. */
  undo(): BoardOp[] | null {
    const e = this.undoStack.pop();
    if (!e) return null;
    this.redoStack.push(e);
    return e.inverse;
  }

  redo(): BoardOp[] | null {
    const e = this.redoStack.pop();
    if (!e) return null;
    this.undoStack.push(e);
    return e.forward;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }
}
