import { type BridgeHandlers, type Series, type Settings, type Snapshot } from '../../../shared/bridge.ts';
import type { Config, SourceConfig } from '../../../shared/config.ts';
import type { SourceCheck } from '../../../shared/domain.ts';
import type { AlertEngine } from '../alerts/alert-engine.ts';
import type { IncidentStore } from '../alerts/incident-store.ts';
import { withoutDelivery, type LoggedEvent } from '../store/alert-log.ts';
import type { SecretVault, SourceSecretKind } from '../secrets/secret-vault.ts';
import {
  overriddenMessage,
  secretChangeFor,
  secretStateOf,
  sourceViewOf,
  withSecretChange,
} from '../secrets/source-secrets.ts';
import { ProviderError } from '../errors.ts';
import { createReportHandlers, type ReportHandlerContext } from './report-handlers.ts';
import { contactPointHandlers, type ContactPointContext } from './contact-point-handlers.ts';
import type { z } from 'zod';
import type { seriesRequestSchema } from '../../../shared/bridge.ts';
import { createStreamHandlers, type StreamHandlerContext } from './stream-handlers.ts';
import { createIncidentHandlers } from './incident-handlers.ts';
import { createSettingsHandlers } from './settings-handlers.ts';

// The Bridge API as the core answers it: every method of shared/bridge.ts, one thin function each over
// the runtime's parts. Secrets only go in (to the vault); out comes whether one is set.

export interface HandlerContext {
  snapshot(): Snapshot;
  series(request: z.output<typeof seriesRequestSchema>): Series[];
  reports: ReportHandlerContext;
  incidents: IncidentStore;
  events(filter: { sinceMs?: number; limit: number }): LoggedEvent[];
  engine: AlertEngine;
  vault: SecretVault;
  config(): Config;
  /** Validates, writes the config file and applies it; throws ConfigError naming the field. */
  updateConfig(mutate: (config: Config) => Config): Promise<Config>;
  /** Secrets changed: polls with them at once (and lifts an auth hold). */
  secretsChanged(sourceId: string): Promise<void>;
  testSource(source: SourceConfig): Promise<SourceCheck>;
  setPaused(paused: boolean): void;
  paused(): boolean;
  refresh(sourceId?: string): void;
  /** The Streams view's catalog and per-stream history. */
  streams: StreamHandlerContext;
  contactPoints: ContactPointContext;
}

export function settingsOf(config: Config): Settings {
  return {
    pollIntervalSeconds: config.pollIntervalSeconds,
    requestTimeoutSeconds: config.requestTimeoutSeconds,
    locale: config.locale,
    theme: config.theme,
  };
}

export function createBridgeHandlers(ctx: HandlerContext): BridgeHandlers {
  function source(id: string): SourceConfig {
    const found = ctx.config().sources.find((s) => s.id === id);
    if (!found) throw new ProviderError('config', `no source with id "${id}"`);
    return found;
  }


  return {
    ...createStreamHandlers(ctx.streams),
    ...createIncidentHandlers(ctx),
    ...createSettingsHandlers(ctx),
    ...contactPointHandlers(ctx.contactPoints),
    snapshot: () => ctx.snapshot(),
    series: (request) => ({ series: ctx.series(request) }),
    ...createReportHandlers(ctx.reports),
    alertEvents: (request) => ({
      events: ctx
        .events({
          limit: request.limit,
          ...(request.sinceMs !== undefined ? { sinceMs: request.sinceMs } : {}),
        })
        .map(withoutDelivery),
    }),
    async sources() {
      const configured = ctx.config().sources;
      const states = await Promise.all(
        configured.map(async (s) => ({ source: s, state: await secretStateOf(ctx.vault, s) })),
      );
      // One message for the whole list: every source hits the same keychain.
      const problem = states.find(({ state }) => state.problem !== null)?.state.problem ?? null;
      return {
        sources: states.map(({ source: s, state }) => sourceViewOf(s, state)),
        ...(problem !== null ? { keychainProblem: problem } : {}),
      };
    },
    settings: () => settingsOf(ctx.config()),
    mutes: () => ({ mutes: ctx.engine.mutes() }),
    acknowledge: ({ incidentId }) => ({ incident: ctx.engine.acknowledge(incidentId) ?? null }),
    closeIncident: ({ incidentId }) => ({ incident: ctx.engine.closeIncident(incidentId) ?? null }),
    mute: ({ target, untilMs }) => {
      ctx.engine.mute(target, untilMs);
      return { mutes: ctx.engine.mutes() };
    },
    unmute: ({ target }) => {
      ctx.engine.unmute(target);
      return { mutes: ctx.engine.mutes() };
    },
    async saveSource({ source: next, apiSecret, webhookToken }) {
      // A secret is only sent where it was given for: a change of address, provider or account drops it
      // unless this request gives it again. Keychain first, undone if the config cannot be written.
      const previous = ctx.config().sources.find((s) => s.id === next.id);
      const given = {
        ...(apiSecret !== undefined ? { api: apiSecret } : {}),
        ...(webhookToken !== undefined ? { webhook: webhookToken } : {}),
      };
      const change = secretChangeFor(previous, next, given);
      const { dropped } = await withSecretChange(
        ctx.vault,
        { id: next.id, previous, action: `source "${next.id}" was not saved` },
        change,
        () =>
          ctx.updateConfig((config) => {
            const index = config.sources.findIndex((s) => s.id === next.id);
            const sources = [...config.sources];
            if (index === -1) sources.push(next);
            else sources[index] = next;
            return { ...config, sources };
          }),
      );
      if (Object.keys(change.set).length > 0 || change.drop.length > 0) await ctx.secretsChanged(next.id);
      const note = overriddenMessage(ctx.vault, next, Object.keys(change.set) as SourceSecretKind[]);
      return sourceViewOf(next, await secretStateOf(ctx.vault, next), dropped, note);
    },
    async deleteSource({ id }) {
      const previous = source(id);
      await withSecretChange(
        ctx.vault,
        { id, previous, action: `source "${id}" was not deleted` },
        { set: {}, drop: ['api', 'webhook'] },
        () =>
          ctx.updateConfig((config) => ({ ...config, sources: config.sources.filter((s) => s.id !== id) })),
      );
      return { ok: true };
    },
    testSource: ({ id }) => ctx.testSource(source(id)),
    async saveSettings(partial) {
      const next = await ctx.updateConfig((config) => ({ ...config, ...partial }));
      return settingsOf(next);
    },
    setPaused: ({ paused }) => {
      ctx.setPaused(paused);
      return { paused: ctx.paused() };
    },
    refresh: ({ sourceId }) => {
      if (sourceId !== undefined) source(sourceId);
      ctx.refresh(sourceId);
      return { ok: true };
    },
  };
}
