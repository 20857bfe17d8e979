import type { SourceConfig } from '../../../shared/config.ts';
import type { SourceSecretKind } from './secret-vault.ts';

// A secret is given for one destination: the provider, the address it is sent to and the account it
// belongs to (docs/dashboard-security.md, "Secret custody"). When any of these change, the stored secret
// must not follow the source, or repointing it would hand the key to whoever listens at the new address.

/** The account id the provider knows the secret by: WMSPanel client id, ScaleEngine or Qiniu public key. */
export function accountIdOf(source: SourceConfig): string {
  switch (source.provider) {
    case 'wmspanel':
      return source.clientId;
    case 'scaleengine':
      return source.apiKey;
    case 'qiniu':
      return source.accessKey;
  }
}

/** `https://Api.example.com/v1/` and `https://api.example.com/v1` are the same destination. */
function normalizedBaseUrl(baseUrl: string | undefined): string {
  if (baseUrl === undefined) return '';
  try {
    return new URL(baseUrl).href.replace(/\/+$/, '');
  } catch {
    return baseUrl;
  }
}

/**
 * What a secret of `kind` was given for. The API secret travels to `baseUrl`; the webhook token is only
 * ever compared with what arrives, so only the provider and the account bind it.
 */
export function custodyKey(source: SourceConfig, kind: SourceSecretKind): string {
  return kind === 'api'
    ? JSON.stringify([source.provider, normalizedBaseUrl(source.baseUrl), accountIdOf(source)])
    : JSON.stringify([source.provider, accountIdOf(source)]);
}

/** The secret kinds a stored source would lose by becoming `next`: it now goes elsewhere or to another account. */
export function secretsInvalidatedBy(previous: SourceConfig, next: SourceConfig): SourceSecretKind[] {
  const kinds: SourceSecretKind[] = ['api', 'webhook'];
  return kinds.filter((kind) => custodyKey(previous, kind) !== custodyKey(next, kind));
}
