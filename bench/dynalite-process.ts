// A dynalite server on a DATA_DIR in a process of its own (for loading data with the client's work
// on the other core): `node --import tsx bench/dynalite-process.ts <dataDir> <table>` prints the
// endpoint once the table is active, and closes the store cleanly on SIGTERM.
import { ensureTable, startDynalite } from '../infra/local/dynalite.ts';

const [dataDir, table] = process.argv.slice(2);
if (!dataDir || !table) {
  console.error('Usage: node --import tsx bench/dynalite-process.ts <dataDir> <table>');
  process.exit(2);
}
const dynamo = await startDynalite(dataDir);
await ensureTable(dynamo.client, table);
console.log(`endpoint ${dynamo.endpoint}`);
process.on('SIGTERM', () => {
  dynamo.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
