// The agent's ticket table (the ticket list, the dashboard's recent tickets), a ticket's path, and
// the relative time every ticket list shows.
import { Link } from 'react-router-dom';
import { ChatMarker, PriorityBadge, SlaBadge, StatusBadge, TagRow } from './badges.tsx';
import { formatDateTime, formatRelative } from './format.ts';
import type { TicketListItem } from './types.ts';

export const ticketPath = (tenantId: string, number: string) => `/tickets/${encodeURIComponent(tenantId)}/${encodeURIComponent(number)}`;

/** "3 min ago", with the exact time in its title; `now` for a list that ticks (the current time otherwise). */
export function RelativeTime({ at, now }: { at: string; now?: number }) {
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {formatRelative(at, now)}
    </time>
  );
}

/**
 * Tickets as a table: number (the link), subject, status, priority, queue, SLA and last update. With
 * `showTenant` a tenant column first; with `detail` (the ticket list) also requester, assignee, the
 * chat marker and the tags.
 */
export function TicketTable(props: { items: readonly TicketListItem[]; caption: string; className?: string; now: number; showTenant: boolean; detail: boolean }) {
  const { items, caption, className = 'table', now, showTenant, detail } = props;
  return (
    <div className="table-scroll">
      <table className={className}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {showTenant ? <th scope="col">Tenant</th> : null}
            <th scope="col">Number</th>
            <th scope="col">Subject</th>
            {detail ? <th scope="col">Requester</th> : null}
            <th scope="col">Status</th>
            <th scope="col">Priority</th>
            <th scope="col">Queue</th>
            {detail ? <th scope="col">Assignee</th> : null}
            <th scope="col">SLA</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.tenantId}/${item.number}`}>
              {showTenant ? <td>{item.tenantId}</td> : null}
              <td className="nowrap">
                <Link to={ticketPath(item.tenantId, item.number)}>{item.number}</Link>
              </td>
              {detail ? (
                <td>
                  <span className="subject">{item.subject}</span> {item.fromChat ? <ChatMarker /> : null}
                  {item.tags.length ? <TagRow tags={item.tags} /> : null}
                </td>
              ) : (
                <td className="subject">{item.subject}</td>
              )}
              {detail ? <td>{item.requesterName}</td> : null}
              <td>
                <StatusBadge status={item.status} />
              </td>
              <td>
                <PriorityBadge priority={item.priority} tenantId={item.tenantId} />
              </td>
              <td>{item.queueName ?? <span className="muted">—</span>}</td>
              {detail ? <td>{item.assigneeName ?? <span className="muted">Unassigned</span>}</td> : null}
              <td>
                <SlaBadge sla={item.sla} status={item.status} now={now} />
              </td>
              <td className="nowrap">
                <RelativeTime at={item.updatedAt} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
