import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createEventBridgePublisher } from '../../../shared/platform/aws/event-publisher.ts';
import type { EventPublisher } from '../../../shared/platform/ports.ts';

export const makePublisher = (region: string, busName: string): EventPublisher => createEventBridgePublisher({ client: new EventBridgeClient({ region }), busName });
