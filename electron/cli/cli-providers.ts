import type { Config, SourceConfig } from '../../shared/config.ts';
import { openCallCounter, type CallCounter } from '../core/budget/call-counter.ts';
import { realClock } from '../core/clock.ts';
import { fetchHttpClient } from '../core/http/http-client.ts';
import type { CreateProviderOptions } from '../core/providers/create-provider.ts';
import type { CliContext } from './command.ts';

// Provider clients as the CLI verbs make them: every call counted in the data dir's call log, the same
// one `serve` and the app count into, so `callsToday` and the WMSPanel budget see the CLI's calls too.

export function openCliCallCounter(context: CliContext): CallCounter {
  return openCallCounter(context.dataDir, realClock, (message) =>
    context.io.stderr.write(`streamtray: ${message}\n`),
  );
}

export function cliProviderOptions(counter: CallCounter, config: Config, source: SourceConfig): CreateProviderOptions {
  return {
    timeoutMs: config.requestTimeoutSeconds * 1000,
    http: counter.wrap(source, fetchHttpClient),
  };
}
