import { expectTypeOf } from 'expect-type';
import {
  type Agent,
  type CloseInfo,
  type Conversation,
  ConversationDesk,
  type DeskMessage,
  type DialogChange,
  type ParticipantChange,
  type Ring,
  type SkillTransfer,
} from 'node-agent-sdk';

// Checked by `tsc` (npm run typecheck): the desk is typed end to end.
function deskAssertions(agent: Agent): void {
  const desk = new ConversationDesk(agent, { scope: 'all', availability: 'AWAY', skills: ['12'], autoAccept: false });
  // @ts-expect-error scope is 'mine' or 'all'
  new ConversationDesk(agent, { scope: 'everything' });

  desk.on('ring', (ring) => expectTypeOf(ring).toEqualTypeOf<Ring>());
  desk.on('conversation', (conv) => expectTypeOf(conv).toEqualTypeOf<Conversation>());
  desk.on('message', (conv, message) => {
    expectTypeOf(conv).toEqualTypeOf<Conversation>();
    expectTypeOf(message).toEqualTypeOf<DeskMessage>();
    expectTypeOf(message.fromMe).toEqualTypeOf<boolean>();
  });
  desk.on('participant-added', (_conv, p) => expectTypeOf(p).toEqualTypeOf<ParticipantChange>());
  desk.on('transfer-skill', (_conv, t) => expectTypeOf(t).toEqualTypeOf<SkillTransfer>());
  desk.on('dialog', (_conv, d) => expectTypeOf(d).toEqualTypeOf<DialogChange>());
  desk.on('close', (_conv, info) => expectTypeOf(info).toEqualTypeOf<CloseInfo>());
  desk.on('error', (err, context) => {
    expectTypeOf(err).toEqualTypeOf<Error>();
    expectTypeOf(context.location).toBeString();
  });

  const conv = desk.conversations[0];
  expectTypeOf(conv.sendText('hi', { quickReplies: ['yes', { title: 'no', text: 'no thanks' }], metadata: [{ type: 'ExternalId', id: 'x' }] })).toEqualTypeOf<Promise<number>>();
  expectTypeOf(conv.messages({ before: 10, limit: 5 })).toEqualTypeOf<Promise<DeskMessage[]>>();
  expectTypeOf(conv.latestConsumerMessage()).toEqualTypeOf<Promise<DeskMessage | undefined>>();
  expectTypeOf(conv.uploadFile(Buffer.from(''), 'PNG')).toEqualTypeOf<Promise<string>>();
  expectTypeOf(conv.downloadFile('/p')).toEqualTypeOf<Promise<Buffer>>();
  expectTypeOf(conv.transferToSkill('12')).toEqualTypeOf<Promise<string>>();
  expectTypeOf(conv.stage).toEqualTypeOf<'OPEN' | 'CLOSE'>();
  // @ts-expect-error sendEvent takes a messaging event
  void conv.sendEvent({ type: 'Nonsense' });
}

describe('desk types', () => {
  it('are checked by tsc; this file loads', () => {
    expect(typeof deskAssertions).toBe('function');
  });
});
