import { describe, expect, it } from 'vitest';
import { initialClock } from '../../shared/clock';
import { DEFAULT_PHASES } from '../../shared/phases';
import { serverMessageSchema } from '../../shared/protocol';
import { ackFrame, callFrame, cursorFrame, errorFrame, eventFrame, eventJson, presenceFrame, signalFrame, snapshotJson, welcomeFrame } from '../../server/rooms/frames';

const parse = (frame: string) => serverMessageSchema.parse(JSON.parse(frame));

describe('frame builders produce valid server messages', () => {
  const awkward = 'u"\\\n\u2028<script>';
  const data = JSON.stringify({ text: `say "hi"\n${awkward}` });
  const ev = eventJson({ seq: 7, ts: 1_700_000_000_123, author: awkward, kind: 'chat' }, data);

  it('event and ack carry the same event, serialised once', () => {
    const event = parse(eventFrame(ev));
    // Op ids are printable ASCII, quotes and backslashes included.
    const ack = parse(ackFrame('op"\\</script>', 7, 1_700_000_000_123, ev));
    expect(event).toEqual({ type: 'event', seq: 7, ts: 1_700_000_000_123, author: awkward, kind: 'chat', data: JSON.parse(data) });
    expect(ack).toMatchObject({ type: 'ack', opId: 'op"\\</script>', seq: 7 });
    const { type: _t, ...fields } = event;
    expect(ack.type === 'ack' && ack.event).toEqual(fields);
  });

  it('an ack whose event disagrees with it is not a valid frame', () => {
    expect(serverMessageSchema.safeParse(JSON.parse(ackFrame('o', 8, 1_700_000_000_123, ev))).success).toBe(false);
  });

  it('cursor, presence, error (with and without opId)', () => {
    expect(parse(cursorFrame(awkward, -1.5, 2e5))).toEqual({ type: 'cursor', user: awkward, x: -1.5, y: 2e5 });
    expect(parse(presenceFrame([{ userId: 'a', displayName: awkward, role: 'observer', online: true, audio: 'muted' }])).type).toBe('presence');
    expect(parse(errorFrame('budget_exceeded', 'The board is full.', 'o1'))).toEqual({ type: 'error', code: 'budget_exceeded', message: 'The board is full.', opId: 'o1' });
    expect(parse(errorFrame('bad_frame', 'no'))).toEqual({ type: 'error', code: 'bad_frame', message: 'no' });
  });

  it('signal relays the data as sent; call carries the link and the recording state', () => {
    const data = { description: { type: 'offer', sdp: `v=0\r\n${awkward}` }, call: 'abc' };
    expect(parse(signalFrame(awkward, data))).toEqual({ type: 'signal', from: awkward, data });
    const call = { link: null, recording: { active: true, consented: ['a', 'b'] } };
    expect(parse(callFrame(call))).toEqual({ type: 'call', ...call });
  });

  it('welcome splices the cached state in', () => {
    const state = { clock: initialClock(4), board: [{ id: 'a', type: 'rect' as const, x: 0, y: 0, w: 1, h: 1 }], chat: [], estimate: { dau: 5 }, figures: { readQps: 12.5 }, hints: [], curveballs: [], notes: { api: 'POST /urls' } };
    const frame = welcomeFrame(
      {
        you: { id: 'u', displayName: awkward },
        role: 'candidate',
        session: { id: 's', problemSlug: 'p', problemTitle: awkward, mode: 'paired', status: 'waiting', phases: DEFAULT_PHASES },
        participants: [],
        seq: 0,
        serverTime: 1,
        iceServers: [{ urls: ['stun:stun.example.org:3478'] }, { urls: 'turns:turn.example.org:5349', username: 'u', credential: 'c' }],
        call: { link: 'https://meet.jit.si/mock', recording: { active: false, consented: ['u'] } },
      },
      snapshotJson(state),
    );
    const msg = parse(frame);
    expect(msg.type === 'welcome' && msg.state).toEqual(state);
  });
});
