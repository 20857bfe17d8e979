import { Counter, type Registry } from 'prom-client';
import type { ContactPointType } from '../../../shared/contact-points.ts';

// Deliveries to contact points (Slack, e-mail, PagerDuty …) by type and outcome: `sent`, `retry` (an
// attempt failed and another is scheduled) and `failed` (given up). The contact-point module reports each
// outcome through `onOutcome`; the configured types are shown from the start, as 0.

export const CONTACT_POINT_OUTCOMES = ['sent', 'retry', 'failed'] as const;
export type ContactPointOutcome = (typeof CONTACT_POINT_OUTCOMES)[number];

export interface ContactPointDelivery {
  type: ContactPointType;
  outcome: ContactPointOutcome;
}

export interface ContactPointMetrics {
  /** Pass to the contact points as their `onOutcome` option. */
  onOutcome(delivery: ContactPointDelivery): void;
  /** Shows every outcome of each configured type. */
  update(configuredTypes: readonly ContactPointType[]): void;
}

export function registerContactPointMetrics(registry: Registry): ContactPointMetrics {
  const counter = new Counter<'type' | 'outcome'>({
    name: 'streamtray_contact_point_deliveries_total',
    help: 'Delivery attempts to contact points since start, by point type and outcome (sent, retry, failed).',
    labelNames: ['type', 'outcome'],
    registers: [registry],
  });
  return {
    onOutcome({ type, outcome }) {
      counter.inc({ type, outcome });
    },
    update(configuredTypes) {
      for (const type of configuredTypes)
        for (const outcome of CONTACT_POINT_OUTCOMES) counter.inc({ type, outcome }, 0);
    },
  };
}
