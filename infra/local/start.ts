// `npm start`: builds the web app when its sources changed, starts the local runtime, prints the URL
// and the seeded users, and shuts down cleanly on SIGINT/SIGTERM.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// The local runtime runs on Node 20 with the SDK version the lockfile pins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { readLocalConfig } = await import('./config.ts');
const { buildWeb } = await import('./build.ts');
const { startRuntime } = await import('./runtime.ts');
const { seedUsers } = await import('./seed-data.ts');

const config = readLocalConfig(process.env);
const started = Date.now();
await buildWeb({ log: (line) => console.log(line) });
console.log(`Starting the service desk (data in ${config.DATA_DIR === ':memory:' ? 'memory' : config.DATA_DIR})…`);
const runtime = await startRuntime({ port: config.PORT, host: config.HOST, dataDir: config.DATA_DIR, timers: true });

console.log(`\nService Desk is ready at ${runtime.url} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
console.log('Sign in as any seeded user:');
for (const u of seedUsers) console.log(`  ${u.email.padEnd(22)} ${u.name.padEnd(12)} ${u.role.padEnd(24)} ${u.tenants.join(', ')}`);
console.log('\nPress Ctrl+C to stop.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    runtime.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
