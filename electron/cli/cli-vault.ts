import { KeytarSecretStore } from '../core/secrets/keytar-secret-store.ts';
import { SecretVault } from '../core/secrets/secret-vault.ts';
import type { CliContext } from './command.ts';

/** The vault a verb uses: environment overrides first, then the context's store or the OS keychain. */
export function cliVault(context: CliContext): SecretVault {
  return new SecretVault(context.secrets ?? new KeytarSecretStore(), context.io.env);
}
