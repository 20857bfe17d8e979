import type { DerivedReason } from '../alerts.ts';
import type { AlertSubject } from '../alerts.ts';
import type { SubjectKinds } from '../notices.ts';
import type { StorageProblem, StorageStore } from '../storage.ts';
import { formatCount } from '../units.ts';
import {
  formatDowntime,
  formatWindow,
  isBandwidthSubject,
  listSample,
  type NoticeWords,
} from './notice-words.ts';

const SUBJECT: Record<AlertSubject['kind'], string> = {
  stream: 'Stream',
  server: 'Server',
  source: 'Source',
};

function plural(count: number, kinds: SubjectKinds): string {
  const one = { stream: 'stream', server: 'server', source: 'source', mixed: 'incident' }[kinds];
  return `${formatCount(count)} ${count === 1 ? one : `${one}s`}`;
}

const REASONS: Record<DerivedReason, string> = {
  vanished: 'it vanished from the live list',
  'viewer-cliff': 'its viewers collapsed',
  'bandwidth-cap': 'bandwidth is over the cap',
  unreachable: 'the source cannot be reached',
  auth: 'the credentials were rejected',
  'zero-viewers': 'nobody has watched it for several polls',
  config: 'its configuration needs fixing (a missing secret or a wrong setting)',
  'stream-online': 'a stream on it came back online',
};

const WINDOW_UNITS = { minute: ' min', second: ' s' };

const STORE: Record<StorageStore, string> = {
  'alert-log': 'Alert log',
  history: 'Chart history',
  'contact-outbox': 'Contact-point outbox',
  'provider-calls': 'Provider call count',
};
const PROBLEM: Record<StorageProblem, string> = {
  full: 'the disk is full',
  'read-only': 'the file or its folder is read-only',
  io: 'the disk reports I/O errors',
  corrupt: 'the database file is damaged',
};
const WHAT_TO_DO: Record<StorageProblem, string> = {
  full: 'free some space; storing resumes by itself',
  'read-only': 'make the data folder writable again; storing resumes by itself',
  io: 'check the disk; storing resumes by itself once writes work',
  corrupt: 'quit Streamtray, move the file aside or restore a copy, then start again',
};
const LOST: Record<StorageStore, string> = {
  'alert-log': 'webhook deliveries are refused with 503 so WMSPanel retries them',
  history: 'chart samples are dropped meanwhile',
  'contact-outbox': 'messages to contact points wait in memory and may be lost if Streamtray stops',
  'provider-calls': 'API calls are counted for this run only',
};
/** Reasons that are not an outage of the subject get their own headline. */
function framedReason(reason: string | null, source: string): { title: string; body: string } | null {
  switch (reason) {
    case 'auth':
      return {
        title: `Credentials rejected on ${source}`,
        body: `${source} refused the API credentials; fix them in Settings`,
      };
    case 'config':
      return {
        title: `Configuration needs fixing on ${source}`,
        body: `A secret is missing or a setting is wrong; see Settings`,
      };
    case 'unreachable':
      return {
        title: `${source} cannot be reached`,
        body: `Polls of ${source} keep failing; its figures are not current`,
      };
    case 'bandwidth-cap':
      return { title: `Bandwidth over the cap on ${source}`, body: 'Total bandwidth is over the cap' };
    default:
      return null;
  }
}

export const noticeWordsEn: NoticeWords = {
  'incident-opened': (m, c) => {
    // A source-wide problem reads as what it is, not as "Source offline … is down".
    const framed = framedReason(m.reason, c.source(m.sourceId));
    if (framed !== null) return framed;
    const details = [
      m.viewers === null ? undefined : `${formatCount(m.viewers)} watching`,
      m.reason === null ? undefined : (REASONS[m.reason as DerivedReason] ?? m.reason),
      m.checkpoints.length > 0 ? `failed from ${m.checkpoints.join(', ')}` : undefined,
    ].filter((part) => part !== undefined);
    return {
      title: `${SUBJECT[m.subject.kind]} offline on ${c.source(m.sourceId)}`,
      body: `${c.name(m.subject.name)} is down${details.length > 0 ? ` — ${details.join('; ')}` : ''}`,
    };
  },
  'incident-resolved': (m, c) =>
    isBandwidthSubject(m.sourceId, m.subject)
      ? {
          title: `Bandwidth back under the cap on ${c.source(m.sourceId)}`,
          body: `Over the cap for ${formatDowntime(m.downtimeMs)}`,
        }
      : {
          title: `${SUBJECT[m.subject.kind]} back on ${c.source(m.sourceId)}`,
          body: `${c.name(m.subject.name)} is back after ${formatDowntime(m.downtimeMs)}`,
        },
  'storm-opened': (m, c) => ({
    title: `${plural(m.count, m.subjectKinds)} offline on ${c.source(m.sourceId)}`,
    body: listSample(m.sample, m.count, c, ', '),
  }),
  'storm-grew': (m, c) => ({
    title: `${plural(m.count, m.subjectKinds)} now offline on ${c.source(m.sourceId)}`,
    body: `${formatCount(m.added)} more: ${listSample(m.sample, m.added, c, ', ')}`,
  }),
  'storm-resolved': (m, c) => ({
    title: `${plural(m.count, m.subjectKinds)} back on ${c.source(m.sourceId)}`,
    body:
      `Down for up to ${formatDowntime(m.longestDowntimeMs)} — ${listSample(m.sample, m.count, c, ', ')}` +
      (m.stillDown > 0 ? `. ${formatCount(m.stillDown)} still offline` : ''),
  }),
  flapping: (m, c) => ({
    title: `${SUBJECT[m.subject.kind]} flapping on ${c.source(m.sourceId)}`,
    body: `${c.name(m.subject.name)} changed state ${formatCount(m.toggles)} times in ${formatWindow(m.windowMs, WINDOW_UNITS)}; quiet until it settles`,
  }),
  'flapping-ended': (m, c) => ({
    title: `${SUBJECT[m.subject.kind]} settled on ${c.source(m.sourceId)}`,
    body: `${c.name(m.subject.name)} has been stable for ${formatWindow(m.stableMs, WINDOW_UNITS)} and is ${m.status === 'online' ? 'online' : 'offline'}`,
  }),
  'quiet-hours-summary': (m, c) => ({
    title: 'While you were in quiet hours',
    body:
      `${formatCount(m.opened)} went down, ${formatCount(m.resolved)} came back` +
      (m.flapping > 0 ? `, ${formatCount(m.flapping)} flapping` : '') +
      (m.stillDown > 0
        ? `; still down: ${listSample(m.sample, m.stillDown, c, ', ')}`
        : '; nothing is still down') +
      (m.sources.length > 0 ? ` (${m.sources.map((id) => c.source(id)).join(', ')})` : ''),
  }),
  'storage-fault': (m) => ({
    title: `${STORE[m.store]} cannot be written: ${PROBLEM[m.problem]}`,
    body: `${m.file}: ${LOST[m.store]}. To fix: ${WHAT_TO_DO[m.problem]}.`,
  }),
  'storage-recovered': (m) => ({
    title: `${STORE[m.store]} is being written again`,
    body:
      `${m.file} accepts writes again` +
      (m.droppedHistoryWrites > 0 ? `; ${formatCount(m.droppedHistoryWrites)} chart samples were dropped meanwhile` : ''),
  }),
};
