/** Error codes shared by the HTTP API (`{ error: { code, message } }`) and the WebSocket `error` frame. */
export const ERROR_CODES = [
  'bad_json',
  'bad_request',
  'bad_frame',
  'unauthorized',
  'forbidden',
  'cross_origin',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'registration_closed',
  'invalid_credentials',
  'weak_password',
  'username_taken',
  'session_ended',
  'session_full',
  'wrong_role',
  'not_started',
  'bad_op',
  'protocol_version',
  'budget_exceeded',
  'too_many_connections',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

/** WebSocket close codes we send, named once. 1001/1008/1009/1011 are standard; 44xx are ours. */
export const CloseCode = {
  GoingAway: 1001,
  PolicyViolation: 1008,
  MessageTooBig: 1009,
  InternalError: 1011,
  Unauthorized: 4401,
  Forbidden: 4403,
  NotFound: 4404,
  SlowConsumer: 4408,
  Replaced: 4409,
  /** No `hello` arrived in time after the upgrade. */
  HelloTimeout: 4410,
} as const;
