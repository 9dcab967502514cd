import { createHash, randomBytes } from 'node:crypto';

export { ID_PATTERN } from '../shared/api';

/** An unguessable id: 16 random bytes, URL-safe (22 characters). */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** A short human-typable code (no 0/O/1/I/L), e.g. for invites: 10 characters ≈ 50 bits. */
export function newCode(length = 10): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
