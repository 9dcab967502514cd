import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ChatLine, ClientOp, PresenceEntry } from '../../shared/protocol';
import { MAX_CHAT_LENGTH } from '../../shared/protocol';

/** Chat beside the board. Text renders as text (React escapes it): never as HTML. */
export function ChatPanel({
  lines,
  pending,
  participants,
  me,
  canWrite,
  closedNote = 'Observers read the chat but do not post.',
  onSend,
  onUnread,
  visible,
}: {
  lines: ChatLine[];
  pending: ClientOp[];
  participants: PresenceEntry[];
  me: string;
  canWrite: boolean;
  /** Why the chat cannot be written to, shown in place of the input. */
  closedNote?: string;
  onSend: (text: string) => void;
  onUnread: (n: number) => void;
  visible: boolean;
}) {
  const [text, setText] = useState('');
  const logRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const seenCount = useRef(lines.length);
  const names = new Map(participants.map((p) => [p.userId, p.displayName]));
  const pendingChat = pending.filter((p): p is Extract<ClientOp, { type: 'chat' }> => p.type === 'chat');

  useLayoutEffect(() => {
    const el = logRef.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [lines.length, pendingChat.length]);

  useEffect(() => {
    const focused = visible && atBottom.current && document.hasFocus();
    if (focused) seenCount.current = lines.length;
    const unread = lines.slice(seenCount.current).filter((l) => l.author !== me).length;
    onUnread(unread);
  }, [lines, visible, me, onUnread]);

  const send = () => {
    const t = text.trim();
    if (!t) return;
    onSend(t.slice(0, MAX_CHAT_LENGTH));
    setText('');
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };

  return (
    <div className="chat">
      <div
        className="chat-log"
        ref={logRef}
        role="log"
        aria-label="Chat messages"
        aria-live="polite"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          if (atBottom.current) {
            seenCount.current = lines.length;
            onUnread(0);
          }
        }}
      >
        {lines.length === 0 && pendingChat.length === 0 && <p className="muted empty-chat">{canWrite ? 'No messages yet. Say hello.' : 'No messages.'}</p>}
        {lines.map((l) => (
          <div key={l.seq} className={`chat-line ${l.author === me ? 'mine' : ''}`}>
            <div className="chat-meta">
              <strong>{names.get(l.author) ?? 'Someone'}</strong>
              <time dateTime={new Date(l.ts).toISOString()}>{new Date(l.ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
            </div>
            <div className="chat-text">{l.text}</div>
          </div>
        ))}
        {pendingChat.map((p) => (
          <div key={p.opId} className="chat-line mine pending" aria-label="Sending">
            <div className="chat-meta"><strong>{names.get(me) ?? 'You'}</strong><span>sending…</span></div>
            <div className="chat-text">{p.text}</div>
          </div>
        ))}
      </div>
      {canWrite ? (
        <div className="chat-input">
          <label htmlFor="chat-text" className="visually-hidden">Message</label>
          <textarea
            id="chat-text"
            rows={2}
            placeholder="Message (Enter to send, Shift+Enter for a new line)"
            value={text}
            maxLength={MAX_CHAT_LENGTH}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKey}
          />
          <button className="btn primary small" onClick={send} disabled={!text.trim()}>Send</button>
        </div>
      ) : (
        <p className="muted chat-closed">{closedNote}</p>
      )}
    </div>
  );
}
