// Small building blocks every page uses.
import { useEffect, type ReactNode } from 'react';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Service Desk`;
  }, [title]);
}

/** A page's heading and intro, so every screen starts the same way. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  usePageTitle(title);
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children ? <p className="lead">{children}</p> : null}
    </div>
  );
}

/** A whole-screen message (loading, a failure) — the app never shows a blank page. */
export function FullPageMessage({ title, children, busy = false }: { title: string; children?: ReactNode; busy?: boolean }) {
  usePageTitle(title);
  return (
    <main className="full-page" aria-busy={busy || undefined}>
      <div className="card" role={busy ? 'status' : undefined}>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
