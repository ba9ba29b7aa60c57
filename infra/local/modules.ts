// Loads the handler modules the declarations name and calls them as Lambda would.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const cache = new Map<string, Promise<Handler>>();

export function loadHandler(module: string): Promise<Handler> {
  let loaded = cache.get(module);
  if (!loaded) {
    loaded = import(pathToFileURL(resolve(repoRoot, `${module}.ts`)).href).then((m: { handler?: Handler }) => {
      if (typeof m.handler !== 'function') throw new Error(`${module} does not export a handler`);
      return m.handler;
    });
    cache.set(module, loaded);
  }
  return loaded;
}

function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export async function invoke(module: string, event: unknown, timeoutMs = 30_000): Promise<unknown> {
  const handler = await loadHandler(module);
  return handler(event, lambdaContext(module.split('/').pop() ?? module, timeoutMs));
}
