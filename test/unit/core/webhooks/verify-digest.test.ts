import { describe, expect, it } from 'vitest';
import {
  createWebhookChecks,
  parseWebhookTime,
  verifyDigest,
} from '../../../../electron/core/webhooks/verify-digest.ts';

describe('verifyDigest', () => {
  it('matches the computed vector in docs/providers.md', () => {
    expect(verifyDigest('2014-10-16 03:13:31 UTC', '59a3283f7b43a382ae560ef7316d4a78', 'abc123')).toBe(true);
    expect(verifyDigest('2014-10-16 03:13:31 UTC', '59A3283F7B43A382AE560EF7316D4A78', 'abc123')).toBe(true);
  });

  it('refuses another token, another time, and digests that are not 32 hex characters', () => {
    expect(verifyDigest('2014-10-16 03:13:31 UTC', '59a3283f7b43a382ae560ef7316d4a78', 'abc124')).toBe(false);
    expect(verifyDigest('2014-10-16 03:13:32 UTC', '59a3283f7b43a382ae560ef7316d4a78', 'abc123')).toBe(false);
    expect(verifyDigest('2014-10-16 03:13:31 UTC', '59a3283f7b43a382ae560ef7316d4a7', 'abc123')).toBe(false);
    expect(verifyDigest('2014-10-16 03:13:31 UTC', '59a3283f7b43a382ae560ef7316d4a78ff', 'abc123')).toBe(
      false,
    );
    expect(verifyDigest('2014-10-16 03:13:31 UTC', 'z9a3283f7b43a382ae560ef7316d4a78', 'abc123')).toBe(false);
  });

  it('answers right for each source and second when a storm interleaves them', () => {
    const time = '2014-10-16 03:13:31 UTC';
    const digest = '59a3283f7b43a382ae560ef7316d4a78';
    // The same second again (the digest is remembered), then another source's token for it, then back.
    const answers = ['abc123', 'abc123', 'other-token', 'abc123', 'other-token'].map((token) =>
      verifyDigest(time, digest, token),
    );
    expect(answers).toEqual([true, true, false, true, false]);
    expect([
      verifyDigest('2014-10-16 03:13:32 UTC', digest, 'abc123'),
      verifyDigest(time, digest, 'abc123'),
    ]).toEqual([false, true]);
  });

  it('signs the time exactly as received (no reformatting)', () => {
    // Same instant, different text: the digest covers the text.
    expect(verifyDigest('2014-10-16 03:13:31 utc', '59a3283f7b43a382ae560ef7316d4a78', 'abc123')).toBe(false);
  });
});

describe('parseWebhookTime', () => {
  it('reads WMSPanel times as UTC', () => {
    expect(parseWebhookTime('2014-10-16 03:13:31 UTC')).toBe(Date.UTC(2014, 9, 16, 3, 13, 31));
    expect(parseWebhookTime('2024-02-29 23:59:59 UTC')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
  });

  it.each([
    '2023-02-29 00:00:00 UTC',
    '2024-13-01 00:00:00 UTC',
    '2024-01-01 24:00:00 UTC',
    '2024-01-01 00:60:00 UTC',
    '2024-01-01T00:00:00Z',
    '2024-01-01 00:00:00',
    '2024-01-01 00:00:00 GMT',
    ' 2024-01-01 00:00:00 UTC',
  ])('refuses %s', (time) => expect(parseWebhookTime(time)).toBeNull());

  it('gives the same answer when a time comes again, valid or not', () => {
    expect([
      parseWebhookTime('2023-02-29 00:00:00 UTC'),
      parseWebhookTime('2023-02-29 00:00:00 UTC'),
    ]).toEqual([null, null]);
    const valid = '2024-02-29 23:59:59 UTC';
    expect([parseWebhookTime(valid), parseWebhookTime(valid)]).toEqual([
      Date.UTC(2024, 1, 29, 23, 59, 59),
      Date.UTC(2024, 1, 29, 23, 59, 59),
    ]);
  });
});


describe('one listener’s checks', () => {
  it('give the same answers as the plain functions, also for repeats and a changed token', () => {
    const checks = createWebhookChecks();
    const time = '2014-10-16 03:13:31 UTC';
    for (let i = 0; i < 3; i += 1) {
      expect(checks.verify(time, '59a3283f7b43a382ae560ef7316d4a78', 'abc123')).toBe(true);
      expect(checks.verify(time, '59a3283f7b43a382ae560ef7316d4a78', 'abc124')).toBe(false);
      expect(checks.parseTime(time)).toBe(parseWebhookTime(time));
    }
    expect(checks.parseTime('2014-02-30 00:00:00 UTC')).toBeNull();
    expect(checks.verify(time, 'not-a-digest', 'abc123')).toBe(false);
  });
});
