// A ticket's conversation: replies, internal notes and system entries, each looking like what it is.
import { AttachmentList } from './attachments.tsx';
import { formatDateTime } from './format.ts';
import { MarkdownView } from './markdown.tsx';
import type { Attachment, ThreadEntry } from './types.ts';

const deliveryLabels: Record<NonNullable<ThreadEntry['delivery']>['status'], string> = {
  queued: 'WhatsApp: queued',
  sent: 'WhatsApp: sent',
  delivered: 'WhatsApp: delivered',
  read: 'WhatsApp: read',
  failed: 'WhatsApp: failed',
  not_delivered: 'WhatsApp: not delivered',
};

/**
 * `viewer` decides how authors read: the customer sees "You" and "Support", agents see names — and
 * where a reply stands on WhatsApp, with the reason when it did not go out.
 */
export function Thread({ entries, attachments, viewer }: { entries: ThreadEntry[]; attachments: Attachment[]; viewer: 'agent' | 'customer' }) {
  if (entries.length === 0) return <p className="state state-empty">No messages yet.</p>;
  const byId = new Map(attachments.map((a) => [a.id, a]));
  return (
    <ol className="thread" aria-label="Conversation">
      {entries.map((entry) => {
        const files = (entry.attachmentIds ?? []).flatMap((id) => {
          const found = byId.get(id);
          return found ? [found] : [];
        });
        if (entry.kind === 'system') {
          return (
            <li key={entry.id} className="entry entry-system">
              <span className="entry-system-body">{entry.body}</span>{' '}
              <time dateTime={entry.createdAt} className="entry-time">
                {formatDateTime(entry.createdAt)}
              </time>
            </li>
          );
        }
        const note = entry.kind === 'internal_note';
        const author =
          viewer === 'customer'
            ? entry.author.type === 'customer'
              ? `${entry.author.name}`
              : `${entry.author.name} (Support)`
            : `${entry.author.name}${entry.author.type === 'customer' ? ' (customer)' : ''}`;
        return (
          <li key={entry.id} className={`entry ${note ? 'entry-note' : `entry-reply entry-from-${entry.author.type}`}`}>
            <div className="entry-head">
              <span className={`entry-kind ${note ? 'entry-kind-note' : ''}`}>{note ? 'Internal note' : 'Reply'}</span>
              <strong className="entry-author">{author}</strong>
              <time dateTime={entry.createdAt} className="entry-time">
                {formatDateTime(entry.createdAt)}
              </time>
              {entry.delivery && viewer === 'agent' ? (
                <span className={`entry-delivery delivery-${entry.delivery.status}`} title={entry.delivery.reason}>
                  {deliveryLabels[entry.delivery.status]}
                  {entry.delivery.reason ? `: ${entry.delivery.reason}` : ''}
                </span>
              ) : null}
            </div>
            <MarkdownView>{entry.body}</MarkdownView>
            <AttachmentList attachments={files} label={`Attachments of this ${note ? 'note' : 'reply'}`} />
          </li>
        );
      })}
    </ol>
  );
}
