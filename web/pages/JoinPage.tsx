import { useParams } from 'react-router';
import type { SessionInfo } from '../../shared/api';
import { api } from '../api';
import { JoinWithCode } from '../components/JoinWithCode';

/** The target of an invite link: /join/:id?code=XXXX. Joins, then enters the room. */
export default function JoinPage() {
  const { id = '' } = useParams();
  return (
    <JoinWithCode
      title="Join a session"
      joiningLabel="Joining the session…"
      hint="The code is part of the invite link your peer shared."
      failure="Could not join the session."
      back={{ to: '/sessions', label: 'My sessions' }}
      join={async (inviteCode) => {
        await api.post<SessionInfo>(`/sessions/${encodeURIComponent(id)}/join`, { inviteCode });
        return `/sessions/${encodeURIComponent(id)}/room`;
      }}
    />
  );
}
