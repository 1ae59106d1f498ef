import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { loadConfig } from './config';
import { loggerOptions } from './logging';
import { openDatabase } from './db/database';
import { servicesRepository } from './repositories/services-repository';
import { SYSTEM_CALLER } from './services/caller';
import { steppableClock } from './services/clock';
import { readChannelConfig } from './notify/channel-config';
import { epochMs } from '../domain/time/instant';

const config = loadConfig();
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Secrets travel in URLs (integration keys, feeds, invitations), headers and ingestion bodies:
// the logger writes the route's shape and never the secret.
const logger = loggerOptions(config.logLevel);

async function main(): Promise<void> {
  const handle = await openDatabase(
    config.databaseUrl ? { dialect: 'postgres', url: config.databaseUrl } : { dialect: 'sqlite', file: path.join(config.dataDir, 'firewatch.db') },
  );
  const clock = config.testClock ? steppableClock(config.testClock.start === undefined ? undefined : epochMs(config.testClock.start)) : undefined;
  const app = await buildApp({
    ...(clock ? { clock, testClock: clock } : {}),
    channelConfig: readChannelConfig(process.env),
    demoMode: config.loadDemo,
    trustProxy: config.trustProxy,
    compression: config.compression,
    allowPrivateWebhooks: config.allowPrivateWebhooks,
    handle,
    logger,
    staticDir: config.staticDir ?? path.join(projectRoot, 'dist'),
    ingestQueueLimit: config.ingestQueueLimit,
    ingestRatePerKey: config.ingestRatePerKey,
    writes: { waitBudgetMs: config.admissionWaitMs },
    statusPage: config.statusPage,
  });

  // Bootstrap: an admin from the environment, and the example organisation in demo mode.
  if (await app.accessService.ensureAdminFromEnvironment(config.adminEmail, config.adminPassword)) {
    app.log.info({ email: config.adminEmail }, 'created the first admin from FIREWATCH_ADMIN_EMAIL');
  }
  if (config.loadDemo && (await servicesRepository.count(handle.db)) === 0) {
    await app.demoService.load({ withPasswords: true, caller: SYSTEM_CALLER });
    app.log.info('demo mode: loaded the example organisation');
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('shutdown took over 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  // A deep accept queue (the kernel caps it at net.core.somaxconn): connections arriving while a
  // batch commits wait there instead of being dropped and retried by TCP seconds later.
  await app.listen({ port: config.port, host: config.host, backlog: 4096 });
  app.log.info({ database: handle.dialect, dataDir: handle.dialect === 'sqlite' ? config.dataDir : undefined }, `Firewatch is listening on http://localhost:${config.port}`);
}

main().catch((error: unknown) => {
  console.error('Firewatch failed to start:', error);
  process.exit(1);
});
