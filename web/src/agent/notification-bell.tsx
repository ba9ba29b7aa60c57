// The header's bell: the caller's escalation notifications (`GET /api/me/notifications`), refreshed
// every 30 s; each opens its ticket and is marked read on the way.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { Notification, NotificationPage } from '../../../shared/notification/notification.schema.ts';
import { api } from '../common/api.ts';
import { ErrorMessage } from '../common/feedback.tsx';
import { useNow } from '../common/format.ts';
import { RelativeTime, ticketPath } from '../common/ticket-table.tsx';
import './notification-bell.css';

export const NOTIFICATIONS_REFRESH_MS = 30_000;
const PAGE_SIZE = 20;
const PATH = '/api/me/notifications';

type State = { page?: NotificationPage; error?: unknown; loadingMore?: boolean };

export function NotificationBell() {
  const [state, setState] = useState<State>({});
  const [open, setOpen] = useState(false);
  const now = useNow(NOTIFICATIONS_REFRESH_MS);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // The first page and the count; older pages loaded with "Show older" are dropped on refresh.
  const refresh = useCallback(async (signal?: AbortSignal) => {
    try {
      const page = await api.get<NotificationPage>(`${PATH}?limit=${PAGE_SIZE}`, { signal });
      setState({ page });
    } catch (error) {
      if (!signal?.aborted) setState((s) => ({ ...s, error }));
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void refresh(controller.signal);
    const timer = window.setInterval(() => void refresh(controller.signal), NOTIFICATIONS_REFRESH_MS);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, [refresh]);

  // Opening shows what is new now, not what was new at the last tick.
  useEffect(() => {
    if (open) void refresh();
  }, [open, refresh]);

  // Escape or a click elsewhere closes the list.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const markRead = useCallback(
    async (n: Notification) => {
      if (n.readAt) return;
      // Shown read at once; the server's answer (204, also when already read) is confirmed by a refresh.
      const readAt = new Date().toISOString();
      setState((s) =>
        s.page
          ? { ...s, page: { ...s.page, items: s.page.items.map((x) => (x.id === n.id ? { ...x, readAt } : x)), unreadCount: Math.max(0, s.page.unreadCount - 1) } }
          : s,
      );
      try {
        await api.post<void>(`${PATH}/${encodeURIComponent(n.id)}/read`);
      } catch (error) {
        setState((s) => ({ ...s, error }));
      }
      await refresh();
    },
    [refresh],
  );

  const showOlder = async () => {
    const cursor = state.page?.nextCursor;
    if (!cursor) return;
    setState((s) => ({ ...s, loadingMore: true }));
    try {
      const more = await api.get<NotificationPage>(`${PATH}?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(cursor)}`);
      setState((s) => ({ page: s.page ? { ...more, items: [...s.page.items, ...more.items] } : more }));
    } catch (error) {
      setState((s) => ({ ...s, error, loadingMore: false }));
    }
  };

  const unread = state.page?.unreadCount ?? 0;
  const items = state.page?.items ?? [];
  return (
    <div className="notification-bell" ref={root}>
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-label={`Notifications, ${unread} unread`}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
        {unread > 0 ? (
          <span className="bell-badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <section id={panelId} className="notification-panel" aria-label="Notifications">
          <header className="notification-panel-header">
            <h2>Notifications</h2>
            <span className="notification-panel-count">{unread === 0 ? 'All read' : `${unread} unread`}</span>
          </header>
          {state.error ? <ErrorMessage error={state.error} onRetry={() => void refresh()} /> : null}
          {!state.page && !state.error ? <p className="notification-empty">Loading…</p> : null}
          {state.page && items.length === 0 ? <p className="notification-empty">No notifications. Escalations of tickets in queues you lead appear here.</p> : null}
          {items.length > 0 ? (
            <ul className="notification-list">
              {items.map((n) => (
                <li key={n.id} className={n.readAt ? 'notification' : 'notification notification-unread'}>
                  <Link
                    to={ticketPath(n.tenantId, n.number)}
                    className="notification-link"
                    onClick={() => {
                      setOpen(false);
                      void markRead(n);
                    }}
                  >
                    {n.readAt ? null : <span className="visually-hidden">Unread: </span>}
                    {n.message}
                  </Link>
                  <span className="notification-meta">
                    {n.tenantId} ·{' '}
                    <RelativeTime at={n.createdAt} now={now} />
                  </span>
                  {n.readAt ? null : (
                    <button type="button" className="button button-small button-quiet notification-read" aria-label={`Mark ${n.number} read`} onClick={() => void markRead(n)}>
                      Mark read
                    </button>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
          {state.page?.nextCursor ? (
            <button type="button" className="button button-quiet notification-more" disabled={state.loadingMore} onClick={() => void showOlder()}>
              {state.loadingMore ? 'Loading…' : 'Show older'}
            </button>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
