// System suspend pauses polling (a sleeping machine has no network, and every poll would fail); resume
// unpauses it, and the poller polls every source at once on resume. A pause the operator chose before
// the machine slept is theirs: waking up does not lift it.

export interface PowerMonitorLike {
  on(event: 'suspend' | 'resume', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume', listener: () => void): unknown;
}

export interface PowerDeps {
  powerMonitor: PowerMonitorLike;
  isPaused: () => boolean;
  setPaused: (paused: boolean) => Promise<unknown>;
  log?: (message: string) => void;
}

export function watchPower(deps: PowerDeps): () => void {
  let pausedBySuspend = false;
  const report = (what: string) => (error: unknown) =>
    deps.log?.(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);

  const onSuspend = () => {
    if (deps.isPaused()) return;
    pausedBySuspend = true;
    deps.setPaused(true).catch(report('pausing polling for suspend'));
  };
  const onResume = () => {
    if (!pausedBySuspend) return;
    pausedBySuspend = false;
    deps.setPaused(false).catch(report('resuming polling after suspend'));
  };
  deps.powerMonitor.on('suspend', onSuspend);
  deps.powerMonitor.on('resume', onResume);
  return () => {
    deps.powerMonitor.removeListener('suspend', onSuspend);
    deps.powerMonitor.removeListener('resume', onResume);
  };
}
