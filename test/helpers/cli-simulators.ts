import { startQiniuSimulator, type QiniuSimulator } from '../../electron/simulators/qiniu/qiniu-simulator.ts';
import {
  SCALEENGINE_SIM_PATH,
  startScaleEngineSimulator,
  type ScaleEngineSimulator,
} from '../../electron/simulators/scaleengine/scaleengine-simulator.ts';
import {
  startWmspanelSimulator,
  type WmspanelSimulator,
} from '../../electron/simulators/wmspanel/wmspanel-simulator.ts';

/** The credentials the simulators accept. Secrets are distinctive so a leak into any output is caught. */
export const CREDENTIALS = {
  wms: { clientId: 'wms-client-7', apiKey: 'WMS-API-KEY-s3cr3t-4b9f' },
  se: { apiKey: 'SEPUBLICKEY0158', secretKey: 'SE-SECRET-s3cr3t-77aa', cdnId: 158 },
  pili: { accessKey: 'AK-pili-public', secretKey: 'QINIU-SK-s3cr3t-0c1d', hub: 'live-hub' },
} as const;

export const SECRETS = [CREDENTIALS.wms.apiKey, CREDENTIALS.se.secretKey, CREDENTIALS.pili.secretKey];

export interface Simulators {
  wms: WmspanelSimulator;
  se: ScaleEngineSimulator;
  pili: QiniuSimulator;
  close(): Promise<void>;
}

export async function startSimulators(): Promise<Simulators> {
  const [wms, se, pili] = await Promise.all([
    startWmspanelSimulator({ ...CREDENTIALS.wms, legacyViewerFields: true }),
    startScaleEngineSimulator({ ...CREDENTIALS.se }),
    startQiniuSimulator({ ...CREDENTIALS.pili, streams: 12 }),
  ]);
  return {
    wms,
    se,
    pili,
    close: async () => {
      await Promise.all([wms.close(), se.close(), pili.close()]);
    },
  };
}

/** A config document pointing every source at its simulator; no secret in it. */
export function simulatorConfig(sims: Simulators): { sources: Record<string, unknown>[] } {
  return {
    sources: [
      {
        id: 'pili',
        provider: 'qiniu',
        accessKey: CREDENTIALS.pili.accessKey,
        hub: CREDENTIALS.pili.hub,
        baseUrl: sims.pili.origin,
      },
      {
        id: 'se',
        provider: 'scaleengine',
        apiKey: CREDENTIALS.se.apiKey,
        cdnId: CREDENTIALS.se.cdnId,
        apps: sims.se.apps.map((app) => app.name),
        baseUrl: `${sims.se.origin}${SCALEENGINE_SIM_PATH}`,
      },
      {
        id: 'wms',
        provider: 'wmspanel',
        clientId: CREDENTIALS.wms.clientId,
        dataSlice: sims.wms.dataSlices[0]?.id,
        baseUrl: `${sims.wms.origin}/v1`,
      },
    ],
  };
}

/** The right secrets, as a headless machine would give them. */
export const SECRET_ENV: Record<string, string> = {
  STREAMTRAY_SECRET_PILI: CREDENTIALS.pili.secretKey,
  STREAMTRAY_SECRET_SE: CREDENTIALS.se.secretKey,
  STREAMTRAY_SECRET_WMS: CREDENTIALS.wms.apiKey,
};
