import { describe, expect, it } from 'vitest';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from '../../server/auth/password';

describe('passwordProblem', () => {
  it.each([
    ['short', 'abc123!', 'alice', /at least 10/],
    ['9 characters', 'Xk7#pQ2mZ', 'alice', /at least 10/],
    ['too long', 'x7'.repeat(MAX_PASSWORD_LENGTH / 2) + 'y', 'alice', /at most 200/],
    ['common', 'password123', 'alice', /common/],
    ['common, any case', 'PassWord123', 'alice', /common/],
    ['common keyboard walk', '1qaz2wsx3edc', 'alice', /common/],
    ['one repeated character', 'zzzzzzzzzzzz', 'alice', /repeated/],
    ['repeated symbol', '!!!!!!!!!!!!', 'alice', /repeated/],
    ['alphabet run', 'abcdefghijkl', 'alice', /consecutive/],
    ['alphabet run, upper case', 'CDEFGHIJKLMN', 'alice', /consecutive/],
    ['reversed alphabet run', 'lkjihgfedcba', 'alice', /consecutive/],
    ['descending digits', '9876543210', 'alice', /consecutive/],
    ['digits wrapping round', '7890123456', 'alice', /consecutive/],
    ['keyboard row', 'qwertyuiopasd', 'alice', /consecutive/],
    ['keyboard row, second line', 'asdfghjklz', 'alice', /consecutive/],
    ['contains the username', 'xyalice-rocks-2024', 'alice', /username/],
    ['contains the username, other case', 'my-ALICE-password-9', 'Alice', /username/],
  ])('refuses %s', (_, password, username, why) => {
    expect(passwordProblem(password, username)).toMatch(why);
  });

  it.each([
    ['a passphrase', 'correct horse battery staple', 'alice'],
    ['exactly the minimum', 'k9#Lm2$pQz', 'alice'],
    ['exactly the maximum', 'Ab3$'.repeat(MAX_PASSWORD_LENGTH / 4), 'alice'],
    ['a short username is not checked', 'bo-likes-long-walks', 'bo'],
    ['not quite a sequence', 'abcdefghij1', 'alice'],
    ['unicode', 'mot de passe très sûr ✓', 'alice'],
  ])('accepts %s', (_, password, username) => {
    expect(passwordProblem(password, username)).toBeNull();
  });

  it('has consistent limits', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(passwordProblem('x'.repeat(MIN_PASSWORD_LENGTH - 1), 'alice')).toMatch(/at least/);
  });
});

describe('hashPassword / verifyPassword', () => {
  const LOG2N = 10;

  it('round-trips and refuses a wrong password', async () => {
    const hash = await hashPassword('correct horse battery staple', LOG2N);
    expect(hash).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', hash)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    const a = await hashPassword('same password here', LOG2N);
    const b = await hashPassword('same password here', LOG2N);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password here', a)).toBe(true);
    expect(await verifyPassword('same password here', b)).toBe(true);
  });

  it('normalises Unicode so composed and decomposed forms match', async () => {
    const composed = 'caf\u00e9 au lait please';
    const decomposed = 'cafe\u0301 au lait please';
    const hash = await hashPassword(composed, LOG2N);
    expect(await verifyPassword(decomposed, hash)).toBe(true);
  });

  it('verifies with the parameters stored in the hash, not the current cost', async () => {
    const hash = await hashPassword('old but still valid', 11);
    expect(hash.startsWith('scrypt$11$')).toBe(true);
    expect(await verifyPassword('old but still valid', hash)).toBe(true);
  });

  it('refuses a tampered key', async () => {
    const hash = await hashPassword('tamper with me please', LOG2N);
    const parts = hash.split('$');
    const key = Buffer.from(parts[5]!, 'base64url');
    key[0] = key[0]! ^ 1;
    parts[5] = key.toString('base64url');
    expect(await verifyPassword('tamper with me please', parts.join('$'))).toBe(false);
  });

  it.each([
    [''],
    ['not-a-hash'],
    ['$2b$10$abcdefghijklmnopqrstuu5Y5Jn6Wo1YWQOsbV6tq9hI1bJmIgN8e'], // bcrypt
    ['scrypt$10$8$1$c2FsdA'], // too few parts
    ['scrypt$10$8$1$c2FsdA$a2V5$extra'], // too many parts
    ['argon2$10$8$1$c2FsdA$a2V5'], // wrong algorithm
    ['scrypt$10$8$1$$'], // empty salt and key
    ['scrypt$10$8$1$c2FsdA$a2V5'], // key of the wrong length
  ])('a malformed stored hash %j verifies as false', async (stored) => {
    await expect(verifyPassword('whatever password', stored)).resolves.toBe(false);
  });

  // Regression (found by this suite, fixed): verifyPassword checks the shape of the stored hash and returns false when it is wrong, but
  // numeric fields are passed to scrypt unchecked, so a corrupted hash (non-numeric or out-of-range
  // cost, r = 0) makes it reject with a RangeError instead of returning false; at login that is a 500.
  it.each([
    ['scrypt$abc$8$1$c2FsdA$a2V5'],
    ['scrypt$10$x$1$c2FsdA$a2V5'],
    ['scrypt$40$8$1$c2FsdA$a2V5'],
    ['scrypt$10$0$1$c2FsdA$a2V5'],
  ])('a stored hash with bad parameters %j verifies as false', async (stored) => {
    await expect(verifyPassword('whatever password', stored)).resolves.toBe(false);
  });
});
