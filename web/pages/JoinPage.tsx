import { useParams } from 'react-router';
import type { Role, SessionInfo, SessionPreview } from '../../shared/api';
import { api } from '../api';
import { JoinWithCode } from '../components/JoinWithCode';

const AS: Record<Role, string> = { candidate: 'the candidate', interviewer: 'the interviewer', observer: 'an observer (watching only)' };

/** The target of an invite link: /join/:id?code=XXXX. Shows the session, joins on a click, enters the room. */
export default function JoinPage() {
  const { id = '' } = useParams();
  const room = `/sessions/${encodeURIComponent(id)}/room`;
  return (
    <JoinWithCode<SessionPreview>
      title="Join a session"
      hint="The code is part of the invite link your peer shared."
      failure="Could not join the session."
      back={{ to: '/sessions', label: 'My sessions' }}
      preview={(code) => api.get<SessionPreview>(`/sessions/${encodeURIComponent(id)}/preview?code=${encodeURIComponent(code)}`)}
      describe={(p) => ({
        body: (
          <dl>
            <dt>Problem</dt>
            <dd>{p.problemTitle ?? <span className="muted">a surprise: you will see it at the start</span>}</dd>
            <dt>Host</dt>
            <dd>{p.host || 'unknown'}</dd>
            <dt>You would join as</dt>
            <dd>{p.yourRole ? AS[p.yourRole] : p.joinsAs ? AS[p.joinsAs] : p.status === 'ended' ? 'nobody: the session has ended' : 'nobody: both seats are taken'}</dd>
          </dl>
        ),
        action: p.yourRole ? 'Open the room' : p.joinsAs ? (p.joinsAs === 'observer' ? 'Watch this session' : `Join as ${p.joinsAs}`) : null,
        already: p.yourRole ? 'You are in this session already.' : undefined,
      })}
      join={async (inviteCode, p) => {
        if (!p.yourRole) await api.post<SessionInfo>(`/sessions/${encodeURIComponent(id)}/join`, { inviteCode });
        return room;
      }}
    />
  );
}
