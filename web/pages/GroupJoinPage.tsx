import type { GroupInfo, GroupPreview } from '../../shared/api';
import { api } from '../api';
import { JoinWithCode } from '../components/JoinWithCode';

/** The target of a group invite link: /groups/join?code=XXXX. Shows the group, joins on a click. */
export default function GroupJoinPage() {
  return (
    <JoinWithCode<GroupPreview>
      title="Join a study group"
      hint="The code is part of the invite link a member shared."
      failure="Could not join the group."
      back={{ to: '/groups', label: 'My groups' }}
      preview={(code) => api.get<GroupPreview>(`/groups/preview?code=${encodeURIComponent(code)}`)}
      describe={(g) => ({
        body: (
          <dl>
            <dt>Group</dt>
            <dd>{g.name}</dd>
            <dt>Owner</dt>
            <dd>{g.owner}</dd>
            <dt>Members</dt>
            <dd>{g.memberCount}</dd>
          </dl>
        ),
        action: g.member ? 'Open the group' : 'Join this group',
        already: g.member ? 'You are a member already.' : 'Members see your name, your sessions in the group and which problems you have practised.',
      })}
      join={async (code, g) => (g.member ? `/groups/${g.id}` : `/groups/${(await api.post<GroupInfo>('/groups/join', { code })).id}`)}
    />
  );
}
