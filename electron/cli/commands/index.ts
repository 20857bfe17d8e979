import type { Command } from '../command.ts';
import { alertsCommand } from './alerts.ts';
import { checkCommand } from './check.ts';
import { demoCommand } from './demo.ts';
import { notifyCommand } from './notify.ts';
import { reportCommand } from './report.ts';
import { secretCommand } from './secret.ts';
import { serveCommand } from './serve.ts';

/** Every `streamtray` verb, in the order `--help` lists them. A new verb is one module and one line here. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  demoCommand,
  checkCommand,
  reportCommand,
  secretCommand,
  alertsCommand,
  notifyCommand,
];
