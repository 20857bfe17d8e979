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
  stream: '直播流',
  server: '服务器',
  source: '数据源',
};
const KINDS: Record<SubjectKinds, string> = {
  stream: '路直播流',
  server: '台服务器',
  source: '个数据源',
  mixed: '起故障',
};

const REASONS: Record<DerivedReason, string> = {
  vanished: '已从直播列表中消失',
  'viewer-cliff': '观众数骤降',
  'bandwidth-cap': '带宽超出上限',
  unreachable: '数据源无法连接',
  auth: '凭据被拒绝',
  'zero-viewers': '连续多次轮询无人观看',
  config: '配置有误（缺少密钥或设置错误）',
  'stream-online': '其上的流已恢复在线',
};

const WINDOW_UNITS = { minute: ' 分钟', second: ' 秒' };

const STORE: Record<StorageStore, string> = {
  'alert-log': '告警日志',
  history: '图表历史',
  'contact-outbox': '联系点发件箱',
  'provider-calls': '接口调用计数',
};
const PROBLEM: Record<StorageProblem, string> = {
  full: '磁盘已满',
  'read-only': '文件或所在文件夹为只读',
  io: '磁盘报告读写错误',
  corrupt: '数据库文件已损坏',
};
const WHAT_TO_DO: Record<StorageProblem, string> = {
  full: '请释放磁盘空间，写入会自动恢复',
  'read-only': '请让数据文件夹重新可写，写入会自动恢复',
  io: '请检查磁盘，写入恢复后会自动继续',
  corrupt: '请退出 Streamtray，把该文件移走或用备份替换，然后重新启动',
};
const LOST: Record<StorageStore, string> = {
  'alert-log': 'Webhook 推送将以 503 拒绝，WMSPanel 会稍后重试',
  history: '期间的图表数据将被丢弃',
  'contact-outbox': '发往联系点的消息暂存在内存中，Streamtray 退出时可能丢失',
  'provider-calls': '接口调用只统计本次运行',
};
/** 不是“离线”的原因（凭据、配置、带宽上限）用各自的标题。 */
function framedReason(reason: string | null, source: string): { title: string; body: string } | null {
  switch (reason) {
    case 'auth':
      return { title: `${source} 拒绝了凭据`, body: `${source} 拒绝了 API 凭据，请在设置中修正` };
    case 'config':
      return { title: `${source} 的配置需要修正`, body: '缺少密钥或设置有误，请查看设置' };
    case 'unreachable':
      return { title: `无法连接 ${source}`, body: `对 ${source} 的轮询持续失败，其数据不是最新的` };
    case 'bandwidth-cap':
      return { title: `${source} 带宽超出上限`, body: '总带宽超出上限' };
    default:
      return null;
  }
}

export const noticeWordsZhCn: NoticeWords = {
  'incident-opened': (m, c) => {
    const framed = framedReason(m.reason, c.source(m.sourceId));
    if (framed !== null) return framed;
    const details = [
      m.viewers === null ? undefined : `${formatCount(m.viewers)} 名观众在看`,
      m.reason === null ? undefined : (REASONS[m.reason as DerivedReason] ?? m.reason),
      m.checkpoints.length > 0 ? `检测点 ${m.checkpoints.join('、')} 检测失败` : undefined,
    ].filter((part) => part !== undefined);
    return {
      title: `${c.source(m.sourceId)} 上的${SUBJECT[m.subject.kind]}离线`,
      body: `${c.name(m.subject.name)} 已离线${details.length > 0 ? `：${details.join('；')}` : ''}`,
    };
  },
  'incident-resolved': (m, c) =>
    isBandwidthSubject(m.sourceId, m.subject)
      ? {
          title: `${c.source(m.sourceId)} 带宽已回到上限以内`,
          body: `超出上限共 ${formatDowntime(m.downtimeMs)}`,
        }
      : {
          title: `${c.source(m.sourceId)} 上的${SUBJECT[m.subject.kind]}已恢复`,
          body: `${c.name(m.subject.name)} 离线 ${formatDowntime(m.downtimeMs)} 后恢复`,
        },
  'storm-opened': (m, c) => ({
    title: `${c.source(m.sourceId)} 上 ${formatCount(m.count)} ${KINDS[m.subjectKinds]}离线`,
    body: listSample(m.sample, m.count, c, '、'),
  }),
  'storm-grew': (m, c) => ({
    title: `${c.source(m.sourceId)} 上离线增至 ${formatCount(m.count)} ${KINDS[m.subjectKinds]}`,
    body: `新增 ${formatCount(m.added)}：${listSample(m.sample, m.added, c, '、')}`,
  }),
  'storm-resolved': (m, c) => ({
    title: `${c.source(m.sourceId)} 上 ${formatCount(m.count)} ${KINDS[m.subjectKinds]}已恢复`,
    body:
      `最长离线 ${formatDowntime(m.longestDowntimeMs)}：${listSample(m.sample, m.count, c, '、')}` +
      (m.stillDown > 0 ? `；仍有 ${formatCount(m.stillDown)} 个离线` : ''),
  }),
  flapping: (m, c) => ({
    title: `${c.source(m.sourceId)} 上的${SUBJECT[m.subject.kind]}状态频繁波动`,
    body: `${c.name(m.subject.name)} 在 ${formatWindow(m.windowMs, WINDOW_UNITS)}内切换状态 ${formatCount(m.toggles)} 次，稳定前不再提醒`,
  }),
  'flapping-ended': (m, c) => ({
    title: `${c.source(m.sourceId)} 上的${SUBJECT[m.subject.kind]}已稳定`,
    body: `${c.name(m.subject.name)} 已稳定 ${formatWindow(m.stableMs, WINDOW_UNITS)}，当前${m.status === 'online' ? '在线' : '离线'}`,
  }),
  'quiet-hours-summary': (m, c) => ({
    title: '免打扰期间的告警汇总',
    body:
      `${formatCount(m.opened)} 个离线，${formatCount(m.resolved)} 个恢复` +
      (m.flapping > 0 ? `，${formatCount(m.flapping)} 个频繁波动` : '') +
      (m.stillDown > 0 ? `；仍离线：${listSample(m.sample, m.stillDown, c, '、')}` : '；目前均已恢复') +
      (m.sources.length > 0 ? `（${m.sources.map((id) => c.source(id)).join('、')}）` : ''),
  }),
  'storage-fault': (m) => ({
    title: `${STORE[m.store]}无法写入：${PROBLEM[m.problem]}`,
    body: `${m.file}：${LOST[m.store]}。处理方法：${WHAT_TO_DO[m.problem]}。`,
  }),
  'storage-recovered': (m) => ({
    title: `${STORE[m.store]}已恢复写入`,
    body:
      `${m.file} 已可再次写入` +
      (m.droppedHistoryWrites > 0 ? `；期间丢弃了 ${formatCount(m.droppedHistoryWrites)} 条图表数据` : ''),
  }),
};
