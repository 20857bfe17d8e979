import { readFile } from 'node:fs/promises';
import { parseConfig, type Config } from '../../../shared/config.ts';
import { ConfigError } from './config-error.ts';
import { locateJsonError } from './json-location.ts';

/** A config that would get a user started, shown when there is none. */
export const CONFIG_EXAMPLE = `{ "sources": [ { "id": "pili", "provider": "qiniu", "accessKey": "…", "hub": "hubname" } ] }`;

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses the file's text as JSON, or a ConfigError giving the line and column of the first mistake. */
export function parseConfigJson(file: string, text: string): unknown {
  const body = stripBom(text);
  try {
    return JSON.parse(body);
  } catch {
    const problem = locateJsonError(body);
    const where = problem ? ` at line ${problem.line}, column ${problem.column}` : '';
    throw new ConfigError(file, `${file}: not valid JSON${where}: ${problem?.reason ?? 'invalid JSON'}`);
  }
}

/** The raw document, or `undefined` when there is no file; unreadable or non-JSON files are ConfigErrors. */
export async function readConfigDocument(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    const reason =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory, not a file'
          : (code ?? 'read failed');
    throw new ConfigError(file, `${file}: cannot read the config file: ${reason}`);
  }
  return parseConfigJson(file, text);
}

/** Validates a raw document: the Config, or a ConfigError listing every wrong field by its path. */
export function validateConfigDocument(file: string, document: unknown): Config {
  const result = parseConfig(document);
  if (result.ok) return result.config;
  const count = result.errors.length;
  throw new ConfigError(
    file,
    `${file}: ${count} problem${count === 1 ? '' : 's'} in the config`,
    result.errors.flatMap((line) => line.split('\n')),
  );
}

/**
 * Reads and validates the config file. A missing file is a ConfigError that says how to create one;
 * callers that accept "no config yet" use readConfigDocument.
 */
export async function loadConfig(file: string): Promise<Config> {
  const document = await readConfigDocument(file);
  if (document === undefined) {
    throw new ConfigError(
      file,
      `no config file at ${file}: create it (e.g. ${CONFIG_EXAMPLE}), or point --config or STREAMTRAY_CONFIG at one`,
    );
  }
  return validateConfigDocument(file, document);
}
