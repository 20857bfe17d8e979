import type { ContactPoint, ContactPointType } from '../../../../shared/contact-points.ts';
import { alertmanagerSender } from './alertmanager.ts';
import { dingtalkSender } from './dingtalk.ts';
import { discordSender } from './discord.ts';
import { emailSender } from './email.ts';
import { feishuSender } from './feishu.ts';
import { ntfySender } from './ntfy.ts';
import { pagerdutySender } from './pagerduty.ts';
import type { Sender } from './sender.ts';
import { slackSender } from './slack.ts';
import { teamsSender } from './teams.ts';
import { telegramSender } from './telegram.ts';
import { webhookSender } from './webhook.ts';
import { wecomSender } from './wecom.ts';

// Every contact-point type and the module that delivers it: a new type is one sender file and one line
// here (and its schema in shared/contact-points.ts).

type SenderFor = { [T in ContactPointType]: Sender<Extract<ContactPoint, { type: T }>> };

const SENDERS: SenderFor = {
  webhook: webhookSender,
  slack: slackSender,
  discord: discordSender,
  teams: teamsSender,
  dingtalk: dingtalkSender,
  wecom: wecomSender,
  feishu: feishuSender,
  telegram: telegramSender,
  email: emailSender,
  ntfy: ntfySender,
  pagerduty: pagerdutySender,
  alertmanager: alertmanagerSender,
};

/** The sender of a point's type, typed for any point (each sender only ever sees its own type). */
export function senderFor(point: ContactPoint): Sender {
  return SENDERS[point.type];
}
