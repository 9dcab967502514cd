/**
 * Nudges from the node that did something to the nodes whose sockets it affects (DESIGN §9): a user
 * disabled, sign-ins ended, participants or call settings changed over HTTP on a node that does not
 * hold the room. On one node they are function calls; on several, PostgreSQL LISTEN/NOTIFY carries
 * them (pg-notices.ts). Every node applies every notice to the sockets and rooms it has; a node that
 * has none of them does nothing.
 */
import { z } from 'zod';

export const nodeNoticeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user-disabled'), userId: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('sign-ins-closed'), ids: z.array(z.string().min(1).max(64)).max(100) }),
  z.object({ kind: z.literal('participants-changed'), sessionId: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('call-changed'), sessionId: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('session-cancelled'), sessionId: z.string().min(1).max(64) }),
]);

export type NodeNotice = z.infer<typeof nodeNoticeSchema>;

export interface Notices {
  /** Applies the notice on this node at once, and on every other node as soon as it hears. */
  publish(notice: NodeNotice): void;
  onNotice(handler: (notice: NodeNotice) => void): void;
  close(): Promise<void>;
}

/** One node: a notice is a call. */
export class LocalNotices implements Notices {
  private readonly handlers: ((n: NodeNotice) => void)[] = [];
  publish(notice: NodeNotice): void {
    for (const h of this.handlers) h(notice);
  }
  onNotice(handler: (n: NodeNotice) => void): void {
    this.handlers.push(handler);
  }
  async close(): Promise<void> {}
}
