import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Conf from 'conf';
import type { Config } from '../../../shared/config.ts';
import { ConfigError } from './config-error.ts';
import { parseConfigJson, validateConfigDocument } from './config-file.ts';

// Field names that only a secret would have. Sources are strict already; this also guards the loose top
// level and nested listener objects, so no edit can put a secret into the shared file.
const SECRET_KEY = /secret|password|passphrase|token|api_?key$/i;
// ScaleEngine's `apiKey` is its public key (the secret is `<id>:api` in the keychain).
const PUBLIC_KEYS = new Set(['apiKey', 'accessKey']);

function secretLikePaths(value: unknown, at: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => secretLikePaths(item, `${at}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const here = at === '' ? key : `${at}.${key}`;
    const own =
      SECRET_KEY.test(key) && !PUBLIC_KEYS.has(key)
        ? [`${here}: secrets belong in the keychain, not the config`]
        : [];
    return [...own, ...secretLikePaths(item, here)];
  });
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGBREAK', 'SIGUSR2'];

/**
 * `conf` is loaded on the first write, not at start: with its validator (ajv) it is some 20 MB that a
 * `serve` which never edits its config should not carry. Its writer (`atomically`) hooks every signal when
 * loaded and re-sends SIGINT/SIGTERM after its own clean-up, which turns one Ctrl-C into two and cuts the
 * owner's clean shutdown short; those hooks are taken off again (writes are atomic renames, so nothing is
 * left half-written), and its `exit` hook is kept.
 */
function loadConf(): typeof Conf {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = (createRequire(import.meta.url)('conf') as { default: typeof Conf }).default;
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  return loaded;
}

/**
 * Writes to the config document through `conf`, the base of electron-store, so the desktop app's settings
 * screens and the CLI edit the same file the same (atomic) way. A write is validated first: an invalid
 * document is never written, and top-level keys this version does not know (UI preferences) are kept.
 */
export class ConfigStore {
  readonly path: string;
  #conf: Conf<Record<string, unknown>> | undefined;

  constructor(file: string) {
    this.path = path.resolve(file);
  }

  // Created on the first write: conf reads the file when constructed, and a broken file must be reported
  // by our own reader (with line and column), not by conf's.
  #store(): Conf<Record<string, unknown>> {
    if (this.#conf) return this.#conf;
    const extension = path.extname(this.path);
    const ConfStore = loadConf();
    this.#conf = new ConfStore<Record<string, unknown>>({
      cwd: path.dirname(this.path),
      configName: path.basename(this.path, extension),
      fileExtension: extension.replace(/^\./, ''),
      projectSuffix: '',
      // A hand-edited file with a mistake must be reported, never silently replaced by an empty one.
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      serialize: (value) => `${JSON.stringify(value, null, 2)}\n`,
    });
    return this.#conf;
  }

  /** The current document, validated; a missing file reads as the empty config. */
  read(): Config {
    return validateConfigDocument(this.path, this.#readDocument());
  }

  /**
   * Applies `mutator` to a copy of the current config and writes the result if, and only if, it is valid
   * and holds no secret. Returns what was written. Throws ConfigError otherwise, leaving the file as it was.
   */
  update(mutator: (config: Config) => Config | void): Config {
    const current = this.read();
    const draft = structuredClone(current);
    const next = mutator(draft) ?? draft;
    const secrets = secretLikePaths(next, '');
    if (secrets.length > 0)
      throw new ConfigError(this.path, `${this.path}: refusing to write a secret`, secrets);
    const valid = validateConfigDocument(this.path, next);
    this.#store().store = valid;
    return valid;
  }

  #readDocument(): unknown {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return {};
      throw new ConfigError(this.path, `${this.path}: cannot read the config file: ${code ?? 'read failed'}`);
    }
    return parseConfigJson(this.path, text);
  }
}
