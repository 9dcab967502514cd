import { describe, expect, it } from 'vitest';
import { serverMessageSchema } from '../../shared/protocol';
import { ackFrame, eventFrame, eventJson } from '../../server/rooms/frames';
import { ackWireFrame, eventWireFrame, textFrame, type WireFrame } from '../../server/rooms/wire-frame';

/** Reads an unmasked final text frame's header like a client does: the payload length and where it starts. */
function header(f: WireFrame): { length: number; offset: number } {
  const b = f.bytes;
  expect(b[0]).toBe(0x81);
  expect(b[1]! & 0x80).toBe(0); // server frames are never masked
  const n = b[1]! & 0x7f;
  if (n < 126) return { length: n, offset: 2 };
  if (n === 126) return { length: b.readUInt16BE(2), offset: 4 };
  return { length: b.readUInt32BE(2) * 2 ** 32 + b.readUInt32BE(6), offset: 10 };
}

function expectFrame(f: WireFrame, text: string): void {
  const { length, offset } = header(f);
  expect(offset).toBe(f.headerLength);
  expect(length).toBe(f.bytes.length - offset);
  expect(f.text()).toBe(text);
  expect(f.payload().equals(Buffer.from(text))).toBe(true);
}

describe('wire frames are the string builders’ text, framed', () => {
  const awkward = 'u"\\\n\u2028<script>é😀';

  it('event and ack, byte for byte, with awkward authors, op ids and data', () => {
    const cases = [
      { seq: 1, ts: 0, author: 'a', kind: 'chat' as const, data: '{"text":"hi"}', opId: 'o1' },
      { seq: 7, ts: 1_700_000_000_123, author: awkward, kind: 'chat' as const, data: JSON.stringify({ text: `say "hi"\n${awkward}` }), opId: 'op"\\</script>' },
      { seq: 99_999, ts: 9_999_999_999_999, author: 'user-42', kind: 'board' as const, data: JSON.stringify({ kind: 'update', id: 's1', patch: { x: -1.5, text: awkward } }), opId: 'x'.repeat(64) },
    ];
    for (const c of cases) {
      const e = { seq: c.seq, ts: c.ts, author: c.author, kind: c.kind };
      const event = eventWireFrame(e, c.data);
      expectFrame(event, eventFrame(eventJson(e, c.data)));
      const ack = ackWireFrame(c.opId, e, event);
      expectFrame(ack, ackFrame(c.opId, c.seq, c.ts, eventJson(e, c.data)));
      expect(serverMessageSchema.safeParse(JSON.parse(ack.text())).success).toBe(true);
    }
  });

  it('uses the 2-, 4- and 10-byte headers at the RFC 6455 length boundaries', () => {
    for (const n of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]) {
      const text = 'x'.repeat(n);
      const f = textFrame(text);
      expect(f.headerLength).toBe(n < 126 ? 2 : n < 65_536 ? 4 : 10);
      expectFrame(f, text);
    }
    // A multi-byte payload: the length counts UTF-8 bytes, not characters.
    const data = JSON.stringify({ text: 'é'.repeat(40_000) });
    const e = { seq: 3, ts: 5, author: 'a', kind: 'chat' as const };
    const event = eventWireFrame(e, data);
    expect(event.headerLength).toBe(10);
    expectFrame(event, eventFrame(eventJson(e, data)));
    expectFrame(ackWireFrame('o', e, event), ackFrame('o', 3, 5, eventJson(e, data)));
  });

  it('counts at every digit boundary', () => {
    for (let n = 1; n <= Number.MAX_SAFE_INTEGER; n *= 10) {
      for (const seq of [n - 1, n]) {
        const e = { seq, ts: n, author: 'a', kind: 'chat' as const };
        const event = eventWireFrame(e, '{}');
        expectFrame(event, eventFrame(eventJson(e, '{}')));
        expectFrame(ackWireFrame('o', e, event), ackFrame('o', seq, n, eventJson(e, '{}')));
      }
    }
  });

  it('numbers that are not counts take the string way and still match', () => {
    const e = { seq: 2, ts: 1.5, author: 'a', kind: 'chat' as const };
    const event = eventWireFrame(e, '{}');
    expectFrame(event, eventFrame(eventJson(e, '{}')));
    expectFrame(ackWireFrame('o', e, event), ackFrame('o', 2, 1.5, eventJson(e, '{}')));
  });
});
