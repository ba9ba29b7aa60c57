// Status, priority, SLA and chat markers, and tags: the same look on every page.
import { useTenantDisplay } from './display-settings.ts';
import { statusLabels } from './format.ts';
import type { Breach, Priority, Status } from './types.ts';

export function StatusBadge({ status }: { status: Status }) {
  return <span className={`badge badge-status-${status}`}>{statusLabels[status] ?? status}</span>;
}

/** With `tenantId`, the tenant's label and colour (Settings → Priorities); SPEC's defaults otherwise. */
export function PriorityBadge({ priority, tenantId }: { priority: Priority; tenantId?: string }) {
  const display = useTenantDisplay(tenantId);
  const color = display.priorityColor(priority);
  return (
    <span className={`badge badge-priority-${priority}`}>
      {color ? <span className="priority-dot" style={{ background: color }} aria-hidden="true" /> : null}
      {display.priorityLabel(priority)}
    </span>
  );
}

const HOUR = 60 * 60 * 1000;

/** "breached" once the sweep has marked a breach; "due soon" when an open ticket's due time is within the hour. */
export function slaState(
  sla: { firstResponseDueAt?: string; dueAt?: string; breached: Breach },
  status: Status,
  now: number,
): 'breached' | 'due-soon' | null {
  if (sla.breached !== 'none') return 'breached';
  if (status !== 'open') return null; // pending pauses the clock; resolved and closed have no due time left
  const soon = [sla.firstResponseDueAt, sla.dueAt].some((iso) => iso !== undefined && new Date(iso).getTime() - now <= HOUR);
  return soon ? 'due-soon' : null;
}

export function SlaBadge(props: { sla: { firstResponseDueAt?: string; dueAt?: string; breached: Breach }; status: Status; now: number }) {
  const state = slaState(props.sla, props.status, props.now);
  if (state === 'breached') return <span className="badge badge-breached" title={props.sla.breached.replace('_', ' ')}>breached</span>;
  if (state === 'due-soon') return <span className="badge badge-due-soon">due soon</span>;
  return null;
}

/** A ticket's tags as chips. */
export function TagRow({ tags }: { tags: readonly string[] }) {
  return (
    <span className="tag-row">
      {tags.map((tag) => (
        <span key={tag} className="tag">
          {tag}
        </span>
      ))}
    </span>
  );
}

export function ChatMarker() {
  return (
    <span className="badge badge-chat" title="Created from a WhatsApp chat">
      chat
    </span>
  );
}

/** The `<option>`s of a configured list (the tenant's priorities or sources), in its order and labels. */
export function ConfiguredOptions({ items }: { items: readonly { key: string; label: string }[] }) {
  return (
    <>
      {items.map((item) => (
        <option key={item.key} value={item.key}>
          {item.label}
        </option>
      ))}
    </>
  );
}
