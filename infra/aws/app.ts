// `cdk synth` / `cdk deploy` entry (cdk.json: `npx tsx infra/aws/app.ts`). Builds the web app
// first when web/dist is missing or older than its sources, so a fresh clone synthesizes offline.
import { App } from 'aws-cdk-lib';
import { buildWeb } from '../local/build.ts';
import { createServiceDesk } from './service-desk.ts';

const app = new App();
const bundling = app.node.tryGetContext('aws:cdk:bundling-stacks') as unknown;
// With bundling skipped (`-c aws:cdk:bundling-stacks=[]`, as the tests do) nothing is uploaded, so
// the site need not be built either.
const skipsBundling = Array.isArray(bundling) && bundling.length === 0;
if (!skipsBundling) await buildWeb({ log: (line) => console.error(line) });
createServiceDesk(app);
app.synth();
