import { createContext, useContext } from 'react';
import type { Snapshot } from '../shared/bridge.ts';
import type { Locale } from '../shared/notices.ts';
import type { DashboardClient } from './client-type.ts';
import type { Translate } from './i18n/translate.ts';

export interface DashboardContext {
  client: DashboardClient;
  locale: Locale;
  t: Translate;
  snapshot: Snapshot | null;
  /** Local time the snapshot arrived: ages are counted from it, so a skewed core clock does not matter. */
  receivedAt: number;
  /** Ticks every second so ages stay current between snapshots. */
  now: number;
  /** Changes whenever the effective colours do (theme setting or the system's dark mode). */
  themeKey: string;
  /** A short message at the bottom of the screen (errors of commands, confirmations). */
  toast: (text: string, severity?: 'info' | 'warning' | 'critical') => void;
}

export const Dashboard = createContext<DashboardContext | null>(null);

export function useDashboard(): DashboardContext {
  const value = useContext(Dashboard);
  if (value === null) throw new Error('useDashboard outside <Dashboard.Provider>');
  return value;
}

export function sourceNameOf(snapshot: Snapshot | null): (sourceId: string) => string | undefined {
  return (sourceId) => snapshot?.sources.find((source) => source.id === sourceId)?.name;
}

/** The message of anything thrown by a Bridge call, never a stack. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
