import type { BridgeHandlers } from '../../../shared/bridge.ts';
import type { Config } from '../../../shared/config.ts';
import type { ContactPoint } from '../../../shared/contact-points.ts';
import { POINT_SECRET_PROBLEM_WORDS, pointSecretProblem } from '../../../shared/contact-point-secrets.ts';
import type { ContactPointView } from '../../../shared/notify-status.ts';
import { ProviderError } from '../errors.ts';
import type { ContactPoints } from '../notify/contact-points.ts';
import {
  pointSecretChangeFor,
  pointSecretMessage,
  withPointSecretChange,
} from '../secrets/point-secrets.ts';
import type { SecretVault } from '../secrets/secret-vault.ts';

// The contact-point calls of the Bridge API (Settings → Contact points): list, recent deliveries, save,
// delete and test. Secrets only go in, to the keychain; out comes whether one is set.

export interface ContactPointContext {
  contactPoints: Pick<ContactPoints, 'views' | 'recent' | 'test' | 'configChanged'>;
  vault: SecretVault;
  config(): Config;
  /** Validates, writes the config file and applies it; throws a `config` ProviderError naming the field. */
  updateConfig(mutate: (config: Config) => Config): Promise<Config>;
}

type ContactPointMethods =
  | 'contactPoints'
  | 'contactPointDeliveries'
  | 'saveContactPoint'
  | 'deleteContactPoint'
  | 'testContactPoint';

const KEYCHAIN_PROBLEM =
  'the OS keychain is unavailable, so whether contact-point secrets are stored is unknown; start or unlock it';

function pointOf(ctx: ContactPointContext, id: string): ContactPoint {
  const found = ctx.config().notify.find((point) => point.id === id);
  if (!found) throw new ProviderError('config', `no contact point with id "${id}"`);
  return found;
}

async function viewOf(ctx: ContactPointContext, id: string): Promise<ContactPointView> {
  const view = (await ctx.contactPoints.views()).find((one) => one.point.id === id);
  if (!view) throw new Error(`contact point "${id}" was saved but is not listed`);
  return view;
}

function withPoint(config: Config, point: ContactPoint): Config {
  const index = config.notify.findIndex((one) => one.id === point.id);
  const notify = [...config.notify];
  if (index === -1) notify.push(point);
  else notify[index] = point;
  return { ...config, notify };
}

export function contactPointHandlers(ctx: ContactPointContext): Pick<BridgeHandlers, ContactPointMethods> {
  return {
    async contactPoints() {
      const points = await ctx.contactPoints.views();
      const unknown = points.some((view) => view.secretSet === null);
      return { points, ...(unknown ? { keychainProblem: KEYCHAIN_PROBLEM } : {}) };
    },
    contactPointDeliveries({ pointId, limit }) {
      pointOf(ctx, pointId);
      return { deliveries: ctx.contactPoints.recent(pointId, limit) };
    },
    async saveContactPoint({ point, secret }) {
      if (secret !== undefined) {
        const problem = pointSecretProblem(point.type, secret);
        if (problem !== null)
          throw new ProviderError('config', `secret: ${POINT_SECRET_PROBLEM_WORDS[problem]}`);
      }
      const previous = ctx.config().notify.find((one) => one.id === point.id);
      const change = pointSecretChangeFor(previous, point, secret);
      const { dropped } = await withPointSecretChange(
        ctx.vault,
        { id: point.id, action: `contact point "${point.id}" was not saved` },
        change,
        () => ctx.updateConfig((config) => withPoint(config, point)),
      );
      // The config change restarts the point; a secret-only change needs telling too.
      if (change !== 'keep') ctx.contactPoints.configChanged();
      const message = pointSecretMessage(ctx.vault, point, { dropped, given: secret !== undefined });
      return {
        view: await viewOf(ctx, point.id),
        secretDropped: dropped,
        ...(message !== undefined ? { secretMessage: message } : {}),
      };
    },
    async deleteContactPoint({ id }) {
      pointOf(ctx, id);
      await withPointSecretChange(
        ctx.vault,
        { id, action: `contact point "${id}" was not deleted` },
        { drop: true },
        () => ctx.updateConfig((config) => ({ ...config, notify: config.notify.filter((one) => one.id !== id) })),
      );
      ctx.contactPoints.configChanged();
      return { ok: true };
    },
    async testContactPoint({ id }) {
      pointOf(ctx, id);
      return await ctx.contactPoints.test(id);
    },
  };
}
