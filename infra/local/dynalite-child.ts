// dynalite in a process of its own, so the store's work runs on another core than the handlers':
// started by `startDynaliteProcess`, it prints its endpoint once listening and closes the store
// cleanly when asked (IPC "close") or when its parent goes away.
import { startDynalite } from './dynalite.ts';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: dynalite-child.ts <dataDir | :memory:>');
  process.exit(2);
}
const store = await startDynalite(dataDir);
let closing = false;
const close = () => {
  if (closing) return;
  closing = true;
  store.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on('message', (message) => message === 'close' && close());
process.on('disconnect', close);
process.on('SIGTERM', close);
process.on('SIGINT', () => undefined); // the parent decides when the store closes (Ctrl+C reaches both)
process.send?.({ endpoint: store.endpoint });
