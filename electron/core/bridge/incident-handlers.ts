import type { BridgeHandlers, IncidentDetail } from '../../../shared/bridge.ts';
import type { Config } from '../../../shared/config.ts';
import { audienceOf, downtimeOf, viewerMinutesLost } from '../../../shared/incident-impact.ts';
import { severityOf } from '../alerts/severity.ts';
import { ProviderError } from '../errors.ts';
import { withoutDelivery } from '../store/alert-log.ts';
import type { HandlerContext } from './bridge-handlers.ts';
import { pageIncidents } from './incident-page.ts';

// The incidents list (paged) and one incident with its events, for `#/incidents/<id>`.

/** Webhook events carry the provider's time, which may run ahead of ours: look back this far for them. */
const CLOCK_SKEW_MS = 3_600_000;
const MAX_EVENTS = 5_000;

type IncidentHandlers = Pick<BridgeHandlers, 'incidents' | 'incident'>;
export interface IncidentContext extends Pick<HandlerContext, 'incidents' | 'events'> {
  engine: Pick<HandlerContext['engine'], 'isFlapping'>;
  config(): Pick<Config, 'alerts'>;
}

export function createIncidentHandlers(ctx: IncidentContext): IncidentHandlers {
  return {
    incidents(request) {
      const all = ctx.incidents.list({
        ...(request.open !== undefined ? { open: request.open } : {}),
        ...(request.sinceMs !== undefined ? { sinceMs: request.sinceMs } : {}),
      });
      try {
        return pageIncidents(all, request);
      } catch (error) {
        throw new ProviderError('config', error instanceof Error ? error.message : String(error));
      }
    },
    incident: ({ id }) => ({ detail: incidentDetail(ctx, id, Date.now()) }),
  };
}

export function incidentDetail(ctx: IncidentContext, id: number, nowMs: number): IncidentDetail | null {
  const incident = ctx.incidents.get(id);
  if (incident === undefined) return null;
  const wanted = new Set(incident.eventIds);
  const events = ctx
    .events({ sinceMs: incident.openedAt - CLOCK_SKEW_MS, limit: MAX_EVENTS })
    .filter((event) => wanted.has(event.id))
    .map(withoutDelivery);
  const audience = audienceOf(events);
  return {
    incident,
    severity: severityOf(incident.subject, audience, ctx.config().alerts.severity.criticalViewers),
    events,
    audience,
    viewerMinutesLost: viewerMinutesLost(audience, downtimeOf(incident, nowMs)),
    flapping: ctx.engine.isFlapping(incident.sourceId, incident.subject),
  };
}
