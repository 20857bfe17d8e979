import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeHandlers } from '../../../../shared/bridge.ts';
import { parseConfig, type Config } from '../../../../shared/config.ts';
import type { ContactPoint } from '../../../../shared/contact-points.ts';
import type { Notice } from '../../../../shared/notices.ts';
import { contactPointHandlers } from '../../../../electron/core/bridge/contact-point-handlers.ts';
import { invokeBridge } from '../../../../electron/core/bridge/invoke-bridge.ts';
import { createBridgeHandlers, type HandlerContext } from '../../../../electron/core/bridge/bridge-handlers.ts';
import { createManualClock } from '../../../../electron/core/clock.ts';
import { ProviderError } from '../../../../electron/core/errors.ts';
import { createContactPoints, type ContactPoints } from '../../../../electron/core/notify/contact-points.ts';
import { KeychainError } from '../../../../electron/core/secrets/keytar-secret-store.ts';
import { MemorySecretStore } from '../../../../electron/core/secrets/memory-secret-store.ts';
import type { SecretStore } from '../../../../electron/core/secrets/secret-store.ts';
import { SecretVault } from '../../../../electron/core/secrets/secret-vault.ts';
import { useCaptureServers } from '../../../helpers/capture-server.ts';

// Settings → Contact points as the Bridge answers it: points are validated by the shared schema, their
// secret is only ever stored where it was given for, a failing keychain or config write changes nothing,
// and no answer carries a secret.

const SIGNING = `whsec_${Buffer.from('test signing key, 32 bytes long!').toString('base64')}`;
const OTHER_SIGNING = `whsec_${Buffer.from('another signing key, 32 bytes!!!').toString('base64')}`;

/** A keychain that fails the way keytar does without a Secret Service. */
class FlakyKeychain implements SecretStore {
  readonly inner = new MemorySecretStore();
  failing: 'never' | 'always' | 'writes' | 'second-write' = 'never';
  #writes = 0;

  #check(write: boolean): void {
    if (this.failing === 'always' || (write && this.failing === 'writes'))
      throw new KeychainError('could not store the secret in the OS keychain: Cannot autolaunch D-Bus');
    if (write && this.failing === 'second-write' && ++this.#writes === 2)
      throw new KeychainError('the OS keychain did not answer within 5 s');
  }

  get(account: string): Promise<string | null> {
    this.#check(false);
    return this.inner.get(account);
  }

  async set(account: string, value: string): Promise<void> {
    this.#check(true);
    await this.inner.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    this.#check(true);
    return this.inner.delete(account);
  }
}

const dirs: string[] = [];
const running: ContactPoints[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((points) => points.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function configWith(notify: unknown[]): Config {
  const result = parseConfig({
    sources: [{ id: 'wms', provider: 'wmspanel', clientId: 'client', name: 'Main WMSPanel' }],
    notify,
  });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

async function setup(options: { notify?: unknown[]; env?: Record<string, string> } = {}) {
  const dataDir = await mkdtemp(join(os.tmpdir(), 'streamtray-points-ui-'));
  dirs.push(dataDir);
  const keychain = new FlakyKeychain();
  const vault = new SecretVault(keychain, options.env ?? {});
  let config = configWith(options.notify ?? []);
  let failConfigWrite = false;
  const points = createContactPoints({
    dataDir,
    config: () => config,
    vault,
    // Webhook receivers check the signed timestamp against their own clock.
    clock: createManualClock(Date.now()),
    log: () => undefined,
    incident: () => undefined,
    openIncidents: () => [],
    locale: () => 'en',
    sourceName: (id) => config.sources.find((s) => s.id === id)?.name,
    random: () => 0.5,
    closeGraceMs: 50,
  });
  running.push(points);
  let configChanges = 0;
  const ctx: HandlerContext['contactPoints'] = {
    contactPoints: {
      views: () => points.views(),
      recent: (id, limit) => points.recent(id, limit),
      test: (id) => points.test(id),
      configChanged: () => {
        configChanges++;
        points.configChanged();
      },
    },
    vault,
    config: () => config,
    updateConfig(mutate) {
      if (failConfigWrite) return Promise.reject(new ProviderError('config', 'EROFS: config.json is read-only'));
      // Validated like the real config store: the whole document, so cross-field rules apply too.
      const result = parseConfig(mutate(config));
      if (!result.ok) return Promise.reject(new ProviderError('config', result.errors.join('; ')));
      config = result.config;
      return Promise.resolve(config);
    },
  };
  const handlers = contactPointHandlers(ctx);
  return {
    handlers,
    keychain,
    points,
    config: () => config,
    configChanges: () => configChanges,
    failConfigWrites: () => (failConfigWrite = true),
  };
}

/** The whole Bridge, validation included, with these contact-point handlers (nothing else is called). */
function bridgeOver(handlers: ReturnType<typeof contactPointHandlers>): BridgeHandlers {
  return { ...createBridgeHandlers({} as HandlerContext), ...handlers };
}

const webhookPoint = (url: string): ContactPoint => ({
  id: 'oncall',
  type: 'webhook',
  url,
  minSeverity: 'warning',
  repeatMinutes: 0,
  ignoreQuietHours: false,
});

const offline: Notice = {
  message: {
    kind: 'incident-opened',
    sourceId: 'wms',
    subject: { kind: 'stream', name: 'edge.example.com/live/keynote' },
    viewers: 2_400,
    checkpoints: [],
    reason: null,
  },
  severity: 'critical',
  incidentIds: [7],
  coalesced: false,
  at: Date.now(),
};

describe('saving a contact point', () => {
  it('refuses a point the schema rejects, naming the field, and writes nothing', async () => {
    const { handlers, config } = await setup();
    const outcome = await invokeBridge(bridgeOver(handlers), 'saveContactPoint', {
      point: { id: 'mail', type: 'email', smtp: { host: 'smtp.example.com', port: 70000 }, from: 'a@example.com', to: [] },
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.status).toBe(400);
    expect(outcome.error.message).toContain('point.smtp.port: must be at most 65535');
    expect(outcome.error.message).toContain('point.to: list at least one address');
    expect(config().notify).toEqual([]);
  });

  it('refuses plain http to another machine for a webhook url', async () => {
    const { handlers } = await setup();
    const outcome = await invokeBridge(bridgeOver(handlers), 'saveContactPoint', {
      point: { id: 'oncall', type: 'webhook', url: 'http://ops.example.com/hook' },
    });
    expect(outcome).toMatchObject({ ok: false, status: 400 });
    if (!outcome.ok) expect(outcome.error.message).toContain('point.url: https is required unless the host is a loopback address');
  });

  it('refuses a source id that is not configured, naming it', async () => {
    const { handlers, config } = await setup();
    await expect(
      handlers.saveContactPoint({ point: { ...webhookPoint('https://ops.example.com/h'), sources: ['nope'] } }),
    ).rejects.toThrow(/notify\[0\]\.sources\[0\]: no source "nope"/);
    expect(config().notify).toEqual([]);
  });

  it('refuses a signing secret that is not whsec_ base64, and stores nothing', async () => {
    const { handlers, keychain, config } = await setup();
    await expect(
      handlers.saveContactPoint({ point: webhookPoint('https://ops.example.com/h'), secret: 'hunter2' }),
    ).rejects.toThrow(/^secret: the signing secret must look like whsec_/);
    expect(await keychain.inner.get('oncall:notify')).toBeNull();
    expect(config().notify).toEqual([]);
  });

  it('stores the secret in the keychain, never in the config, and answers only that it is set', async () => {
    const { handlers, keychain, config, configChanges } = await setup();
    const answer = await handlers.saveContactPoint({ point: webhookPoint('https://ops.example.com/h'), secret: SIGNING });
    expect(answer.view.secretSet).toBe(true);
    expect(answer.secretDropped).toBe(false);
    expect(await keychain.inner.get('oncall:notify')).toBe(SIGNING);
    expect(JSON.stringify(config())).not.toContain(SIGNING.slice(6));
    expect(JSON.stringify(answer)).not.toContain(SIGNING.slice(6));
    expect(configChanges()).toBe(1);
  });

  it('keeps the secret when only the name or severity changes', async () => {
    const { handlers, keychain } = await setup({ notify: [webhookPoint('https://ops.example.com/h')] });
    await keychain.inner.set('oncall:notify', SIGNING);
    const answer = await handlers.saveContactPoint({
      point: { ...webhookPoint('https://OPS.example.com/h/'), name: 'On-call', minSeverity: 'critical' },
    });
    expect(answer).toMatchObject({ secretDropped: false, view: { secretSet: true } });
    expect(answer.secretMessage).toBeUndefined();
    expect(await keychain.inner.get('oncall:notify')).toBe(SIGNING);
  });

  it('drops the stored secret when the url changes, and says so', async () => {
    const { handlers, keychain } = await setup({ notify: [webhookPoint('https://ops.example.com/h')] });
    await keychain.inner.set('oncall:notify', SIGNING);
    const answer = await handlers.saveContactPoint({ point: webhookPoint('https://elsewhere.example.net/h') });
    expect(answer.secretDropped).toBe(true);
    expect(answer.view.secretSet).toBe(false);
    expect(answer.secretMessage).toMatch(/signing secret of contact point "oncall" was removed.*Enter it again/);
    expect(await keychain.inner.get('oncall:notify')).toBeNull();
  });

  it('drops the secret when the type changes, and when a Telegram baseUrl or an SMTP host changes', async () => {
    const { handlers, keychain } = await setup({
      notify: [
        { id: 'chat', type: 'slack' },
        { id: 'phone', type: 'telegram', chatId: 42 },
        { id: 'mail', type: 'email', smtp: { host: 'smtp.example.com', user: 'u' }, from: 'a@example.com', to: ['b@example.com'] },
      ],
    });
    for (const id of ['chat', 'phone', 'mail']) await keychain.inner.set(`${id}:notify`, `secret-of-${id}`);
    expect((await handlers.saveContactPoint({ point: { id: 'chat', type: 'discord', minSeverity: 'warning', repeatMinutes: 30, ignoreQuietHours: false } })).secretDropped).toBe(true);
    const phone = await handlers.saveContactPoint({
      point: { id: 'phone', type: 'telegram', chatId: 42, baseUrl: 'https://tg-proxy.example.com', minSeverity: 'warning', repeatMinutes: 30, ignoreQuietHours: false },
    });
    expect(phone.secretDropped).toBe(true);
    const mail = await handlers.saveContactPoint({
      point: {
        id: 'mail',
        type: 'email',
        smtp: { host: 'mail.evil.example', port: 587, secure: false, user: 'u' },
        from: 'a@example.com',
        to: ['b@example.com'],
        minSeverity: 'warning',
        repeatMinutes: 30,
        ignoreQuietHours: false,
      },
    });
    expect(mail.secretMessage).toContain('SMTP password of contact point "mail" was removed');
    for (const id of ['chat', 'phone', 'mail']) expect(await keychain.inner.get(`${id}:notify`)).toBeNull();
  });

  it('keeps a new url with the secret given in the same request', async () => {
    const { handlers, keychain } = await setup({ notify: [webhookPoint('https://ops.example.com/h')] });
    await keychain.inner.set('oncall:notify', SIGNING);
    const answer = await handlers.saveContactPoint({ point: webhookPoint('https://elsewhere.example.net/h'), secret: OTHER_SIGNING });
    expect(answer).toMatchObject({ secretDropped: false, view: { secretSet: true } });
    expect(await keychain.inner.get('oncall:notify')).toBe(OTHER_SIGNING);
  });

  it('says when an environment variable overrides the secret just stored', async () => {
    const { handlers } = await setup({ env: { STREAMTRAY_NOTIFY_SECRET_ONCALL: SIGNING } });
    const answer = await handlers.saveContactPoint({ point: webhookPoint('https://ops.example.com/h'), secret: OTHER_SIGNING });
    expect(answer.secretMessage).toContain('STREAMTRAY_NOTIFY_SECRET_ONCALL is set and is used instead');
    expect(JSON.stringify(answer)).not.toContain(SIGNING.slice(6));
    expect(JSON.stringify(answer)).not.toContain(OTHER_SIGNING.slice(6));
  });
});

describe('a keychain or config failure changes nothing', () => {
  it('refuses to save a secret while the keychain is down, and leaves the config as it was', async () => {
    const { handlers, keychain, config } = await setup();
    keychain.failing = 'always';
    await expect(
      handlers.saveContactPoint({ point: webhookPoint('https://ops.example.com/h'), secret: SIGNING }),
    ).rejects.toThrow(/was not saved: nothing was changed, because the OS keychain is unavailable/);
    expect(config().notify).toEqual([]);
  });

  it('puts the old secret back when the config cannot be written', async () => {
    const { handlers, keychain, config, failConfigWrites } = await setup({ notify: [webhookPoint('https://ops.example.com/h')] });
    await keychain.inner.set('oncall:notify', SIGNING);
    failConfigWrites();
    await expect(
      handlers.saveContactPoint({ point: webhookPoint('https://elsewhere.example.net/h'), secret: OTHER_SIGNING }),
    ).rejects.toThrow(/EROFS/);
    expect(await keychain.inner.get('oncall:notify')).toBe(SIGNING);
    expect(config().notify[0]).toMatchObject({ url: 'https://ops.example.com/h' });
  });

  it('keeps a point and its secret when deleting fails on the config write', async () => {
    const { handlers, keychain, config, failConfigWrites } = await setup({ notify: [webhookPoint('https://ops.example.com/h')] });
    await keychain.inner.set('oncall:notify', SIGNING);
    failConfigWrites();
    await expect(handlers.deleteContactPoint({ id: 'oncall' })).rejects.toThrow(/EROFS/);
    expect(await keychain.inner.get('oncall:notify')).toBe(SIGNING);
    expect(config().notify).toHaveLength(1);
  });

  it('says the secret must be entered again when the keychain stops answering before it is put back', async () => {
    const { handlers, keychain, failConfigWrites } = await setup({ notify: [webhookPoint('https://ops.example.com/h')] });
    await keychain.inner.set('oncall:notify', SIGNING);
    // The delete goes through, the config write fails, and putting the secret back times out.
    keychain.failing = 'second-write';
    failConfigWrites();
    await expect(handlers.deleteContactPoint({ id: 'oncall' })).rejects.toThrow(
      /was not deleted: the config could not be written, and the keychain stopped answering .* enter it again/,
    );
  });

  it('saves a point without touching its secret even while the keychain is down', async () => {
    const { handlers, keychain, config } = await setup({ notify: [webhookPoint('https://ops.example.com/h')] });
    keychain.failing = 'always';
    const answer = await handlers.saveContactPoint({ point: { ...webhookPoint('https://ops.example.com/h'), name: 'Renamed' } });
    expect(answer.view.secretSet).toBeNull();
    expect(config().notify[0]?.name).toBe('Renamed');
    const list = await handlers.contactPoints({});
    expect(list.keychainProblem).toMatch(/keychain is unavailable/);
  });
});

describe('deleting a contact point', () => {
  it('removes the point from the config and its secret from the keychain', async () => {
    const { handlers, keychain, config } = await setup({ notify: [webhookPoint('https://ops.example.com/h')] });
    await keychain.inner.set('oncall:notify', SIGNING);
    expect(await handlers.deleteContactPoint({ id: 'oncall' })).toEqual({ ok: true });
    expect(config().notify).toEqual([]);
    expect(await keychain.inner.get('oncall:notify')).toBeNull();
  });

  it('names a point that does not exist', async () => {
    const { handlers } = await setup();
    await expect(handlers.deleteContactPoint({ id: 'ghost' })).rejects.toThrow('no contact point with id "ghost"');
  });
});

describe('testing a contact point and reading its deliveries', () => {
  const capture = useCaptureServers();

  it('sends a signed test and returns the receiver’s exact answer', async () => {
    const receiver = await capture();
    receiver.answer = (request) => {
      try {
        new Webhook(SIGNING).verify(request.body, {
          'webhook-id': String(request.headers['webhook-id']),
          'webhook-timestamp': String(request.headers['webhook-timestamp']),
          'webhook-signature': String(request.headers['webhook-signature']),
        });
        return { status: 202, body: 'accepted by the on-call router' };
      } catch {
        return { status: 401, body: 'bad signature' };
      }
    };
    const { handlers } = await setup();
    await handlers.saveContactPoint({ point: webhookPoint(`${receiver.origin}/hook`), secret: SIGNING });
    const result = await handlers.testContactPoint({ id: 'oncall' });
    expect(result).toEqual({ ok: true, status: 202, answer: 'accepted by the on-call router', error: null });
    expect(JSON.parse(receiver.requests[0]?.body ?? '{}')).toMatchObject({ type: 'test' });
  });

  it('returns a refusal as the service said it, with the chat webhook URL blanked out', async () => {
    const receiver = await capture();
    const url = `${receiver.origin}/services/T000/B000/XXXXSECRETXXXX`;
    receiver.answer = () => ({ status: 404, body: `no_team for ${url}` });
    const { handlers } = await setup();
    await handlers.saveContactPoint({ point: { id: 'chat', type: 'slack', minSeverity: 'warning', repeatMinutes: 0, ignoreQuietHours: false }, secret: url });
    const result = await handlers.testContactPoint({ id: 'chat' });
    expect(result.ok).toBe(false);
    expect(result.status).toBe(404);
    expect(result.answer).toContain('no_team');
    expect(JSON.stringify(result)).not.toContain('XXXXSECRETXXXX');
    const list = await handlers.contactPoints({});
    expect(JSON.stringify(list)).not.toContain('XXXXSECRETXXXX');
  });

  it('lists a delivery the service refused as failed, with the reason', async () => {
    const receiver = await capture();
    receiver.answer = () => ({ status: 400, body: 'unknown routing' });
    const { handlers, points } = await setup({ notify: [webhookPoint(`${receiver.origin}/hook`)] });
    await handlers.saveContactPoint({ point: webhookPoint(`${receiver.origin}/hook`), secret: SIGNING });
    points.notify(offline, false);
    await expect
      .poll(async () => (await handlers.contactPointDeliveries({ pointId: 'oncall', limit: 20 })).deliveries[0]?.state)
      .toBe('failed');
    const [delivery] = (await handlers.contactPointDeliveries({ pointId: 'oncall', limit: 20 })).deliveries;
    expect(delivery).toMatchObject({ lastStatus: 400, type: 'incident.opened' });
    expect(delivery?.lastError).toContain('unknown routing');
  });

  it('lists a delivery the service could not take yet as retrying, with the next attempt time', async () => {
    const receiver = await capture();
    receiver.answer = () => ({ status: 503, body: 'down for maintenance' });
    const { handlers, points } = await setup({ notify: [webhookPoint(`${receiver.origin}/hook`)] });
    await handlers.saveContactPoint({ point: webhookPoint(`${receiver.origin}/hook`), secret: SIGNING });
    points.notify(offline, false);
    await expect
      .poll(async () => (await handlers.contactPointDeliveries({ pointId: 'oncall', limit: 20 })).deliveries[0]?.state)
      .toBe('retrying');
    const [delivery] = (await handlers.contactPointDeliveries({ pointId: 'oncall', limit: 20 })).deliveries;
    expect(delivery?.nextAttemptAt).toBeGreaterThan(delivery?.createdAt ?? Infinity);
    expect(delivery?.lastStatus).toBe(503);
  });

  it('names a point that does not exist instead of testing nothing', async () => {
    const { handlers } = await setup();
    await expect(handlers.testContactPoint({ id: 'ghost' })).rejects.toThrow('no contact point with id "ghost"');
  });
});
