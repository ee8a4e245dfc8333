/**
 * `.ams.userprofile.GetUserProfile$Response`: the raw profile becomes the SDE array the
 * original SDK hands to bots (claims SDEs, authenticated SDEs, ctmrinfo, personal).
 */
export function userProfile(msg: any): any {
  const profile = msg.body;
  const sdes: any[] = [];
  const authData = profile.authenticatedData;
  const privateData = profile.privateData || {};
  const claims = profile.claims || {};

  if (claims.lp_sdes) {
    claims.lp_sdes.forEach((sde: any) => {
      sde.acr = profile.acr;
      sde.iss = claims.iss;
      sdes.push(sde);
    });
  }
  if (authData && authData.lp_sdes) {
    authData.lp_sdes.forEach((sde: any) => {
      sde.auth = {};
      sdes.push(sde);
    });
  }

  const info: Record<string, unknown> = {};
  if (privateData.mobileNum) info.imei = privateData.mobileNum;
  if (privateData.userId) info.customerId = privateData.userId;
  if (Object.keys(info).length > 0) sdes.push({ type: 'ctmrinfo', info });

  const personal: Record<string, unknown> = {};
  if (profile.firstName) personal.firstname = profile.firstName;
  if (profile.lastName) personal.lastname = profile.lastName;
  if (privateData.email || privateData.mobileNum) {
    personal.contacts = [{ email: privateData.email, phone: privateData.mobileNum }];
  }
  if (Object.keys(personal).length > 0) sdes.push({ type: 'personal', personal });

  // Deleted first, as the original did, so `body` becomes the frame's last key.
  delete msg.body;
  msg.body = sdes;
  return msg;
}
