import type { BridgeHandlers } from '../../shared/bridge.ts';

// The tray's "Acknowledge all": every open incident nobody has acknowledged yet, one Bridge command each,
// so the alert log records each acknowledgement exactly as if it had been clicked in the dashboard.

export type AcknowledgeAllCommands = Pick<BridgeHandlers, 'incidents' | 'acknowledge'>;

export interface AcknowledgeAllResult {
  acknowledged: number;
  /** Messages of the acknowledgements that failed; the others still went through. */
  failures: string[];
}

export async function acknowledgeAllOpen(commands: AcknowledgeAllCommands): Promise<AcknowledgeAllResult> {
  const { incidents } = await commands.incidents({ open: true });
  const result: AcknowledgeAllResult = { acknowledged: 0, failures: [] };
  for (const incident of incidents) {
    if (incident.acknowledgedAt !== null || incident.closedAt !== null) continue;
    try {
      await commands.acknowledge({ incidentId: incident.id });
      result.acknowledged += 1;
    } catch (error) {
      result.failures.push(
        `incident ${incident.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return result;
}
