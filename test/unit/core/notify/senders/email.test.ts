import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { emailSender } from '../../../../../electron/core/notify/senders/email.ts';
import { openedMessage } from '../../../../helpers/contact-message-fixture.ts';
import { common, sendOnce } from './send-request.ts';

// E-mail through nodemailer to a real SMTP server (the smtp-server package) on loopback, which checks the
// AUTH credentials and keeps the envelope and the raw message.

interface Received {
  from: string | undefined;
  to: string[];
  raw: string;
  user: string | undefined;
}

const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
});

async function smtp(password: string): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'alerts@example.com' && auth.password === password)
        callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.server.address() as AddressInfo).port, received };
}

function point(port: number) {
  return {
    ...common,
    id: 'mail',
    type: 'email' as const,
    smtp: { host: '127.0.0.1', port, secure: false, user: 'alerts@example.com' },
    from: 'Streamtray <alerts@example.com>',
    to: ['oncall@example.com', 'noc@example.com'],
  };
}

describe('email contact point', () => {
  it('logs in with the stored password and mails every recipient the alert, its details and link', async () => {
    const server = await smtp('s3cret-pass');
    const result = await sendOnce(emailSender, point(server.port), 's3cret-pass');
    expect(result).toMatchObject({ outcome: 'sent', status: 250 });
    const [mail] = server.received;
    expect(mail?.user).toBe('alerts@example.com');
    expect(mail?.from).toBe('alerts@example.com');
    expect(mail?.to).toEqual(['oncall@example.com', 'noc@example.com']);
    expect(mail?.raw).toMatch(/^Subject: Streamtray: Stream offline on Main WMSPanel$/m);
    expect(mail?.raw).toContain(`Message-ID: <${openedMessage().id}@streamtray>`);
    expect(mail?.raw).toContain('Viewers when it went down: 2,400');
    expect(mail?.raw).toContain('https://noc.example.com/#/incidents/42');
  });

  it("fails at once with the server's reply when the password is rejected, never showing it", async () => {
    const server = await smtp('right-password');
    const result = await sendOnce(emailSender, point(server.port), 'wrong-password');
    expect(result.outcome).toBe('failed');
    expect(result.status).toBe(535);
    expect(result.error).toContain('Invalid username or password');
    expect(JSON.stringify(result)).not.toContain('wrong-password');
    expect(server.received).toHaveLength(0);
  });

  it('retries when no SMTP server answers', async () => {
    const server = await smtp('x');
    const port = server.port;
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    const result = await sendOnce(emailSender, point(port), 'x');
    expect(result.outcome).toBe('retry');
    expect(result.error).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
  });
});
