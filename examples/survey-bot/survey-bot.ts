import { Agent, type AgentConfig, type Dialog, type MessagingEventChange, type Metadata } from 'node-agent-sdk';
import { reason } from '../lib/rest';

export interface SurveyBotOptions {
  /**
   * The bot's app installation id: LivePerson marks each POST_SURVEY dialog with the one it is
   * meant for, and the bot leaves the others alone. Undefined: take every survey dialog.
   */
  appInstallId?: string;
  log?: (line: string) => void;
}

/** Ids the survey, its question and answers carry in message metadata (for reporting). */
export const SURVEY = { id: 'csat-survey', revision: '1.0', questionId: 'q-satisfaction' };

export const TEXTS = {
  welcome: (name?: string) => `Hi ${name ?? 'there'}! I'm the survey bot, one quick question before you go.`,
  question: 'How satisfied are you with the service you received?',
  retry: "Sorry, I didn't get that. Please pick one of the options.",
  goodbye: 'Thank you for your feedback. Goodbye!',
};

const RATINGS = ['Very unsatisfied', 'Unsatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];

const answerMetadata = (n: number) => ({ type: 'Answer', id: `a${n}`, surveyId: SURVEY.id, questionId: SURVEY.questionId, provider: 'External' });

/** The CSAT question: five star buttons, each publishing its stars with an Answer in its metadata. */
export const QUESTION_EVENT = {
  type: 'ContentEvent' as const,
  contentType: 'text/plain' as const,
  message: TEXTS.question,
  quickReplies: {
    type: 'quickReplies',
    itemsPerRow: 5,
    replies: RATINGS.map((tooltip, i) => ({
      type: 'button',
      tooltip,
      title: '⭐'.repeat(i + 1),
      click: { actions: [{ type: 'publishText', text: '⭐'.repeat(i + 1) }], metadata: [answerMetadata(i + 1)] },
    })),
  },
};

/** Frame metadata of the question: which survey it belongs to and its possible answers. */
export const QUESTION_METADATA: Metadata = [
  { type: 'Question', id: SURVEY.questionId, surveyId: SURVEY.id, provider: 'External', replies: RATINGS.map((_, i) => `a${i + 1}`) },
];

const isAnswer = (metadata: Metadata | null | undefined) => (metadata ?? []).some((m) => m.type === 'Answer' && m.questionId === SURVEY.questionId);

/**
 * A post-conversation survey bot. When a conversation's MAIN dialog closes on a skill with a
 * survey, LivePerson opens a POST_SURVEY dialog; the bot joins it (role AGENT), tags it with the
 * survey's metadata, asks one question with quick replies, insists until a reply is picked, then
 * thanks the consumer and closes the dialog, which ends the conversation.
 */
export function startSurveyBot(config: AgentConfig, options: SurveyBotOptions = {}): Agent {
  const log = options.log ?? ((line: string) => console.log(line));
  const agent = new Agent(config);
  /** Open survey dialogs → their conversation, and whether they are answered. */
  const surveys = new Map<string, { conversationId: string; answered: boolean; handled: Set<number> }>();

  agent.on('connected', async () => {
    try {
      await agent.promises.setAgentState({ availability: 'ONLINE' });
      // Survey dialogs belong to conversations the bot is not part of yet: watch them all. A
      // conversation whose MAIN dialog closed is still at stage OPEN while its survey runs.
      await agent.promises.subscribeExConversations({ stage: ['OPEN'] });
      log('[survey-bot] waiting for survey dialogs');
    } catch (err) {
      log(`[survey-bot] set-up failed: ${reason(err)}`);
    }
  });

  agent.on('cqm.ExConversationChangeNotification', (body) => {
    for (const change of body.changes) {
      const survey = change.result.conversationDetails.dialogs.find((d) => d.dialogType === 'POST_SURVEY');
      if (!survey) continue;
      if (change.type === 'DELETE' || survey.state === 'CLOSE') surveys.delete(survey.dialogId);
      else if (!surveys.has(survey.dialogId) && isMine(survey)) {
        surveys.set(survey.dialogId, { conversationId: change.result.convId, answered: false, handled: new Set() });
        const consumerId = change.result.conversationDetails.participants.find((p) => p.role === 'CONSUMER')?.id as string;
        void start(change.result.convId, survey.dialogId, consumerId);
      }
    }
  });

  agent.on('ms.MessagingEventNotification', (body) => {
    for (const change of body.changes) void onEvent(body.dialogId, change);
  });

  function isMine(dialog: Dialog): boolean {
    const appInstallId = (dialog.metaData as { appInstallId?: string } | undefined)?.appInstallId;
    if (options.appInstallId === undefined || appInstallId === options.appInstallId) return true;
    log(`[survey-bot] dialog ${dialog.dialogId} is for app installation ${appInstallId}, not mine`);
    return false;
  }

  async function start(conversationId: string, dialogId: string, consumerId: string): Promise<void> {
    try {
      await agent.promises.updateConversationField({ conversationId, conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'AGENT', dialogId }] });
      // A DialogChange without a state change only tags the dialog with the survey it runs.
      await agent.promises.updateConversationField(
        { conversationId, conversationField: [{ field: 'DialogChange', type: 'UPDATE', dialog: { dialogId } }] },
        { metadata: [{ type: 'Survey', id: SURVEY.id, revision: SURVEY.revision, provider: 'External' }] },
      );
      const name = await firstName(consumerId);
      await say(conversationId, dialogId, TEXTS.welcome(name));
      await ask(conversationId, dialogId);
      // Anything the consumer wrote in the dialog before the bot joined.
      await agent.promises.subscribeMessagingEvents({ dialogId, conversationId });
      log(`[survey-bot] survey started in ${dialogId}`);
    } catch (err) {
      log(`[survey-bot] could not start the survey in ${dialogId}: ${reason(err)}`);
    }
  }

  async function firstName(consumerId: string): Promise<string | undefined> {
    const profile = await agent.promises.getUserProfile(consumerId).catch(() => []);
    return (profile.find((sde) => sde.type === 'personal')?.personal as { firstname?: string } | undefined)?.firstname;
  }

  async function onEvent(dialogId: string, change: MessagingEventChange): Promise<void> {
    const survey = surveys.get(dialogId);
    const { event, sequence } = change;
    if (!survey || survey.answered || change.originatorMetadata?.role !== 'CONSUMER' || sequence === undefined) return;
    // A quick-reply click arrives as text with the Answer metadata, or as an ACTION receipt with it.
    const isReply = event.type === 'ContentEvent' || (event.type === 'AcceptStatusEvent' && event.status === 'ACTION');
    if (!isReply || survey.handled.has(sequence)) return;
    survey.handled.add(sequence);
    try {
      if (isAnswer(change.metadata)) {
        survey.answered = true;
        await say(survey.conversationId, dialogId, TEXTS.goodbye);
        await agent.promises.updateConversationField({
          conversationId: survey.conversationId,
          conversationField: [{ field: 'DialogChange', type: 'UPDATE', dialog: { dialogId, state: 'CLOSE', closedBy: 'AGENT', closedCause: 'Completed' } }],
        });
        log(`[survey-bot] survey ${dialogId} answered and closed`);
      } else {
        // Not a reply: report the invalid answer on that message, then ask again.
        await agent.promises.publishEvent(
          { conversationId: survey.conversationId, dialogId, event: { type: 'AcceptStatusEvent', status: 'ENRICH', sequenceList: [sequence] } },
          { metadata: [{ type: 'InvalidAnswer', questionId: SURVEY.questionId, surveyId: SURVEY.id, provider: 'External' }] },
        );
        await say(survey.conversationId, dialogId, TEXTS.retry);
        await ask(survey.conversationId, dialogId);
      }
    } catch (err) {
      log(`[survey-bot] could not handle a reply in ${dialogId}: ${reason(err)}`);
    }
  }

  async function say(conversationId: string, dialogId: string, message: string): Promise<void> {
    await agent.promises.publishEvent({ conversationId, dialogId, event: { type: 'ContentEvent', contentType: 'text/plain', message } });
  }

  async function ask(conversationId: string, dialogId: string): Promise<void> {
    await agent.promises.publishEvent({ conversationId, dialogId, event: QUESTION_EVENT }, { metadata: QUESTION_METADATA });
  }

  agent.on('error', (err, context) => log(`[survey-bot] error${context ? ` at ${context.location}` : ''}: ${reason(err)}`));
  return agent;
}
