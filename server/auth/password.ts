/**
 * Password hashing with node:crypto scrypt (OWASP: N=2^17, r=8, p=1), run on libuv's thread pool so
 * the event loop never blocks. The parameters are stored with each hash, so raising the cost later
 * keeps old hashes verifiable.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { COMMON_PASSWORDS } from './common-passwords';

const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must exceed 128 * N * r bytes, or Node refuses the parameters.
    scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, log2N = 17): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** log2N;
  const key = await scryptAsync(password.normalize('NFC'), salt, N, 8, 1);
  return `scrypt$${log2N}$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, log2N, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const n = Number(log2N);
  const rr = Number(r);
  const pp = Number(p);
  // A corrupted stored hash is a failed login, never a server error.
  if (![n, rr, pp].every(Number.isInteger) || n < 10 || n > 20 || rr < 1 || rr > 32 || pp < 1 || pp > 16) return false;
  const expected = Buffer.from(keyB64, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  try {
    const key = await scryptAsync(password.normalize('NFC'), Buffer.from(saltB64, 'base64url'), 2 ** n, rr, pp);
    return timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}

/** A dummy hash to verify against when the user does not exist, so timing does not reveal usernames. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(log2N: number): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(12).toString('hex'), log2N);
  return dummyHash;
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/** Returns why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'This password is on lists of common passwords; choose another.';
  if (/^(.)\1+$/.test(password)) return 'A password of one repeated character is too easy to guess.';
  if (isSequence(lower)) return 'A run of consecutive keys or digits is too easy to guess.';
  if (username.length >= 3 && lower.includes(username.toLowerCase())) return 'The password must not contain your username.';
  return null;
}

const SEQUENCES = ['0123456789012345678901234567890', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn', 'zaq12wsxcde34rfvbgt56yhn'];
function isSequence(lower: string): boolean {
  const reversed = [...lower].reverse().join('');
  return SEQUENCES.some((s) => s.includes(lower) || s.includes(reversed));
}
