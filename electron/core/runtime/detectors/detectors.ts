import type { AlertEvent, Incident } from '../../../../shared/alerts.ts';
import type { ProviderKind } from '../../../../shared/domain.ts';
import type { PollOutcome } from '../../poller/poller.ts';
import { detectBandwidthCap } from './bandwidth-cap.ts';
import type { DerivedEvent } from './derived-event.ts';
import type { DetectorConfig } from '../../../../shared/detector-config.ts';
import { detectServerRecovery } from './server-recovery.ts';
import { detectSourceHealth, type SourceHealth } from './source-health.ts';
import { detectVanished, initialVanishedState, type VanishedState } from './vanished.ts';
import { detectViewerCliff, initialCliffState, type CliffState } from './viewer-cliff.ts';
import { detectZeroViewers, initialZeroViewersState, type ZeroViewersState } from './zero-viewers.ts';

// Holds each source's detector state between polls; the detectors themselves are pure functions.

interface SourceState {
  vanished: VanishedState;
  zero: ZeroViewersState;
  cliff: CliffState;
  overCap: boolean;
  health: SourceHealth;
}

export interface Detectors {
  onPoll(provider: ProviderKind, outcome: PollOutcome): DerivedEvent[];
  onWebhookEvents(openIncidents: readonly Incident[], events: readonly AlertEvent[]): DerivedEvent[];
  /** A source removed or reconfigured starts from scratch. */
  forget(sourceId: string): void;
}

export function createDetectors(config: DetectorConfig): Detectors {
  const states = new Map<string, SourceState>();
  return {
    onPoll(provider, outcome) {
      const s = states.get(outcome.sourceId) ?? {
        vanished: initialVanishedState,
        zero: initialZeroViewersState,
        cliff: initialCliffState,
        overCap: false,
        health: 'ok' as SourceHealth,
      };
      states.set(outcome.sourceId, s);
      const events: DerivedEvent[] = [];
      const health = detectSourceHealth(
        outcome.sourceId,
        s.health,
        outcome.ok
          ? { ok: true, at: outcome.at, viewers: outcome.reading.viewers }
          : { ok: false, at: outcome.at, error: outcome.error, failures: outcome.failures },
        config.unreachableAfterFailures,
      );
      s.health = health.health;
      events.push(...health.events);
      if (!outcome.ok) return events;
      const { reading } = outcome;
      if (provider === 'qiniu') {
        const r = detectVanished(outcome.sourceId, s.vanished, reading, config.vanishedPolls);
        s.vanished = r.state;
        events.push(...r.events);
      }
      if (provider === 'scaleengine') {
        const r = detectZeroViewers(outcome.sourceId, s.zero, reading, config.zeroViewerPolls);
        s.zero = r.state;
        events.push(...r.events);
      }
      const cliff = detectViewerCliff(outcome.sourceId, s.cliff, reading, config.viewerCliff);
      s.cliff = cliff.state;
      events.push(...cliff.events);
      const cap = detectBandwidthCap(
        outcome.sourceId,
        s.overCap,
        reading,
        config.bandwidthCapsBps[outcome.sourceId],
      );
      s.overCap = cap.over;
      events.push(...cap.events);
      return events;
    },
    onWebhookEvents(openIncidents, events) {
      return detectServerRecovery(
        openIncidents.filter((incident) => incident.subject.kind === 'server'),
        events,
      );
    },
    forget(sourceId) {
      states.delete(sourceId);
    },
  };
}
