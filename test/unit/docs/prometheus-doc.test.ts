import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTACT_POINT_OUTCOMES } from '../../../electron/core/metrics/contact-point-metrics.ts';
import { createCoreMetrics } from '../../../electron/core/metrics/core-metrics.ts';
import { WEBHOOK_OUTCOMES } from '../../../electron/core/metrics/webhook-metrics.ts';
import { ERROR_KINDS } from '../../../shared/domain.ts';
import { parseExposition } from '../../helpers/prometheus-exposition.ts';
import { liveSource, snapshotOf } from '../core/metrics/metrics-fixtures.ts';

// docs/prometheus.md is what a team reads to build its dashboards and alerts: it must name every
// Streamtray metric and every label value the counters can carry.

const DOC = readFileSync(new URL('../../../docs/prometheus.md', import.meta.url), 'utf8');

describe('docs/prometheus.md', () => {
  it('documents every Streamtray metric family the exposition contains', async () => {
    const snapshot = snapshotOf([liveSource({ id: 'pili', provider: 'qiniu', viewers: 1, bandwidthBps: 8 })]);
    const metrics = createCoreMetrics({ snapshot: () => snapshot, processMetrics: false });
    const families = [...parseExposition(await metrics.scrape()).types.keys()];
    expect(families.length).toBeGreaterThan(15);
    expect(families.filter((name) => !DOC.includes(`\`${name}\``))).toEqual([]);
  });

  it('names every webhook outcome, contact-point outcome and poll error kind', () => {
    const labels = [...WEBHOOK_OUTCOMES, ...CONTACT_POINT_OUTCOMES, ...ERROR_KINDS];
    expect(labels.filter((value) => !DOC.includes(`\`${value}\``))).toEqual([]);
  });
});
