// WhatsApp out, locally: every Graph API request body lands in an outbox (GET /dev/whatsapp/outbox).
import { randomUUID } from 'node:crypto';
import type { Clock, WhatsAppMessage, WhatsAppSender } from '../../shared/platform/ports.ts';

export type OutboxItem = { id: string; phoneNumberId: string; to: string; message: WhatsAppMessage; createdAt: string };

export type LocalWhatsApp = WhatsAppSender & { items(): OutboxItem[] };

export function createLocalWhatsApp(clock: Clock): LocalWhatsApp {
  const items: OutboxItem[] = [];
  return {
    async send(phoneNumberId, message) {
      const id = `wamid.local.${randomUUID()}`;
      items.push({ id, phoneNumberId, to: message.to, message, createdAt: clock.now().toISOString() });
      return { messageId: id };
    },
    items: () => [...items],
  };
}
