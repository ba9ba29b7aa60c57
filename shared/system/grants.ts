// What a function needs from the rest of the system. The AWS app turns each grant into an IAM
// policy and an environment variable in one call; the local runtime gives every handler all of them.
export type Grants = {
  table?: 'read' | 'readwrite';
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
