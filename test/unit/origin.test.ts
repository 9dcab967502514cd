import { describe, expect, it } from 'vitest';
import { fetchSiteAllowed, originAllowed } from '../../server/auth/origin';

describe('originAllowed without PUBLIC_URL (judged by the Host header)', () => {
  it.each<[string | undefined, string | undefined, boolean]>([
    [undefined, 'localhost:3000', true], // non-browser client
    [undefined, undefined, true],
    ['http://localhost:3000', 'localhost:3000', true],
    ['https://localhost:3000', 'localhost:3000', true], // scheme is not judged without PUBLIC_URL
    ['http://192.168.1.10:3000', '192.168.1.10:3000', true],
    ['http://LOCALHOST:3000', 'localhost:3000', true],
    ['http://localhost:3000', 'LocalHost:3000', true],
    ['http://Mock.Example.org', 'mock.EXAMPLE.org', true],
    ['http://[::1]:3000', '[::1]:3000', true],
    ['http://localhost:3001', 'localhost:3000', false], // port mismatch
    ['http://localhost', 'localhost:3000', false],
    ['http://localhost:3000', 'localhost', false],
    ['http://evil.example', 'localhost:3000', false],
    ['http://localhost.evil.example:3000', 'localhost:3000', false],
    ['http://localhost:3000', undefined, false], // browser request without a Host
    ['null', 'localhost:3000', false],
    ['null', 'null', false],
    ['', 'localhost:3000', false],
    ['localhost:3000', 'localhost:3000', false], // not an origin: "localhost:" parses as a scheme
    ['not a url', 'localhost:3000', false],
    ['http://', 'localhost:3000', false],
  ])('origin %j, host %j -> %s', (origin, host, ok) => {
    expect(originAllowed(origin, host, null)).toBe(ok);
  });
});

describe('originAllowed with PUBLIC_URL', () => {
  const PUB = 'https://mock.example.org';
  it.each<[string | undefined, string | undefined, boolean]>([
    [undefined, 'internal:3000', true],
    ['https://mock.example.org', 'internal:3000', true], // behind a proxy the Host may differ
    ['https://MOCK.example.org', 'mock.example.org', true],
    ['https://mock.example.org:443', 'mock.example.org', true], // default port is the same origin
    ['http://mock.example.org', 'mock.example.org', false], // scheme matters
    ['https://mock.example.org:8443', 'mock.example.org', false],
    ['https://evil.example', 'mock.example.org', false],
    ['https://evil.example', 'evil.example', false], // a matching Host does not help
    ['https://mock.example.org.evil.example', 'mock.example.org', false],
    ['null', 'mock.example.org', false],
    ['%%%', 'mock.example.org', false],
  ])('origin %j, host %j -> %s', (origin, host, ok) => {
    expect(originAllowed(origin, host, PUB)).toBe(ok);
  });

  it('compares with a public origin that has a port', () => {
    expect(originAllowed('http://10.0.0.5:8080', 'x', 'http://10.0.0.5:8080')).toBe(true);
    expect(originAllowed('http://10.0.0.5:8081', 'x', 'http://10.0.0.5:8080')).toBe(false);
  });
});

describe('fetchSiteAllowed', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, true],
    ['same-origin', true],
    ['none', true],
    ['same-site', false],
    ['cross-site', false],
    ['', false],
    ['SAME-ORIGIN', false],
  ])('Sec-Fetch-Site %j -> %s', (value, ok) => {
    expect(fetchSiteAllowed(value)).toBe(ok);
  });
});
