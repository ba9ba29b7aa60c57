// The local runtime as `npm start` runs it (infra/local/start.ts: startRuntime with the configured
// port, host and DATA_DIR, schedules on their timers), without building the web app first: benches
// of the API start it through lib.ts's `runtime` command, so neither a web build's time and memory
// nor a web source edited meanwhile (or broken) gets into their figures.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { readLocalConfig } = await import('../infra/local/config.ts');
const { startRuntime } = await import('../infra/local/runtime.ts');

const config = readLocalConfig(process.env);
const started = Date.now();
// BENCH_TIMERS=off: schedules only on demand (a bench that runs the sweep itself must not meet the
// timer's own run beside a measured one).
const timers = process.env.BENCH_TIMERS !== 'off';
const runtime = await startRuntime({ port: config.PORT, host: config.HOST, dataDir: config.DATA_DIR, timers });
console.log(`Service Desk is ready at ${runtime.url} (${((Date.now() - started) / 1000).toFixed(1)} s, API only: the web app was not built${timers ? '' : ', schedule timers off'})`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    runtime.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
