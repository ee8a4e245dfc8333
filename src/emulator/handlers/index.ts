import { aamHandlers } from './aam';
import { basicHandlers } from './basic';
import { fieldHandlers } from './fields';
import { messagingHandlers } from './messaging';
import type { Handler } from './reply';
import { routingHandlers } from './routing';

/** The sixteen UMS request types: one entry each, keyed by the wire `type`. */
export const HANDLERS: Readonly<Record<string, Handler>> = Object.freeze({
  ...basicHandlers,
  ...aamHandlers,
  ...fieldHandlers,
  ...messagingHandlers,
  ...routingHandlers,
});

export { STRING_RESP, UmsError } from './reply';
export type { Handler, Reply, RequestContext } from './reply';
