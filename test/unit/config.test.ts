import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

const CWD = '/srv/mockroom';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, CWD);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

describe('loadConfig', () => {
  it('has sensible defaults', () => {
    expect(loadConfig({}, CWD)).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: resolve(CWD, 'data'),
      databaseUrl: null,
      databasePoolSize: 10,
      publicOrigin: null,
      secureCookies: false,
      registration: 'open',
      logLevel: 'info',
      scryptLog2N: 17,
      trustProxy: false,
      setupToken: null,
      signupLimit: 10,
      problemsDir: resolve(CWD, 'problems'),
      webDir: resolve(CWD, 'dist/web'),
      iceServers: [],
    });
  });

  it('treats empty and blank values as unset', () => {
    const c = loadConfig({ PORT: '', HOST: '  ', PUBLIC_URL: ' ', REGISTRATION: '', LOG_LEVEL: ' ', SCRYPT_LOG2N: '', DATA_DIR: ' ' }, CWD);
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', publicOrigin: null, registration: 'open', logLevel: 'info', scryptLog2N: 17, dataDir: resolve(CWD, 'data') });
  });

  it('reads every variable', () => {
    const c = loadConfig(
      {
        PORT: '8080',
        HOST: '127.0.0.1',
        PUBLIC_URL: 'https://mock.example.org',
        REGISTRATION: 'invite',
        LOG_LEVEL: 'debug',
        SCRYPT_LOG2N: '14',
        DATA_DIR: '/var/lib/mockroom',
        PROBLEMS_DIR: 'my-problems',
        WEB_DIR: 'web-build',
        TRUST_PROXY: 'yes',
        SETUP_TOKEN: 'a-chosen-setup-token-1234',
        SIGNUP_LIMIT: '25',
        ICE_SERVERS: '[{"urls":"stun:stun.example.org"}]',
        DATABASE_URL: 'postgres://mockroom:secret@db.internal:5432/mockroom',
        DATABASE_POOL_SIZE: '20',
      },
      CWD,
    );
    expect(c).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/mockroom',
      databaseUrl: 'postgres://mockroom:secret@db.internal:5432/mockroom',
      databasePoolSize: 20,
      publicOrigin: 'https://mock.example.org',
      secureCookies: true,
      registration: 'invite',
      logLevel: 'debug',
      scryptLog2N: 14,
      trustProxy: true,
      setupToken: 'a-chosen-setup-token-1234',
      signupLimit: 25,
      problemsDir: resolve(CWD, 'my-problems'),
      webDir: resolve(CWD, 'web-build'),
      iceServers: [{ urls: 'stun:stun.example.org' }],
    });
  });

  it.each([
    ['mysql://db/mockroom', /postgres:\/\/ or postgresql:\/\//],
    ['not a url', /must be a PostgreSQL URL/],
    ['postgres://db.internal:5432', /must name the database/],
  ])('rejects DATABASE_URL=%j with a message that says what to write', (raw, message) => {
    const err = configError({ DATABASE_URL: raw });
    expect(err.variable).toBe('DATABASE_URL');
    expect(err.message).toMatch(message);
  });

  it.each([['short'], ['has spaces in it here'], ['semi;colons;are;not;ok;at;all']])('rejects SETUP_TOKEN=%j', (raw) => {
    expect(configError({ SETUP_TOKEN: raw }).variable).toBe('SETUP_TOKEN');
  });

  it.each([
    ['0', 0],
    ['65535', 65535],
    [' 443 ', 443],
  ])('accepts PORT=%j', (raw, port) => {
    expect(loadConfig({ PORT: raw }, CWD).port).toBe(port);
  });

  it.each([['abc'], ['-1'], ['65536'], ['3000.5'], ['1e3'], ['0x50'], ['80 80'], ['99999999999999999999']])('rejects PORT=%j', (raw) => {
    const err = configError({ PORT: raw });
    expect(err.variable).toBe('PORT');
    expect(err.message).toMatch(/^PORT: /);
  });

  it.each([['open'], ['invite'], ['closed'], [' closed ']])('accepts REGISTRATION=%j', (raw) => {
    expect(loadConfig({ REGISTRATION: raw }, CWD).registration).toBe(raw.trim());
  });

  it.each([['Open'], ['public'], ['none'], ['true']])('rejects REGISTRATION=%j', (raw) => {
    const err = configError({ REGISTRATION: raw });
    expect(err.variable).toBe('REGISTRATION');
    expect(err.message).toContain('REGISTRATION');
    expect(err.message).toContain(raw);
  });

  it.each([['fatal'], ['error'], ['warn'], ['info'], ['debug'], ['trace'], ['silent']])('accepts LOG_LEVEL=%j', (raw) => {
    expect(loadConfig({ LOG_LEVEL: raw }, CWD).logLevel).toBe(raw);
  });

  it.each([['verbose'], ['INFO'], ['warning'], ['0']])('rejects LOG_LEVEL=%j', (raw) => {
    const err = configError({ LOG_LEVEL: raw });
    expect(err.variable).toBe('LOG_LEVEL');
    expect(err.message).toMatch(/^LOG_LEVEL: /);
  });

  it.each([
    ['10', 10],
    ['20', 20],
  ])('accepts SCRYPT_LOG2N=%j', (raw, n) => {
    expect(loadConfig({ SCRYPT_LOG2N: raw }, CWD).scryptLog2N).toBe(n);
  });

  it.each([['9'], ['21'], ['abc'], ['16.5'], ['-17']])('rejects SCRYPT_LOG2N=%j', (raw) => {
    const err = configError({ SCRYPT_LOG2N: raw });
    expect(err.variable).toBe('SCRYPT_LOG2N');
    expect(err.message).toMatch(/^SCRYPT_LOG2N: /);
  });

  it.each([
    ['https://mock.example.org', 'https://mock.example.org', true],
    ['https://mock.example.org/', 'https://mock.example.org', true],
    ['HTTPS://Mock.Example.ORG', 'https://mock.example.org', true],
    ['https://mock.example.org:443', 'https://mock.example.org', true],
    ['https://mock.example.org:8443', 'https://mock.example.org:8443', true],
    ['http://192.168.1.10:3000', 'http://192.168.1.10:3000', false],
    ['http://localhost', 'http://localhost', false],
  ])('PUBLIC_URL=%j gives origin %j (secure cookies: %s)', (raw, origin, secure) => {
    const c = loadConfig({ PUBLIC_URL: raw }, CWD);
    expect(c.publicOrigin).toBe(origin);
    expect(c.secureCookies).toBe(secure);
  });

  it.each([
    ['mock.example.org'],
    ['not a url'],
    ['/relative'],
    ['ftp://mock.example.org'],
    ['ws://mock.example.org'],
    ['javascript:alert(1)'],
    ['https://mock.example.org/app'],
    ['https://mock.example.org/?x=1'],
    ['https://mock.example.org/#top'],
  ])('rejects PUBLIC_URL=%j', (raw) => {
    const err = configError({ PUBLIC_URL: raw });
    expect(err.variable).toBe('PUBLIC_URL');
    expect(err.message).toMatch(/^PUBLIC_URL: /);
  });

  it.each([['my host'], ['host;rm -rf /'], ['a/b']])('rejects HOST=%j', (raw) => {
    expect(configError({ HOST: raw }).variable).toBe('HOST');
  });

  it.each([['::'], ['::1'], ['localhost'], ['[::1]'], ['10.0.0.5']])('accepts HOST=%j', (raw) => {
    expect(loadConfig({ HOST: raw }, CWD).host).toBe(raw);
  });

  it('ConfigError is an Error with a name', () => {
    const err = configError({ PORT: 'x' });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ConfigError');
  });
});

describe('TRUST_PROXY', () => {
  it.each([['1', true], ['true', true], ['YES', true], ['0', false], ['false', false], ['', false]])('reads %j as %s', (raw, v) => {
    expect(loadConfig({ TRUST_PROXY: raw }, CWD).trustProxy).toBe(v);
  });
  it('refuses anything else, naming the variable', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'maybe' }, CWD)).toThrow(/TRUST_PROXY/);
  });
});

describe('ICE_SERVERS', () => {
  it('reads a JSON array of RTCIceServer objects', () => {
    const list = [{ urls: 'stun:turn.example.org:3478' }, { urls: ['turns:turn.example.org:5349?transport=tcp'], username: 'mockroom', credential: 's3cret' }];
    expect(loadConfig({ ICE_SERVERS: JSON.stringify(list) }, CWD).iceServers).toEqual(list);
    expect(loadConfig({ ICE_SERVERS: ' ' }, CWD).iceServers).toEqual([]);
  });

  it.each([
    ['stun:turn.example.org', /not valid JSON/],
    ['{"urls":"stun:x"}', /JSON array/],
    ['[{"urls":"https://turn.example.org"}]', /start with stun:, stuns:, turn: or turns:/],
    ['[{"urls":"turn:turn.example.org:3478"}]', /needs a username and a credential \(at \[0\]\)/],
    ['[{"urls":"stun:x","password":"p"}]', /password/],
  ])('refuses ICE_SERVERS=%s with a message naming the variable and the problem', (raw, message) => {
    const err = configError({ ICE_SERVERS: raw });
    expect(err.variable).toBe('ICE_SERVERS');
    expect(err.message).toMatch(/^ICE_SERVERS: must be a JSON array of RTCIceServer objects/);
    expect(err.message).toMatch(message);
  });
});
