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
  'no_consent',
  'protocol_version',
  'budget_exceeded',
  'too_many_connections',
  'internal',
  /** The first account, from an address that is not loopback, needs the setup token from the log. */
  'setup_token_required',
  /** A submitted or skipped scorecard cannot change. */
  'card_final',
  /** Too many sessions that have not ended: end some first. */
  'too_many_sessions',
  /** The password-hashing queue is full: try again in a moment (503 with Retry-After). */
  'server_busy',
  /** A password reset link that is unknown, used or expired. */
  'invalid_token',
  /** The caller is the candidate of a live session on this problem (or would become one). */
  'live_candidate',
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
  /** This node no longer serves the room (it lost the room's lock); reconnect and another will. */
  RoomMoved: 4412,
  /** The scheduled mock was called off before it started: the session ended; reconnect to see it. */
  SessionCancelled: 4413,
} as const;
