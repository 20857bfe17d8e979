import {
  type BridgeHandlers,
  type Series,
  type Settings,
  type Snapshot,
  type SourceView,
} from '../../../shared/bridge.ts';
import type { Config, SourceConfig } from '../../../shared/config.ts';
import type { DailyStatsRow } from '../../../shared/daily-stats.ts';
import type { SourceCheck } from '../../../shared/domain.ts';
import type { AlertEngine } from '../alerts/alert-engine.ts';
import type { IncidentStore } from '../alerts/incident-store.ts';
import { withoutDelivery, type LoggedEvent } from '../store/alert-log.ts';
import type { SecretVault } from '../secrets/secret-vault.ts';
import { ProviderError } from '../errors.ts';
import type { z } from 'zod';
import type { seriesRequestSchema } from '../../../shared/bridge.ts';
import { createIncidentHandlers } from './incident-handlers.ts';
import { createSettingsHandlers } from './settings-handlers.ts';

// The Bridge API as the core answers it: every method of shared/bridge.ts, one thin function each over
// the runtime's parts. Secrets only go in (to the vault); out comes whether one is set.

export interface HandlerContext {
  snapshot(): Snapshot;
  series(request: z.output<typeof seriesRequestSchema>): Series[];
  dailyStats(
    source: Extract<SourceConfig, { provider: 'wmspanel' }>,
    from: string,
    to: string,
    server?: string,
  ): Promise<DailyStatsRow[]>;
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

  async function view(config: SourceConfig): Promise<SourceView> {
    const [api, webhook] = await Promise.all([
      ctx.vault.get(config.id, 'api'),
      ctx.vault.get(config.id, 'webhook'),
    ]);
    const wms = config.provider === 'wmspanel';
    return {
      source: config,
      apiSecretSet: api !== null && api !== '',
      webhookTokenSet: wms && webhook !== null && webhook !== '',
      webhookPath: wms ? `/webhooks/${config.id}` : null,
    };
  }

  return {
    ...createIncidentHandlers(ctx),
    ...createSettingsHandlers(ctx),
    snapshot: () => ctx.snapshot(),
    series: (request) => ({ series: ctx.series(request) }),
    async dailyReport(request) {
      const found = source(request.sourceId);
      if (found.provider !== 'wmspanel') {
        throw new ProviderError(
          'config',
          `source "${found.id}" is ${found.provider}: daily reports come from WMSPanel sources`,
        );
      }
      return { rows: await ctx.dailyStats(found, request.from, request.to, request.server) };
    },
    alertEvents: (request) => ({
      events: ctx
        .events({
          limit: request.limit,
          ...(request.sinceMs !== undefined ? { sinceMs: request.sinceMs } : {}),
        })
        .map(withoutDelivery),
    }),
    sources: async () => ({ sources: await Promise.all(ctx.config().sources.map(view)) }),
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
      // Config first: an invalid source must not leave a secret behind in the keychain.
      await ctx.updateConfig((config) => {
        const index = config.sources.findIndex((s) => s.id === next.id);
        const sources = [...config.sources];
        if (index === -1) sources.push(next);
        else sources[index] = next;
        return { ...config, sources };
      });
      if (apiSecret !== undefined) await ctx.vault.set(next.id, 'api', apiSecret);
      if (webhookToken !== undefined) await ctx.vault.set(next.id, 'webhook', webhookToken);
      if (apiSecret !== undefined || webhookToken !== undefined) await ctx.secretsChanged(next.id);
      return view(next);
    },
    async deleteSource({ id }) {
      source(id);
      await ctx.updateConfig((config) => ({ ...config, sources: config.sources.filter((s) => s.id !== id) }));
      await Promise.all([ctx.vault.delete(id, 'api'), ctx.vault.delete(id, 'webhook')]);
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
