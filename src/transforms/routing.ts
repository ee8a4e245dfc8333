/** `.ams.routing.RoutingTaskNotification` → `routing.RoutingTaskNotification`, ids trimmed. */
export function routingTask(msg: any): any {
  msg.body.changes.forEach((change: any) => {
    delete change.result.routingTaskId;
    delete change.result.assignedAgentId;
    delete change.result.brandId;
    change.result.ringsDetails.forEach((ring: any) => {
      delete ring.brandId;
      delete ring.convId;
      delete ring.consumerId;
      delete ring.skillId;
    });
  });
  msg.type = 'routing.RoutingTaskNotification';
  return msg;
}

/** `.ams.routing.AgentStateNotification` → `routing.AgentStateNotification`. */
export function agentState(msg: any): any {
  msg.type = 'routing.AgentStateNotification';
  msg.body.changes.forEach((change: any) => delete change.result.agentUserId);
  return msg;
}

/** The legacy ring notification: announced as `deprecated`, body dropped. */
export function ringUpdated(msg: any): any {
  msg.type = 'deprecated';
  delete msg.body;
  return msg;
}
