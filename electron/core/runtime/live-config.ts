import type { Config, SourceConfig } from '../../../shared/config.ts';
import { createDetectors, type Detectors } from './detectors/detectors.ts';

// The config the running core follows. A change (from the settings screens or an edit of the file)
// takes effect at once: sources added, removed or changed, poll intervals, alert policy and quiet hours,
// detector thresholds, locale. Each part that keeps per-source state is told which sources changed.

export interface ConfigChange {
  next: Config;
  previous: Config;
  /** Sources removed or whose config changed: their state starts afresh. */
  changedSources: string[];
  alertsChanged: boolean;
}

export class LiveConfig {
  #config: Config;
  #detectors: Detectors;
  readonly #listeners: Array<(change: ConfigChange) => void> = [];

  constructor(initial: Config) {
    this.#config = initial;
    this.#detectors = createDetectors(initial.detectors);
  }

  readonly current = (): Config => this.#config;

  /** Detector state is per source; only a changed `detectors` section starts them all afresh. */
  readonly detectors = (): Detectors => this.#detectors;

  source(id: string): SourceConfig | undefined {
    return this.#config.sources.find((source) => source.id === id);
  }

  onChange(listener: (change: ConfigChange) => void): void {
    this.#listeners.push(listener);
  }

  /** Applies `next`; a config equal to the current one changes nothing. */
  apply(next: Config): void {
    const previous = this.#config;
    if (JSON.stringify(previous) === JSON.stringify(next)) return;
    this.#config = next;
    const change: ConfigChange = {
      next,
      previous,
      changedSources: changedSourceIds(previous, next),
      alertsChanged: JSON.stringify(previous.alerts) !== JSON.stringify(next.alerts),
    };
    if (JSON.stringify(previous.detectors) !== JSON.stringify(next.detectors)) {
      this.#detectors = createDetectors(next.detectors);
    } else {
      for (const id of change.changedSources) this.#detectors.forget(id);
    }
    for (const listener of this.#listeners) listener(change);
  }
}

function changedSourceIds(previous: Config, next: Config): string[] {
  const after = new Map(next.sources.map((source) => [source.id, JSON.stringify(source)]));
  return previous.sources
    .filter((source) => after.get(source.id) !== JSON.stringify(source))
    .map((source) => source.id);
}
