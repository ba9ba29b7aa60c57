// What a function needs from the rest of the system. The AWS app turns each grant into an IAM
// policy and an environment variable in one call; the local runtime gives every handler all of them.
export type Grants = {
  /** `backfill`: read-write plus Scan, for the schema backfill schedule only. */
  table?: 'read' | 'readwrite' | 'backfill';
  /** Publishes to the event bus. */
  bus?: boolean;
  /** Queue names (queues.ts) it sends to. */
  queues?: string[];
  /** Attachment bucket access. */
  bucket?: 'read' | 'readwrite';
  /** Named secrets it reads (e.g. the WhatsApp app secret). */
  secrets?: string[];
};

/** A unit of deployment: on AWS one Lambda function per group. */
export type FunctionGroup = {
  name: string;
  grants: Grants;
  /** Lambda memory size; 512 MB or less, justified by the bundles benchmark. */
  memoryMb: number;
  timeoutSeconds: number;
};

/**
 * Build-time flags for a function's bundle: esbuild replaces each `globalThis.__SD_*__` with what
 * the function was granted, so the ports it lacks — and their SDK clients — are left out of its
 * bundle. Unbundled (locally, in tests) the flags are absent and every port is present.
 */
export function grantDefines(grants: Grants): Record<string, string> {
  return {
    'globalThis.__SD_TABLE__': String(grants.table !== undefined),
    'globalThis.__SD_BUS__': String(grants.bus === true),
    'globalThis.__SD_QUEUES__': String((grants.queues ?? []).length > 0),
    'globalThis.__SD_BUCKET__': String(grants.bucket !== undefined),
    'globalThis.__SD_SECRETS__': String((grants.secrets ?? []).length > 0),
  };
}
