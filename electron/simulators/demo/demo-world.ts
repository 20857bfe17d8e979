import { streamNames } from '../common/audience.ts';
import { startQiniuSimulator, type QiniuSimulator } from '../qiniu/qiniu-simulator.ts';
import {
  SCALEENGINE_SIM_PATH,
  startScaleEngineSimulator,
  type ScaleEngineSimulator,
} from '../scaleengine/scaleengine-simulator.ts';
import { startWmspanelSimulator, type WmspanelSimulator } from '../wmspanel/wmspanel-simulator.ts';

// The demo's world: three providers on 127.0.0.1 with about 200 streams between them and a WMSPanel
// account with push alerts. The credentials are made up per run; they only ever live in memory.

export const DEMO_QINIU_STREAMS = 120;
export const DEMO_SCALEENGINE_STREAMS_PER_APP = 40;

export interface DemoWorld {
  qiniu: QiniuSimulator;
  scaleengine: ScaleEngineSimulator;
  wmspanel: WmspanelSimulator;
  /** A config document pointing at the simulators: no secret in it. */
  config: { sources: Record<string, unknown>[]; pollIntervalSeconds: number };
  /** Secrets by keychain account (`<id>:api`, `<id>:webhook`). */
  secrets: [string, string][];
  /** The WMSPanel source's webhook token, for the push side of the scenario. */
  webhookToken: string;
  close(): Promise<void>;
}

function randomSecret(label: string): string {
  return `${label}-${crypto.randomUUID()}`;
}

export async function startDemoWorld(options: { now?: () => number } = {}): Promise<DemoWorld> {
  const now = options.now ?? Date.now;
  const pili = { accessKey: 'demo-access-key', secretKey: randomSecret('qiniu-sk'), hub: 'demo-live' };
  const se = { apiKey: 'DEMOPUBLICKEY', secretKey: randomSecret('se-sk'), cdnId: 158 };
  const wms = { clientId: 'demo-client', apiKey: randomSecret('wms-key') };
  const webhookToken = randomSecret('wms-token');
  const apps = [
    { name: 'sports', id: 20001, streams: streamNames('match_', DEMO_SCALEENGINE_STREAMS_PER_APP) },
    { name: 'events', id: 20002, streams: streamNames('stage_', DEMO_SCALEENGINE_STREAMS_PER_APP) },
  ];
  const [qiniu, scaleengine, wmspanel] = await Promise.all([
    startQiniuSimulator({ ...pili, streams: DEMO_QINIU_STREAMS, seed: 'demo', now }),
    startScaleEngineSimulator({ ...se, apps, seed: 'demo', now }),
    startWmspanelSimulator({ ...wms, seed: 'demo', now }),
  ]);
  return {
    qiniu,
    scaleengine,
    wmspanel,
    config: {
      pollIntervalSeconds: 30,
      sources: [
        { id: 'pili', name: 'Qiniu Pili (demo)', provider: 'qiniu', accessKey: pili.accessKey, hub: pili.hub, baseUrl: qiniu.origin },
        {
          id: 'se',
          name: 'ScaleEngine (demo)',
          provider: 'scaleengine',
          apiKey: se.apiKey,
          cdnId: se.cdnId,
          apps: apps.map((app) => app.name),
          baseUrl: `${scaleengine.origin}${SCALEENGINE_SIM_PATH}`,
        },
        {
          id: 'wms',
          name: 'WMSPanel (demo)',
          provider: 'wmspanel',
          clientId: wms.clientId,
          baseUrl: `${wmspanel.origin}/v1`,
          ...(wmspanel.dataSlices[0] ? { dataSlice: wmspanel.dataSlices[0].id } : {}),
        },
      ],
    },
    secrets: [
      ['pili:api', pili.secretKey],
      ['se:api', se.secretKey],
      ['wms:api', wms.apiKey],
      ['wms:webhook', webhookToken],
    ],
    webhookToken,
    close: async () => {
      await Promise.all([qiniu.close(), scaleengine.close(), wmspanel.close()]);
    },
  };
}
