import type { SourceView } from '../../shared/bridge.ts';
import { sourceConfigSchema, type SourceConfig } from '../../shared/config.ts';
import type { ProviderKind } from '../../shared/domain.ts';
import { PARSE_PARAMS } from '../../shared/schema-errors.ts';
import { fieldErrorsOf, type FieldErrors } from './field-errors.ts';

/** What the source form edits: every field as typed text, secrets separately and never pre-filled. */
export interface SourceForm {
  provider: ProviderKind;
  id: string;
  name: string;
  baseUrl: string;
  clientId: string;
  dataSlice: string;
  server: string;
  apiKey: string;
  cdnId: string;
  apps: string;
  urls: string;
  accessKey: string;
  hub: string;
  apiSecret: string;
  webhookToken: string;
}

export function emptyForm(provider: ProviderKind = 'qiniu'): SourceForm {
  return {
    provider,
    id: '',
    name: '',
    baseUrl: '',
    clientId: '',
    dataSlice: '',
    server: '',
    apiKey: '',
    cdnId: '',
    apps: '',
    urls: '',
    accessKey: '',
    hub: '',
    apiSecret: '',
    webhookToken: '',
  };
}

/** The form for editing an existing source; its secrets stay empty (write-only: we never see them). */
export function formFromView(view: SourceView): SourceForm {
  const source = view.source;
  const form: SourceForm = {
    ...emptyForm(source.provider),
    id: source.id,
    name: source.name ?? '',
    baseUrl: source.baseUrl ?? '',
  };
  switch (source.provider) {
    case 'wmspanel':
      return { ...form, clientId: source.clientId, dataSlice: source.dataSlice ?? '', server: source.server ?? '' };
    case 'scaleengine':
      return {
        ...form,
        apiKey: source.apiKey,
        cdnId: String(source.cdnId),
        apps: source.apps.map(String).join(', '),
        urls: (source.urls ?? []).join(', '),
      };
    case 'qiniu':
      return { ...form, accessKey: source.accessKey, hub: source.hub };
  }
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
const list = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

export type SaveSourceRequest = { source: SourceConfig; apiSecret?: string; webhookToken?: string };
export type FormResult = { ok: true; request: SaveSourceRequest } | { ok: false; errors: FieldErrors };

/**
 * Turns the form into the saveSource request, validated by the same schema the core uses so the
 * operator sees what to fix beside each field before anything is sent. Empty secrets mean "keep the stored one".
 */
export function formToRequest(form: SourceForm): FormResult {
  const common = { id: form.id.trim(), name: optional(form.name), baseUrl: optional(form.baseUrl) };
  const draft =
    form.provider === 'wmspanel'
      ? {
          ...common,
          provider: form.provider,
          clientId: form.clientId.trim(),
          dataSlice: optional(form.dataSlice),
          server: optional(form.server),
        }
      : form.provider === 'scaleengine'
        ? {
            ...common,
            provider: form.provider,
            apiKey: form.apiKey.trim(),
            cdnId: /^\d+$/.test(form.cdnId.trim()) ? Number(form.cdnId.trim()) : form.cdnId.trim(),
            apps: list(form.apps).map((app) => (/^\d+$/.test(app) ? Number(app) : app)),
            urls: list(form.urls).length > 0 ? list(form.urls) : undefined,
          }
        : { ...common, provider: form.provider, accessKey: form.accessKey.trim(), hub: form.hub.trim() };
  // Undefined keys would be "unknown field"-free anyway, but strict schemas read cleaner without them.
  const cleaned = Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== undefined));
  const parsed = sourceConfigSchema.safeParse(cleaned, PARSE_PARAMS);
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error) };
  const request: SaveSourceRequest = { source: parsed.data };
  if (form.apiSecret !== '') request.apiSecret = form.apiSecret;
  if (form.provider === 'wmspanel' && form.webhookToken !== '') request.webhookToken = form.webhookToken;
  return { ok: true, request };
}

/** Which provider-specific fields the form shows. */
export const PROVIDER_FIELDS: Record<ProviderKind, readonly (keyof SourceForm)[]> = {
  wmspanel: ['clientId', 'dataSlice', 'server'],
  scaleengine: ['apiKey', 'cdnId', 'apps', 'urls'],
  qiniu: ['accessKey', 'hub'],
};
