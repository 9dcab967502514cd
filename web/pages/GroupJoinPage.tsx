import type { GroupInfo } from '../../shared/api';
import { api } from '../api';
import { JoinWithCode } from '../components/JoinWithCode';

/** The target of a group invite link: /groups/join?code=XXXX. Joins, then opens the group. */
export default function GroupJoinPage() {
  return (
    <JoinWithCode
      title="Join a study group"
      joiningLabel="Joining the group…"
      hint="The code is part of the invite link a member shared."
      failure="Could not join the group."
      back={{ to: '/groups', label: 'My groups' }}
      join={async (code) => `/groups/${(await api.post<GroupInfo>('/groups/join', { code })).id}`}
    />
  );
}
