import type { AlertSettings, BridgeHandlers } from '../../../shared/bridge.ts';
import type { Config } from '../../../shared/config.ts';
import type { HandlerContext } from './bridge-handlers.ts';

// Alert rules as the settings screen edits them: the config's `alerts` and `detectors` sections. The
// request arrives validated by the same schemas; updateConfig writes the file and applies it at once.

type SettingsHandlers = Pick<BridgeHandlers, 'alertSettings' | 'saveAlertSettings'>;
type SettingsContext = Pick<HandlerContext, 'config' | 'updateConfig'>;

export function alertSettingsOf(config: Config): AlertSettings {
  return { alerts: config.alerts, detectors: config.detectors };
}

export function createSettingsHandlers(ctx: SettingsContext): SettingsHandlers {
  return {
    alertSettings: () => alertSettingsOf(ctx.config()),
    async saveAlertSettings(request) {
      const next = await ctx.updateConfig((config) => ({
        ...config,
        ...(request.alerts !== undefined ? { alerts: request.alerts } : {}),
        ...(request.detectors !== undefined ? { detectors: request.detectors } : {}),
      }));
      return alertSettingsOf(next);
    },
  };
}
