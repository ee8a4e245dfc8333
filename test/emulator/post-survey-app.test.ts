import { closeAll } from './helpers';
import { emulatorForTest } from '../helpers/emulator';

afterEach(closeAll);

test('a POST_SURVEY dialog carries the app installation id of its skill', async () => {
  const emu = await emulatorForTest();
  const named = emu.addSkill({ postSurvey: { appInstallId: 'survey-app-1' } });
  const generated = emu.addSkill({ postSurvey: true });
  const surveyAppOf = async (skillId: string) => {
    const consumer = emu.consumer({ skillId });
    const convId = await consumer.startConversation();
    await consumer.close();
    return emu.conversation(convId)?.conversationDetails.dialogs[1].metaData?.appInstallId;
  };
  expect(await surveyAppOf(named)).toBe('survey-app-1');
  const id = await surveyAppOf(generated);
  expect(typeof id).toBe('string');
  // One app installation per skill: every survey dialog of the skill names the same one.
  expect(await surveyAppOf(generated)).toBe(id);
});
