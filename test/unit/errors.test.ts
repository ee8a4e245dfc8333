import { inspect, types } from 'util';
import {
  AbortError,
  ClosedBeforeOpenError,
  ErrorCode,
  EventTimeoutError,
  InvalidOptionError,
  InvalidRequestError,
  NotConnectedError,
  RequestTimeoutError,
  ResponseError,
  SDKError,
} from 'node-agent-sdk';
import { requestTimeoutError } from '../../src/errors';

/** What a logged or serialised error shows: its own properties, which must stay the original's. */
const ownShape = (err: Error) => ({ name: err.name, message: err.message, keys: Object.keys(err), json: JSON.stringify(err) });

describe('error classes and codes', () => {
  const response = { kind: 'resp' as const, reqId: 'r-1', code: 404, type: '.ReqBody$StringResp', body: 'Conversation not found' };

  it.each([
    ['RequestTimeoutError', new RequestTimeoutError(), RequestTimeoutError, ErrorCode.RequestTimeout, { message: 'Request has timed out', code: null, service: 'messaging', error: null }],
    ['NotConnectedError', new NotConnectedError(), NotConnectedError, ErrorCode.NotConnected, { message: 'socket not connected', code: null, service: 'messaging', error: null }],
    ['AbortError', new AbortError(), AbortError, ErrorCode.Aborted, { message: 'The request was aborted', code: 'ABORT_ERR', service: 'messaging', error: null }],
    ['InvalidRequestError', new InvalidRequestError('setAgentState: body.availability is required'), InvalidRequestError, ErrorCode.InvalidRequest, { message: 'setAgentState: body.availability is required', code: 'ERR_INVALID_REQUEST', service: null, error: null }],
    ['InvalidOptionError', new InvalidOptionError('invalid option requestTimeout: expected a number of ms, got "soon"'), InvalidOptionError, ErrorCode.InvalidOption, { message: 'invalid option requestTimeout: expected a number of ms, got "soon"', code: 'ERR_INVALID_OPTION', service: null, error: null }],
    ['ResponseError', new ResponseError(response), ResponseError, ErrorCode.Response, { message: '.ReqBody$StringResp failed with code 404: Conversation not found', code: 404, service: 'messaging', error: null }],
    ['EventTimeoutError', new EventTimeoutError('connected', 50), EventTimeoutError, ErrorCode.EventTimeout, { message: "no 'connected' event within 50 ms", code: 'ETIMEDOUT', service: null, error: null }],
    ['ClosedBeforeOpenError', new ClosedBeforeOpenError(4401), ClosedBeforeOpenError, ErrorCode.ClosedBeforeOpen, { message: 'the socket closed before opening (code 4401)', code: 4401, service: 'messaging', error: null }],
  ])('%s: instanceof its class and SDKError, its errorCode, the fields as before', (_name, err, cls, errorCode, fields) => {
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(SDKError);
    expect(err).toBeInstanceOf(Error);
    expect(err.errorCode).toBe(errorCode);
    expect({ message: err.message, code: err.code, service: err.service, error: err.error }).toEqual(fields);
    expect(err.name).toBe('Error');
  });

  it('errorCode equals code where the SDK chose the code (promise API), and the codes are distinct', () => {
    expect([new AbortError(), new InvalidRequestError('x'), new InvalidOptionError('x'), new EventTimeoutError('connected', 1)].map((e) => [e.code, e.errorCode])).toEqual([
      ['ABORT_ERR', 'ABORT_ERR'],
      ['ERR_INVALID_REQUEST', 'ERR_INVALID_REQUEST'],
      ['ERR_INVALID_OPTION', 'ERR_INVALID_OPTION'],
      ['ETIMEDOUT', 'ETIMEDOUT'],
    ]);
    expect(new Set(Object.values(ErrorCode)).size).toBe(Object.keys(ErrorCode).length);
  });

  it('a plain SDKError has no errorCode', () => {
    expect(new SDKError('Error on CSDS request: Not Found', 404, 'domainNames').errorCode).toBeUndefined();
  });

  it('errorCode is not an own property: a subclass prints, serialises and lists its keys as an SDKError with the same fields', () => {
    const plain = new SDKError('Request has timed out', null, 'messaging');
    const timeout = new RequestTimeoutError();
    expect(ownShape(timeout)).toEqual(ownShape(plain));
    expect(Object.keys(timeout)).toEqual(['code', 'service', 'error']);
    expect(inspect(timeout)).not.toContain('errorCode');
    expect(Object.keys(new ResponseError(response))).toEqual(['code', 'service', 'error', 'body', 'response']);
  });
});

describe('the SDK’s own timeout errors (made without running the constructors, for speed)', () => {
  /** Everything a bot can see of an error but its stack. */
  const visible = (err: any) => ({
    descriptors: Object.getOwnPropertyDescriptors(err),
    prototype: Object.getPrototypeOf(err),
    constructor: err.constructor,
    tag: Object.prototype.toString.call(err),
    native: types.isNativeError(err),
    errorCode: err.errorCode,
    name: err.name,
    inspectHead: inspect(err).split('\n')[0],
    json: JSON.stringify(err),
    text: String(err),
  });

  it('is a RequestTimeoutError, an SDKError and an Error with the same fields, in the same order', () => {
    const made = requestTimeoutError();
    const constructed = new RequestTimeoutError();
    expect(made).toBeInstanceOf(RequestTimeoutError);
    expect(made).toBeInstanceOf(SDKError);
    expect(made).toBeInstanceOf(Error);
    expect(Object.getOwnPropertyNames(made)).toEqual(Object.getOwnPropertyNames(constructed));
    const strip = (v: ReturnType<typeof visible>) => ({ ...v, descriptors: { ...v.descriptors, stack: undefined } });
    expect(strip(visible(made))).toEqual(strip(visible(constructed)));
    expect(made.stack).toMatch(/^Error: Request has timed out\n {4}at requestTimeoutError /);
  });

});
