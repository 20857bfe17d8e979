import type { SourceView } from '../../../shared/bridge.ts';
import type { SourceConfig } from '../../../shared/config.ts';
import { ProviderError } from '../errors.ts';
import { KeychainError } from './keytar-secret-store.ts';
import { secretsInvalidatedBy } from './secret-custody.ts';
import { secretEnvName, type SourceSecretKind, type SecretVault } from './secret-vault.ts';

// The secret side of saving and deleting a source: which secrets a change invalidates, and keychain
// writes that are undone when the config write after them fails, so a save is all-or-nothing.

export interface SecretState {
  /** null: unknown, the keychain could not be read. */
  api: boolean | null;
  webhook: boolean | null;
  /** Why the state is unknown, for the operator. */
  problem: string | null;
}

function isSet(value: string | null): boolean {
  return value !== null && value !== '';
}

function keychainMessage(error: KeychainError): string {
  return `the OS keychain is unavailable, so whether secrets are stored is unknown: ${error.message}`;
}

/** Whether each secret is set; a keychain that cannot be asked gives `null`, never an error. */
export async function secretStateOf(vault: SecretVault, source: SourceConfig): Promise<SecretState> {
  const wms = source.provider === 'wmspanel';
  try {
    const [api, webhook] = await Promise.all([
      vault.get(source, 'api'),
      wms ? vault.get(source, 'webhook') : Promise.resolve(null),
    ]);
    return { api: isSet(api), webhook: wms && isSet(webhook), problem: null };
  } catch (error) {
    if (!(error instanceof KeychainError)) throw error;
    return { api: null, webhook: wms ? null : false, problem: keychainMessage(error) };
  }
}

/** The secrets a save would replace or drop, and those it must be given to keep. */
export interface SecretChange {
  set: Partial<Record<SourceSecretKind, string>>;
  /** Invalidated by the change and not given again: removed from the keychain. */
  drop: SourceSecretKind[];
}

/** What saving `next` over `previous` does to the secrets, given those the request carries. */
export function secretChangeFor(
  previous: SourceConfig | undefined,
  next: SourceConfig,
  given: Partial<Record<SourceSecretKind, string>>,
): SecretChange {
  const invalidated = previous === undefined ? [] : secretsInvalidatedBy(previous, next);
  // A webhook token exists only for WMSPanel sources; other providers never had one to drop.
  const relevant = invalidated.filter((kind) => kind === 'api' || previous?.provider === 'wmspanel');
  return { set: given, drop: relevant.filter((kind) => given[kind] === undefined) };
}

const WHAT: Record<SourceSecretKind, string> = { api: 'API secret', webhook: 'webhook token' };

/** The operator's words for dropped secrets: what happened and what to do. */
export function droppedMessage(sourceId: string, dropped: readonly SourceSecretKind[]): string | undefined {
  if (dropped.length === 0) return undefined;
  const what = dropped.map((kind) => WHAT[kind]).join(' and ');
  return (
    `The ${what} of source "${sourceId}" ${dropped.length > 1 ? 'were' : 'was'} removed: the source now ` +
    `points at another address, provider or account, and a secret is only sent where it was given for. ` +
    `Enter ${dropped.length > 1 ? 'them' : 'it'} again.`
  );
}

function unavailable(action: string, error: KeychainError): ProviderError {
  return new ProviderError(
    'config',
    `${action}: nothing was changed, because the OS keychain is unavailable (${error.message}). ` +
      `Start or unlock the keychain and try again, or edit the config file by hand.`,
  );
}

async function restore(vault: SecretVault, sourceId: string, before: Map<SourceSecretKind, string | null>) {
  const failed: SourceSecretKind[] = [];
  for (const [kind, value] of before) {
    try {
      if (value === null) await vault.delete(sourceId, kind);
      else await vault.set(sourceId, kind, value);
    } catch {
      failed.push(kind);
    }
  }
  return failed;
}

/**
 * Applies `change` to the keychain, then `commit` (the config write). If either step fails, the
 * keychain gets back what it held, so the config and the secrets never disagree. Returns the kinds
 * that held a secret (keychain or environment) and were dropped.
 */
export async function withSecretChange<T>(
  vault: SecretVault,
  source: { id: string; previous: SourceConfig | undefined; action: string },
  change: SecretChange,
  commit: () => Promise<T>,
): Promise<{ value: T; dropped: SourceSecretKind[] }> {
  const kinds = [...new Set<SourceSecretKind>([...(Object.keys(change.set) as SourceSecretKind[]), ...change.drop])];
  if (kinds.length === 0) return { value: await commit(), dropped: [] };
  const before = new Map<SourceSecretKind, string | null>();
  try {
    for (const kind of kinds) before.set(kind, await vault.stored(source.id, kind));
  } catch (error) {
    if (error instanceof KeychainError) throw unavailable(source.action, error);
    throw error;
  }
  const dropped = change.drop.filter(
    (kind) =>
      isSet(before.get(kind) ?? null) ||
      (source.previous !== undefined && vault.fromEnv(source.previous, kind) !== undefined),
  );
  try {
    for (const kind of kinds) {
      const value = change.set[kind];
      if (value !== undefined) await vault.set(source.id, kind, value);
      else await vault.delete(source.id, kind);
    }
  } catch (error) {
    await restore(vault, source.id, before);
    if (error instanceof KeychainError) throw unavailable(source.action, error);
    throw error;
  }
  try {
    return { value: await commit(), dropped };
  } catch (error) {
    const failed = await restore(vault, source.id, before);
    if (failed.length > 0) {
      throw new ProviderError(
        'config',
        `${source.action}: the config could not be written, and the keychain stopped answering before ` +
          `the ${failed.map((kind) => WHAT[kind]).join(' and ')} could be put back: enter ` +
          `${failed.length > 1 ? 'them' : 'it'} again (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    throw error;
  }
}

/**
 * A secret just entered that an environment variable overrides (it wins over the keychain): without
 * this the operator would believe the new secret is in use.
 */
export function overriddenMessage(
  vault: SecretVault,
  source: SourceConfig,
  given: readonly SourceSecretKind[],
): string | undefined {
  const overridden = given.filter((kind) => vault.fromEnv(source, kind) !== undefined);
  if (overridden.length === 0) return undefined;
  return overridden
    .map(
      (kind) =>
        `The ${WHAT[kind]} was stored, but ${secretEnvName(source.id, kind)} is set and is used instead: ` +
        `unset it and restart to use the stored one.`,
    )
    .join(' ');
}

/** The view of a source the Bridge returns, from its secret state; `note` adds to the dropped message. */
export function sourceViewOf(
  source: SourceConfig,
  state: SecretState,
  dropped: readonly SourceSecretKind[] = [],
  note?: string,
): SourceView {
  const wms = source.provider === 'wmspanel';
  const parts = [droppedMessage(source.id, dropped), note].filter((part) => part !== undefined);
  const message = parts.length > 0 ? parts.join(' ') : undefined;
  return {
    source,
    apiSecretSet: state.api === true,
    webhookTokenSet: wms && state.webhook === true,
    ...(state.problem !== null ? { secretState: 'unknown' as const } : {}),
    ...(dropped.length > 0 ? { secretsDropped: [...dropped] } : {}),
    ...(message !== undefined ? { secretMessage: message } : {}),
    webhookPath: wms ? `/webhooks/${source.id}` : null,
  };
}
