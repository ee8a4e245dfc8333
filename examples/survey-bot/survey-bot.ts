import { MySurveyBot, type SurveyBotConfig, type SurveyContentEvent, type SurveyEvent } from './my-survey-bot';

/** The CSAT question's five buttons: tooltip, stars, answer id. */
const RATINGS = [
  ['Very unsatisfied tooltip', 'A1'],
  ['Unsatisfied tooltip', 'A2'],
  ['Neutral tooltip', 'A3'],
  ['Satisfied tooltip', 'A4'],
  ['Very satisfied tooltip', 'A5'],
] as const;

export const CSAT_QUESTION = 'How would you rate your overall satisfaction with the service you received?';
export const RETRY_TEXT = "Sorry But I don't understand, Please try again...";
export const GOODBYE_TEXT = 'Thank You and Goodbye 😉';

/** The question with quick replies: each button publishes its stars with an Answer in its metadata. */
export const CSAT_EVENT = {
  type: 'ContentEvent' as const,
  contentType: 'text/plain' as const,
  message: CSAT_QUESTION,
  quickReplies: {
    itemsPerRow: 5,
    type: 'quickReplies',
    replies: RATINGS.map(([tooltip, id], i) => ({
      type: 'button',
      tooltip,
      title: '⭐'.repeat(i + 1),
      click: {
        metadata: [{ type: 'Answer', id, surveyId: '123', questionId: '1', provider: 'External' }],
        actions: [{ type: 'publishText', text: '⭐'.repeat(i + 1) }],
      },
    })),
  },
};

/** The frame metadata of the question. */
export const CSAT_METADATA = [{ type: 'Question', id: '1', surveyId: '123', provider: 'External', replies: RATINGS.map(([, id]) => id) }];

const isAnswer = (contentEvent: SurveyContentEvent) => !!(contentEvent.metadata && contentEvent.metadata[0] && contentEvent.metadata[0].type === 'Answer');

/**
 * LivePerson's survey-bot main, step for step: on a survey dialog it joins (ADD AGENT on the
 * dialog), tags the dialog with the survey's metadata, welcomes, and 1.5 s later asks the CSAT
 * question. An ACTION with an Answer closes the dialog after a goodbye; any other ACTION or text
 * without an Answer gets an ENRICH InvalidAnswer receipt, a retry line and, 1.5 s later, the
 * question again. A text with an Answer (the click's own text) is ignored.
 */
export function startSurveyBot(conf: SurveyBotConfig, log: (...args: unknown[]) => void = console.log): MySurveyBot {
  const surveyBot = new MySurveyBot(conf, log);
  // The sample's 1.5 s pauses; kept so dispose() can stop them.
  const delays = new Set<NodeJS.Timeout>();
  const later = (fn: () => void) => {
    const timer = setTimeout(() => {
      delays.delete(timer);
      fn();
    }, 1500);
    delays.add(timer);
  };
  const dispose = surveyBot.dispose.bind(surveyBot);
  surveyBot.dispose = () => {
    delays.forEach((timer) => clearTimeout(timer));
    dispose();
  };

  surveyBot.on(surveyBot.SURVEY, ({ dialogId, conversationId, profile }: SurveyEvent) => {
    startSurvey({ dialogId, conversationId, profile }, () => later(() => sendCSAT({ dialogId, conversationId })));
  });
  surveyBot.on(surveyBot.CONTENT_NOTIFICATION, (contentEvent: SurveyContentEvent) => {
    if (!isAnswer(contentEvent)) badResponse(contentEvent);
  });
  surveyBot.on(surveyBot.ACTION_NOTIFICATION, (contentEvent: SurveyContentEvent) => {
    if (isAnswer(contentEvent)) goodbye({ dialogId: contentEvent.dialogId, conversationId: contentEvent.conversationId, closeReason: 'Completed' });
    else badResponse(contentEvent);
  });

  function badResponse(contentEvent: SurveyContentEvent): void {
    const { dialogId, conversationId } = contentEvent;
    retry({ dialogId, conversationId }, () => later(() => sendCSAT({ dialogId, conversationId })));
    reportOnInvalidAnswer({ dialogId, conversationId, sequence: contentEvent.sequence });
  }

  function reportOnInvalidAnswer({ conversationId, dialogId, sequence }: { conversationId?: string; dialogId: string; sequence: number }): void {
    surveyBot.publishEvent({ conversationId, dialogId, event: { type: 'AcceptStatusEvent', status: 'ENRICH', sequenceList: [sequence] } }, null, [
      { type: 'InvalidAnswer', questionId: '1', surveyId: '123', provider: 'External' },
    ]);
  }

  function startSurvey({ conversationId, dialogId, profile }: SurveyEvent, callback: (err: unknown, res: unknown) => void): void {
    // Join the survey dialog, then tag it with the survey it runs, then welcome.
    surveyBot.updateConversationField({ conversationId, conversationField: [{ dialogId, field: 'ParticipantsChange', type: 'ADD', role: 'AGENT' }] }, () => {
      surveyBot.updateConversationField(
        { conversationId, conversationField: [{ field: 'DialogChange', type: 'UPDATE', dialog: { dialogId } }] },
        null,
        [{ type: 'Survey', id: '123', revision: '1.0', provider: 'External' }],
        () => {
          // The sample reads `firstname` off the SDE itself (it sits under `personal`): "Welcome undefined!" for a known consumer.
          const name = profile ? (profile as { firstname?: string }).firstname : 'Visitor';
          surveyBot.publishEvent({ dialogId, event: { type: 'ContentEvent', contentType: 'text/plain', message: `Welcome ${name}! I'm Survey Bot!` } }, callback);
        },
      );
    });
  }

  function sendCSAT({ dialogId, conversationId }: { dialogId: string; conversationId?: string }): void {
    surveyBot.publishEvent({ conversationId, dialogId, event: CSAT_EVENT }, null, CSAT_METADATA);
  }

  function retry({ dialogId, conversationId }: { dialogId: string; conversationId?: string }, callback: (err: unknown, res: unknown) => void): void {
    surveyBot.publishEvent({ dialogId, conversationId, event: { type: 'ContentEvent', contentType: 'text/plain', message: RETRY_TEXT } }, callback);
  }

  function goodbye({ conversationId, dialogId, closeReason }: { conversationId?: string; dialogId: string; closeReason: string }): void {
    surveyBot.publishEvent({ dialogId, conversationId, event: { type: 'ContentEvent', contentType: 'text/plain', message: GOODBYE_TEXT } }, () => {
      surveyBot.updateConversationField(
        {
          conversationId: conversationId as string,
          conversationField: [{ field: 'DialogChange', type: 'UPDATE', dialog: { dialogId, state: 'CLOSE', closedBy: 'AGENT', closedCause: closeReason } }],
        },
        (err: unknown, res: unknown) => log('close dialog', err, res),
      );
    });
  }

  return surveyBot;
}
