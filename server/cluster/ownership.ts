/**
 * Which node serves a room. One node, one SQLite file: always this one. Several nodes on PostgreSQL:
 * the node holding the session's advisory lock (advisory-locks.ts); the others answer the upgrade
 * with 409 `room_elsewhere`.
 */
export interface RoomOwnership {
  /** True when this node may serve the room; it then holds it until `release`. */
  claim(sessionId: string): Promise<boolean>;
  release(sessionId: string): void;
  /** Every claim was lost at once (the lock holder's connection dropped): drop these rooms. */
  onLost(handler: (sessionIds: string[]) => void): void;
  close(): Promise<void>;
}

/** A single node owns every room. */
export class SingleNodeOwnership implements RoomOwnership {
  async claim(): Promise<boolean> {
    return true;
  }
  release(): void {}
  onLost(): void {}
  async close(): Promise<void> {}
}
