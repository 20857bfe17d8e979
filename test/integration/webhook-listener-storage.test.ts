import { afterEach, describe, expect, it } from 'vitest';
import type { AlertLog } from '../../electron/core/store/alert-log.ts';
import { StorageError } from '../../electron/core/store/storage-error.ts';
import type { StorageProblem } from '../../shared/storage.ts';
import {
  httpRequest,
  rawRequest,
  signedStreamBody,
  startHarness,
  type Harness,
} from '../helpers/webhook-harness.ts';

// The listener's side of a storage fault, for each kind of fault: a 503 with a Retry-After that fits it,
// words for WMSPanel that name the kind but never the file, and a 204 again as soon as a write works.

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.dispose();
});

/** The real log, except that its next appends fail the way `problem` makes them fail. */
function failingLog(real: AlertLog, problem: () => StorageProblem | null): Pick<AlertLog, 'append'> {
  return {
    append(candidates) {
      const now = problem();
      if (now === null) return real.append(candidates);
      return Promise.reject(new StorageError(now, 'alert-log', '/secret/place/alerts.sqlite', 'injected'));
    },
  };
}

describe('webhook listener on a storage fault', () => {
  it.each([
    ['full', '10', 'storage is full'],
    ['io', '10', 'storage I/O failed'],
    ['read-only', '60', 'storage is read-only'],
    ['corrupt', '60', 'storage is damaged'],
  ] as const)(
    'answers %s with 503, Retry-After %s s, and then 204 once storage works',
    async (kind, retryAfter, words) => {
      let problem: StorageProblem | null = kind;
      const plain = await startHarness();
      harnesses.push(plain);
      const h = await startHarness({ alertLog: failingLog(plain.log, () => problem) });
      harnesses.push(h);
      const body = signedStreamBody(h.clock.now, 'rtmp://x/live/cam');
      const refused = await rawRequest(h.listener.port, [httpRequest({ body })]);
      expect(refused.status).toBe(503);
      expect(refused.text).toMatch(new RegExp(`\\r\\nretry-after: ${retryAfter}\\r\\n`, 'i'));
      expect(refused.text).toContain(words);
      expect(refused.text).not.toContain('/secret/place');
      expect(h.logged.at(-1)).toMatchObject({ status: 503, sourceId: 'wms' });

      problem = null;
      const accepted = await rawRequest(h.listener.port, [httpRequest({ body })]);
      expect(accepted.status).toBe(204);
      expect(plain.log.list().map((e) => e.subject.name)).toEqual(['rtmp://x/live/cam']);
    },
  );
});
