/**
 * The survey bot (LivePerson's survey-bot sample): runs a one-question satisfaction survey in the
 * post-conversation survey dialog. With LP_ACCOUNT, LP_USER and LP_PASS set it runs against that
 * LivePerson account (APP_INST: the bot's app installation id, assigned by LivePerson to the
 * surveyed skills); otherwise against the emulator: an agent handles a conversation on a skill
 * with a survey, the consumer closes it, answers off-script once, then clicks a rating.
 */
import { CSAT_EVENT, CSAT_QUESTION, GOODBYE_TEXT, startSurveyBot } from './survey-bot';
import { startHumanAgent } from '../lib/human-agent';
import { connected, runSample } from '../lib/run';

const APP_INSTALL_ID = 'survey-bot-app-installation';

runSample({
  title: 'Survey bot',
  plainConfig: true,
  start: (config, emulator) => startSurveyBot({ ...config, appInstall: emulator ? APP_INSTALL_ID : process.env.APP_INST }),
  script: async (emulator, bot) => {
    const skillId = emulator.addSkill({ name: 'sales', postSurvey: { appInstallId: APP_INSTALL_ID } });
    emulator.addAgent({ username: 'alice', password: 'alice-secret', skills: [skillId] });
    const alice = startHumanAgent(emulator.agentConfig('alice'), 'Hi, Alice here. Your order is on its way!');
    await connected(bot);

    const consumer = emulator.consumer({ skillId, profile: { firstName: 'Ada' } });
    await consumer.startConversation();
    await consumer.waitForMessage(/^Hi, Alice here/);
    await consumer.send('Great, thanks!');
    await consumer.close(); // closes the MAIN dialog: the survey dialog opens
    console.log(`[service] post-conversation survey dialog ${await consumer.waitForSurvey()} opened`);
    await consumer.waitForMessage(CSAT_QUESTION);
    await consumer.send('It was fine I guess');
    const question = await consumer.waitForMessage((r) => r.event.message === CSAT_QUESTION && consumer.messages.filter((m) => m.event.message === CSAT_QUESTION).length === 2);
    // A click on the fourth button: the ACTION receipt with the button's metadata, and its text.
    const button = CSAT_EVENT.quickReplies.replies[3];
    await consumer.send({ type: 'AcceptStatusEvent', status: 'ACTION', sequenceList: [question.sequence as number] }, { metadata: button.click.metadata });
    await consumer.send(button.click.actions[0].text, { metadata: button.click.metadata });
    await consumer.waitForMessage(GOODBYE_TEXT);
    await consumer.waitForClose();
    console.log('[service] survey 123 done; the conversation is closed');
    return [alice];
  },
});
