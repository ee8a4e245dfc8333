import * as fs from 'fs';
import type { AgentSurveyBot, SurveyEvent } from './agent-survey-bot';

/**
 * What the sample's main.js does with the bot's survey events, step for step: on a ring it reads
 * the survey (and the sequence the chosen reply leads to) and stores the answers in a file; on
 * "submit" or a closed conversation it submits them with the current state revision; on
 * "dismiss" it dismisses the survey. `answersFile` is the sample's `answers.json`.
 */
export function wireSurveyFlow(surveyBot: AgentSurveyBot, answersFile: string): void {
  const log = surveyBot.log;

  surveyBot.on(surveyBot.GET_SURVEY, ({ conversationId, skillId }: SurveyEvent) => {
    getAndStartSurvey({ conversationId, skillId }, (err, res) => {
      if (err) {
        log('Some error appeared during getting survey: ' + err);
      } else if (res) {
        fs.writeFile(answersFile, JSON.stringify(res), (err) => {
          if (err) throw err;
          log('Submit body was successfully stored!');
        });
      }
    });
  });

  surveyBot.on(surveyBot.DISMISS_SURVEY, ({ conversationId, skillId }: SurveyEvent) => {
    getCurrentStateAndDismissSurvey({ conversationId, skillId }, (err, res) => {
      if (err) log('Some error appeared during dismiss survey: ' + err);
      else if (res) log('Current survey status: ' + res);
    });
  });

  surveyBot.on(surveyBot.SUMBIT_SURVEY, ({ conversationId, skillId }: SurveyEvent) => {
    let data: Buffer | undefined;
    try {
      data = fs.readFileSync(answersFile);
    } catch (e) {
      log('Fail to get answers: ' + e);
    }
    if (data) {
      const answers = JSON.parse(data.toString());
      getCurrentStateAndSubmitSurvey({ conversationId, skillId, answers }, (err, res) => {
        if (err) log('Error: ' + err);
        else log('Survey successfully submitted. Current agent survey status ' + res);
        fs.unlinkSync(answersFile);
      });
    }
  });

  function getAndStartSurvey({ conversationId, skillId }: SurveyEvent, callback: (err: string | null, res: unknown) => void): void {
    void surveyBot.getAgentSurvey(conversationId, skillId).then((getSurveyResponse) => {
      if (getSurveyResponse.status !== 200) {
        callback('Get request returned with status code: ' + getSurveyResponse.status, null);
        return;
      }
      const submittedBody = buildSubmitBody(getSurveyResponse.questions as any[], 'Hello');
      if (!submittedBody.hasNextSequence) {
        log('Submit body ' + JSON.stringify(submittedBody));
        callback(null, submittedBody.answers);
      } else {
        void getNextSequence(submittedBody.questionId, true, getSurveyResponse.stateRevision as number, conversationId, skillId).then((nextSequence) => {
          if (nextSequence) {
            const answers = submittedBody.answers.concat(nextSequence);
            log('Submit body ' + JSON.stringify(answers));
            callback(null, answers);
          }
        });
      }
    });
  }

  async function getNextSequence(questionId: string, isSequence: boolean, stateRevision: number, conversationId: string, skillId: string) {
    const nextSequence = await surveyBot.getNextSequence(questionId, isSequence, stateRevision, conversationId, skillId);
    if (nextSequence.status !== 200) return undefined;
    return buildShownQuestions(nextSequence.questions as any[]);
  }

  function getCurrentStateAndSubmitSurvey(
    { conversationId, skillId, answers }: SurveyEvent & { answers: unknown[] },
    callback: (err: string | null, res: unknown) => void,
  ): void {
    void surveyBot.getAgentSurvey(conversationId, skillId).then((currentState) => {
      if (currentState.status === 200 && currentState.agentSurveyStatus !== 'dismissed') {
        void submit(currentState.stateRevision as number, answers, conversationId, skillId).then((res) => callback(null, res));
      } else {
        callback('Get current state request returned with status code: ' + currentState.status + ' agentSurvey status' + currentState.agentSurveyStatus, null);
      }
    });
  }

  function getCurrentStateAndDismissSurvey({ conversationId, skillId }: SurveyEvent, callback: (err: string | null, res: unknown) => void): void {
    void surveyBot.getAgentSurvey(conversationId, skillId).then((currentState) => {
      if (currentState.status === 200 && currentState.agentSurveyStatus !== 'submitted') {
        void dismiss(currentState.stateRevision as number, conversationId, skillId).then((res) => callback(null, res));
      } else {
        callback('Get current state request returned with status code: ' + currentState.status + currentState.agentSurveyStatus, null);
      }
    });
  }

  async function submit(stateRevision: number, answers: unknown[], conversationId: string, skillId: string) {
    const submitResponse = await surveyBot.submitSurvey(stateRevision, answers, conversationId, skillId);
    return submitResponse.status === 200 ? submitResponse.agentSurveyStatus : submitResponse.status;
  }

  async function dismiss(stateRevision: number, conversationId: string, skillId: string) {
    const dismissResponse = await surveyBot.dismiss(conversationId, skillId, stateRevision);
    return dismissResponse.status === 200 ? dismissResponse.agentSurveyStatus : dismissResponse.status;
  }

  function buildSubmitBody(questions: any[], text: string) {
    const answers: object[] = [];
    let hasNextSequence = false;
    const result: { questionId?: any; hasNextSequence?: boolean; answers?: object[] } = {};
    for (let i = 0; i <= questions.length - 1; i++) {
      if (questions[i].category === 'date') {
        answers[i] = { id: questions[i].id, questionStatus: 'show' };
      } else if (questions[i].category === 'free_text') {
        answers[i] = { id: questions[i].id, freeTextReply: text, questionStatus: 'answer' };
      } else if (questions[i].category === 'number') {
        answers[i] = { id: questions[i].id, freeTextReply: 12, questionStatus: 'answer' };
      } else {
        answers[i] = { id: questions[i].id, replyIds: [questions[i].replies[1].id], questionStatus: 'answer' };
      }
      if (questions[i].containsLogic) {
        hasNextSequence = true;
        result.questionId = questions[i].replies[1].next;
      }
    }
    result.hasNextSequence = hasNextSequence;
    result.answers = answers;
    log('Answers: ' + JSON.stringify(answers));
    return result as { questionId: string; hasNextSequence: boolean; answers: object[] };
  }

  function buildShownQuestions(questions: any[]) {
    const shownQuestion: object[] = [];
    for (let i = 0; i <= questions.length - 1; i++) shownQuestion[i] = { id: questions[i].id, questionStatus: 'show' };
    return shownQuestion;
  }
}
