import type { ContactPoint } from '../../../shared/contact-points.ts';
import {
  POINT_SECRET_KIND,
  POINT_SECRET_WORDS,
  pointSecretInvalidated,
} from '../../../shared/contact-point-secrets.ts';
import { ProviderError } from '../errors.ts';
import { KeychainError } from './keytar-secret-store.ts';
import { secretEnvName, type SecretVault } from './secret-vault.ts';

// The secret side of saving and deleting a contact point: the keychain change goes first and is undone
// when the config write after it fails, so the config and the `<id>:notify` secret never disagree.

/** What a save does to the point's secret. */
export type PointSecretChange = { set: string } | { drop: true } | 'keep';

export function pointSecretChangeFor(
  previous: ContactPoint | undefined,
  next: ContactPoint,
  given: string | undefined,
): PointSecretChange {
  if (given !== undefined) return { set: given };
  // A point that now sends elsewhere must not take the old secret along; a new id had none.
  return pointSecretInvalidated(previous, next) ? { drop: true } : 'keep';
}

function unavailable(action: string, error: KeychainError): ProviderError {
  return new ProviderError(
    'config',
    `${action}: nothing was changed, because the OS keychain is unavailable (${error.message}). ` +
      `Start or unlock the keychain and try again, or edit the config file and use ` +
      `"streamtray secret set ID --kind notify" later.`,
  );
}

/**
 * Applies `change` to `<id>:notify`, then `commit` (the config write); if either fails the keychain gets
 * back what it held. Returns whether a secret the point had (stored or from the environment) was dropped.
 */
export async function withPointSecretChange<T>(
  vault: SecretVault,
  point: { id: string; action: string },
  change: PointSecretChange,
  commit: () => Promise<T>,
): Promise<{ value: T; dropped: boolean }> {
  if (change === 'keep') return { value: await commit(), dropped: false };
  let before: string | null;
  try {
    before = await vault.stored(point.id, 'notify');
  } catch (error) {
    if (error instanceof KeychainError) throw unavailable(point.action, error);
    throw error;
  }
  try {
    if ('set' in change) await vault.set(point.id, 'notify', change.set);
    else if (before !== null) await vault.delete(point.id, 'notify');
  } catch (error) {
    await restore(vault, point.id, before);
    if (error instanceof KeychainError) throw unavailable(point.action, error);
    throw error;
  }
  try {
    const dropped = 'drop' in change && before !== null && before !== '';
    return { value: await commit(), dropped };
  } catch (error) {
    if (!(await restore(vault, point.id, before))) {
      throw new ProviderError(
        'config',
        `${point.action}: the config could not be written, and the keychain stopped answering before the ` +
          `point's secret could be put back: enter it again (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    throw error;
  }
}

async function restore(vault: SecretVault, pointId: string, before: string | null): Promise<boolean> {
  try {
    if (before === null) await vault.delete(pointId, 'notify');
    else await vault.set(pointId, 'notify', before);
    return true;
  } catch {
    return false;
  }
}

/** The operator's words for what a save did to the secret: dropped, or shadowed by the environment. */
export function pointSecretMessage(
  vault: SecretVault,
  point: ContactPoint,
  outcome: { dropped: boolean; given: boolean },
): string | undefined {
  const what = POINT_SECRET_WORDS[POINT_SECRET_KIND[point.type]];
  const env = vault.fromEnv(point.id, 'notify') !== undefined ? secretEnvName(point.id, 'notify') : null;
  const parts: string[] = [];
  if (outcome.dropped) {
    parts.push(
      `The ${what} of contact point "${point.id}" was removed: the point now sends to another type, address ` +
        `or server, and a secret is only sent where it was given for. Enter it again.`,
    );
  }
  if (env !== null && outcome.given) {
    parts.push(`The ${what} was stored, but ${env} is set and is used instead: unset it and restart to use the stored one.`);
  } else if (env !== null && outcome.dropped) {
    parts.push(`${env} is still set and is used for this point: unset it if it was meant for the old address.`);
  }
  return parts.length > 0 ? parts.join(' ') : undefined;
}
