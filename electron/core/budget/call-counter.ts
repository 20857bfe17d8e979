import type { SourceConfig } from '../../../shared/config.ts';
import type { Clock } from '../clock.ts';
import type { HttpClient } from '../http/http-client.ts';
import { memoryCallLog, openCallLog, type CallLog } from './call-log.ts';

// Every request through a source's HttpClient counts, failures included (the provider counts them too),
// against the source's provider account: two sources on one WMSPanel account share its daily limit.

export interface CallCounter {
  /** The HttpClient a source's provider uses: each request is counted before it is sent. */
  wrap(source: SourceConfig, http: HttpClient): HttpClient;
  /** Calls made today (UTC) for the source's account, by every process on this data dir. */
  callsToday(source: SourceConfig): number;
  close(): void;
}

/** The provider account a source spends calls of: WMSPanel client id, ScaleEngine public key, Qiniu access key. */
export function accountOf(source: SourceConfig): string {
  switch (source.provider) {
    case 'wmspanel':
      return `wmspanel:${source.clientId}`;
    case 'scaleengine':
      return `scaleengine:${source.apiKey}`;
    case 'qiniu':
      return `qiniu:${source.accessKey}`;
  }
}

export function createCallCounter(log: CallLog, clock: Pick<Clock, 'now'>): CallCounter {
  return {
    wrap(source, http) {
      const account = accountOf(source);
      return (request, options) => {
        log.add(account, clock.now());
        return http(request, options);
      };
    },
    callsToday: (source) => log.count(accountOf(source), clock.now()),
    close: () => log.close(),
  };
}

/**
 * The data dir's durable counter; where the file cannot be opened (read-only dir, full disk) a counter of
 * this process's calls, with one line to `log` saying so.
 */
export function openCallCounter(
  dataDir: string,
  clock: Pick<Clock, 'now'>,
  log: (message: string) => void,
): CallCounter {
  let callLog: CallLog;
  try {
    callLog = openCallLog(dataDir);
  } catch (error) {
    log(
      `cannot keep the provider call count in ${dataDir} (${error instanceof Error ? error.message : String(error)}): ` +
        'counting this run only',
    );
    callLog = memoryCallLog();
  }
  return createCallCounter(countingSafely(callLog, log), clock);
}

/** A counter that fails (disk full mid-run) must never fail the provider call it counts. */
function countingSafely(inner: CallLog, log: (message: string) => void): CallLog {
  let reported = false;
  const fallback = memoryCallLog();
  function report(error: unknown): void {
    if (reported) return;
    reported = true;
    log(`cannot record a provider call: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    add(account, at) {
      try {
        return inner.add(account, at) + fallback.count(account, at);
      } catch (error) {
        report(error);
        return fallback.add(account, at);
      }
    },
    count(account, at) {
      try {
        return inner.count(account, at) + fallback.count(account, at);
      } catch (error) {
        report(error);
        return fallback.count(account, at);
      }
    },
    close: () => inner.close(),
  };
}
