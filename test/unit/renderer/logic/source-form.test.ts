import { describe, expect, it } from 'vitest';
import { emptyForm, formFromView, formToRequest } from '../../../../renderer/logic/source-form.ts';

describe('source form', () => {
  it('builds a ScaleEngine source with numeric ids parsed and secrets only when typed', () => {
    const result = formToRequest({
      ...emptyForm('scaleengine'),
      id: 'se',
      name: ' EU edge ',
      apiKey: 'pub',
      cdnId: '158',
      apps: 'live, 42 ,',
      urls: '',
      apiSecret: 's3cret',
      webhookToken: 'ignored for scaleengine',
    });
    expect(result).toEqual({
      ok: true,
      request: {
        source: { id: 'se', name: 'EU edge', provider: 'scaleengine', apiKey: 'pub', cdnId: 158, apps: ['live', 42] },
        apiSecret: 's3cret',
      },
    });
  });

  it('names each wrong field and never echoes a secret', () => {
    const result = formToRequest({
      ...emptyForm('scaleengine'),
      id: 'bad id!',
      apiKey: 'pub',
      cdnId: 'abc',
      apiSecret: 'TOPSECRET-VALUE',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      id: { key: 'validation.id' },
      cdnId: { key: 'validation.number' },
      apps: { key: 'validation.apps' },
    });
    expect(JSON.stringify(result.errors)).not.toContain('TOPSECRET');
  });

  it('refuses plain http to a remote host', () => {
    const result = formToRequest({ ...emptyForm('qiniu'), id: 'q', accessKey: 'ak', hub: 'h', baseUrl: 'http://example.com' });
    expect(result).toEqual({ ok: false, errors: { baseUrl: { key: 'validation.url' } } });
  });

  it('round-trips an existing WMSPanel source, leaving secrets empty so they are kept', () => {
    const view = {
      source: { id: 'wms', provider: 'wmspanel' as const, clientId: 'c1', server: 'edge1' },
      apiSecretSet: true,
      webhookTokenSet: false,
      webhookPath: '/webhooks/wms',
    };
    const form = formFromView(view);
    expect(form.apiSecret).toBe('');
    expect(formToRequest(form)).toEqual({ ok: true, request: { source: view.source } });
    expect(formToRequest({ ...form, webhookToken: 'tok' })).toEqual({
      ok: true,
      request: { source: view.source, webhookToken: 'tok' },
    });
  });
});
