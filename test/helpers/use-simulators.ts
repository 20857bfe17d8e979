import { afterAll, beforeAll } from 'vitest';
import { startSimulators, type Simulators } from './cli-simulators.ts';

/** Starts the three simulators before a test file's tests and closes them after; read them via the getter. */
export function useSimulators(): () => Simulators {
  let sims: Simulators | undefined;
  beforeAll(async () => {
    sims = await startSimulators();
  });
  afterAll(async () => {
    await sims?.close();
  });
  return () => {
    if (!sims) throw new Error('the simulators are started in beforeAll');
    return sims;
  };
}
