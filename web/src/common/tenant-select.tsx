// The tenant and queue selects of the agent and admin screens.
import { useMe } from './session.tsx';

/**
 * A user's tenants as a labelled select, for a user with several (nothing for one). With `allLabel`
 * an empty first option stands for all of them (a filter).
 */
export function TenantSelect(props: { id: string; value: string; onChange(tenantId: string): void; allLabel?: string; className?: string }) {
  const { id, value, onChange, allLabel, className = 'field' } = props;
  const me = useMe();
  if (me.tenants.length < 2) return null;
  return (
    <div className={className}>
      <label htmlFor={id}>Tenant</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {allLabel !== undefined ? <option value="">{allLabel}</option> : null}
        {me.tenants.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The options of a queue filter: `anyLabel` (no filter), the current value even when no queue has
 * that id (a link from elsewhere, a queue since deleted), then the queues — each named with its
 * `tenant` when it carries one (queues of several tenants).
 */
export function QueueFilterOptions(props: { value: string; queues: readonly { id: string; name: string; tenant?: string }[]; anyLabel: string }) {
  const { value, queues, anyLabel } = props;
  return (
    <>
      <option value="">{anyLabel}</option>
      {value && !queues.some((q) => q.id === value) ? <option value={value}>{value}</option> : null}
      {queues.map((q) => (
        <option key={`${q.tenant ?? ''}/${q.id}`} value={q.id}>
          {q.tenant ? `${q.tenant}: ${q.name}` : q.name}
        </option>
      ))}
    </>
  );
}
