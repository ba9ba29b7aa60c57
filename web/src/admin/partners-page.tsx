// Admin → Business partners: the directory (search, cursor paging), create and edit, contacts,
// close and merge with confirmations.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../common/api.ts';
import { Empty, ErrorMessage, Loading } from '../common/feedback.tsx';
import { PageHeader } from '../common/page.tsx';
import type { BusinessPartner, Contact, Page } from '../common/types.ts';
import { useApi } from '../common/use-api.ts';
import { ConfirmDialog, SaveFailure, TextField, Toggle, errorsFor, ifMatch, problemOf, useAdminTenant, zodFieldErrors, type SaveProblem } from './admin-kit.tsx';
import { createContactSchema, createPartnerSchema, updateContactSchema, updatePartnerSchema } from '../../../shared/partner/partner.schema.ts';

const statusLabels = { active: 'Active', closed: 'Closed', merged: 'Merged' } as const;

type ListState = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; items: BusinessPartner[]; nextCursor?: string | null; more: 'idle' | 'loading' | { error: unknown } };

export function PartnersPage() {
  const { base, tenantId } = useAdminTenant();
  const id = useId();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [list, setList] = useState<{ key: string; state: ListState } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const key = `${q}#${attempt}`;

  // Searching as you type, 300 ms after the last key.
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(search.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [search]);

  const pagePath = (cursor?: string) => {
    const params = new URLSearchParams({ limit: '25' });
    if (q) params.set('q', q);
    if (cursor) params.set('cursor', cursor);
    return `${base}/business-partners?${params.toString()}`;
  };

  useEffect(() => {
    const controller = new AbortController();
    const params = new URLSearchParams({ limit: '25' });
    if (q) params.set('q', q);
    api.get<Page<BusinessPartner>>(`${base}/business-partners?${params.toString()}`, { signal: controller.signal }).then(
      (page) => setList({ key, state: { status: 'ready', items: page.items, nextCursor: page.nextCursor, more: 'idle' } }),
      (error: unknown) => {
        if (!controller.signal.aborted) setList({ key, state: { status: 'error', error } });
      },
    );
    return () => controller.abort();
  }, [base, q, key]);

  const state: ListState = list?.key === key ? list.state : { status: 'loading' };

  async function loadMore() {
    if (state.status !== 'ready' || !state.nextCursor) return;
    setList({ key, state: { ...state, more: 'loading' } });
    try {
      const page = await api.get<Page<BusinessPartner>>(pagePath(state.nextCursor));
      setList((c) => (c?.key === key && c.state.status === 'ready' ? { key, state: { status: 'ready', items: [...c.state.items, ...page.items], nextCursor: page.nextCursor, more: 'idle' } } : c));
    } catch (error) {
      setList((c) => (c?.key === key && c.state.status === 'ready' ? { key, state: { ...c.state, more: { error } } } : c));
    }
  }

  const refresh = () => setAttempt((n) => n + 1);

  return (
    <section>
      <PageHeader title="Business partners">The partners (customers) of {tenantId} and their contacts.</PageHeader>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      <div className="admin-split">
        <section className="panel panel-flush" aria-labelledby={`${id}-heading`}>
          <div className="panel-head">
            <h2 id={`${id}-heading`}>Directory</h2>
            <button type="button" className="button button-small" onClick={() => setSelected('new')}>
              New partner
            </button>
          </div>
          <div className="panel-filters">
            <div className="field">
              <label htmlFor={`${id}-q`}>Search partners</label>
              <input id={`${id}-q`} type="search" value={search} placeholder="Name starts with…" onChange={(e) => setSearch(e.target.value)} />
            </div>
          </div>
          {state.status === 'loading' ? <Loading>Loading partners…</Loading> : null}
          {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={refresh} /> : null}
          {state.status === 'ready' && state.items.length === 0 ? <Empty>{q ? `No partner’s name starts with “${q}”.` : 'No partners yet.'}</Empty> : null}
          {state.status === 'ready' && state.items.length ? (
            <>
              <table className="table">
                <caption className="visually-hidden">Business partners</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Id</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {state.items.map((p) => (
                    <tr key={p.id} className={p.id === selected ? 'row-selected' : undefined}>
                      <td>
                        <button type="button" className="link-button" aria-label={`Open partner ${p.name}`} onClick={() => setSelected(p.id)}>
                          {p.name}
                        </button>
                      </td>
                      <td>
                        <code>{p.id}</code>
                      </td>
                      <td>
                        <span className={`badge badge-bp-${p.status}`}>{statusLabels[p.status]}</span>
                        {p.mergedInto ? <span className="muted small"> into {p.mergedInto}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="list-footer">
                {state.more !== 'idle' && state.more !== 'loading' ? <ErrorMessage error={state.more.error} onRetry={() => void loadMore()} /> : null}
                {state.nextCursor ? (
                  <button type="button" className="button button-quiet" onClick={() => void loadMore()} disabled={state.more === 'loading'}>
                    {state.more === 'loading' ? 'Loading…' : 'Load more'}
                  </button>
                ) : null}
              </div>
            </>
          ) : null}
        </section>
        <div className="admin-editor">
          {selected === 'new' ? (
            <NewPartner
              onCancel={() => setSelected(null)}
              onCreated={(p) => {
                setNotice(`Partner ${p.name} created.`);
                setSelected(p.id);
                refresh();
              }}
            />
          ) : selected ? (
            <PartnerDetail
              key={selected}
              partnerId={selected}
              onChanged={(text) => {
                setNotice(text);
                refresh();
              }}
            />
          ) : (
            <div className="panel">
              <p className="muted">Choose a partner to see its contacts, edit, close or merge it.</p>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

function NewPartner({ onCreated, onCancel }: { onCreated(p: BusinessPartner): void; onCancel(): void }) {
  const { base } = useAdminTenant();
  const [partnerId, setPartnerId] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<SaveProblem>(null);
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    const local = zodFieldErrors(createPartnerSchema, { id: partnerId, name });
    if (Object.keys(local).length) return setProblem({ fields: local, conflict: false, error: 'Some fields need your attention.' });
    setSaving(true);
    setProblem(null);
    try {
      onCreated(await api.post<BusinessPartner>(`${base}/business-partners`, { id: partnerId.trim(), name: name.trim() }));
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="panel" onSubmit={(e) => void save(e)} noValidate aria-label="New business partner">
      <h2>New business partner</h2>
      <SaveFailure problem={problem} />
      <TextField label="Partner id" required value={partnerId} onChange={setPartnerId} hint="The id the platform gave the partner." errors={errorsFor(problem, 'id')} />
      <TextField label="Name" required value={name} maxLength={200} onChange={setName} errors={errorsFor(problem, 'name')} />
      <div className="actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? 'Creating…' : 'Create partner'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function PartnerDetail({ partnerId, onChanged }: { partnerId: string; onChanged(text: string): void }) {
  const { base } = useAdminTenant();
  const path = `${base}/business-partners/${encodeURIComponent(partnerId)}`;
  const partner = useApi<BusinessPartner>(path);
  const contacts = useApi<{ items: Contact[] }>(`${path}/contacts`);
  const [name, setName] = useState<string | null>(null);
  const [problem, setProblem] = useState<SaveProblem>(null);
  const [saving, setSaving] = useState(false);
  const [dialog, setDialog] = useState<'close' | 'merge' | null>(null);
  const [mergeInto, setMergeInto] = useState('');
  const [action, setAction] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });

  if (partner.state.status === 'loading') return <div className="panel"><Loading>Loading the partner…</Loading></div>;
  if (partner.state.status === 'error') return <div className="panel"><ErrorMessage error={partner.state.error} onRetry={partner.reload} /></div>;
  const p = partner.state.data;
  const shownName = name ?? p.name;

  async function save(event: FormEvent) {
    event.preventDefault();
    const local = zodFieldErrors(updatePartnerSchema, { name: shownName });
    if (Object.keys(local).length) return setProblem({ fields: local, conflict: false, error: 'Some fields need your attention.' });
    setSaving(true);
    setProblem(null);
    try {
      const saved = await api.put<BusinessPartner>(path, { id: p.id, name: shownName.trim() }, { headers: ifMatch(p.version) });
      partner.setData(saved);
      setName(null);
      onChanged(`Partner ${saved.name} saved.`);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setSaving(false);
    }
  }

  async function run() {
    setAction({ busy: true, error: null });
    try {
      const done =
        dialog === 'close'
          ? await api.post<BusinessPartner>(`${path}/close`, undefined, { headers: ifMatch(p.version) })
          : await api.post<BusinessPartner>(`${path}/merge`, { mergedInto: mergeInto.trim() }, { headers: ifMatch(p.version) });
      setDialog(null);
      setAction({ busy: false, error: null });
      partner.reload();
      onChanged(dialog === 'close' ? `Partner ${p.name} closed.` : `Partner ${p.name} merged into ${mergeInto.trim()}.`);
      void done;
    } catch (error) {
      setAction({ busy: false, error });
    }
  }

  return (
    <div className="stack">
      <form className="panel" onSubmit={(e) => void save(e)} noValidate aria-label={`Partner ${p.name}`}>
        <h2>
          {p.name} <code>{p.id}</code>
        </h2>
        <p>
          <span className={`badge badge-bp-${p.status}`}>{statusLabels[p.status]}</span>
          {p.mergedInto ? <span className="muted"> — merged into {p.mergedInto}; tickets and lookups go to it.</span> : null}
          {p.status === 'closed' ? <span className="muted"> — no new tickets or chat lookups.</span> : null}
        </p>
        <SaveFailure problem={problem} onReload={() => { setName(null); setProblem(null); partner.reload(); }} what="this partner" />
        <TextField label="Name" required value={shownName} maxLength={200} onChange={setName} errors={errorsFor(problem, 'name')} />
        <div className="actions actions-wrap">
          <button type="submit" className="button" disabled={saving || name === null}>
            {saving ? 'Saving…' : 'Save partner'}
          </button>
          <span className="spacer" />
          {p.status === 'active' ? (
            <>
              <button type="button" className="button button-quiet" onClick={() => setDialog('merge')}>
                Merge into…
              </button>
              <button type="button" className="button button-quiet button-danger-quiet" onClick={() => setDialog('close')}>
                Close partner
              </button>
            </>
          ) : null}
        </div>
      </form>

      <Contacts bpPath={path} bpId={p.id} state={contacts.state} reload={contacts.reload} onChanged={onChanged} />

      <ConfirmDialog
        open={dialog === 'close'}
        title={`Close ${p.name}?`}
        confirmLabel="Close partner"
        danger
        busy={action.busy}
        error={action.error}
        onConfirm={() => void run()}
        onCancel={() => {
          setDialog(null);
          setAction({ busy: false, error: null });
        }}
      >
        <p>No new tickets can be opened for {p.name}, and its contacts can no longer use the WhatsApp skills. Existing tickets stay as they are.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'merge'}
        title={`Merge ${p.name} into another partner?`}
        confirmLabel="Merge partner"
        danger
        busy={action.busy}
        error={action.error}
        onConfirm={() => {
          if (!mergeInto.trim() || mergeInto.trim() === p.id) {
            setAction({ busy: false, error: 'Enter the id of another, active partner to merge into.' });
            return;
          }
          void run();
        }}
        onCancel={() => {
          setDialog(null);
          setAction({ busy: false, error: null });
        }}
      >
        <p>Lookups and new tickets for {p.name} go to the surviving partner from then on; existing tickets keep their history. This cannot be undone here.</p>
        <TextField label="Surviving partner id" required value={mergeInto} placeholder="BP-1001" onChange={setMergeInto} />
      </ConfirmDialog>
    </div>
  );
}

type ContactDraft = { id: string; name: string; phone: string; email: string; confirmed: boolean };

function Contacts(props: { bpPath: string; bpId: string; state: ReturnType<typeof useApi<{ items: Contact[] }>>['state']; reload(): void; onChanged(text: string): void }) {
  const { bpPath, bpId, state, reload, onChanged } = props;
  const id = useId();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  const [deleteState, setDeleteState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const items = state.status === 'ready' ? state.data.items : [];

  async function remove() {
    if (!deleting) return;
    setDeleteState({ busy: true, error: null });
    try {
      await api.delete(`${bpPath}/contacts/${encodeURIComponent(deleting.id)}`, { headers: ifMatch(deleting.version) });
      onChanged(`Contact ${deleting.name} deleted.`);
      setDeleting(null);
      setDeleteState({ busy: false, error: null });
      reload();
    } catch (error) {
      setDeleteState({ busy: false, error });
    }
  }

  return (
    <section className="panel" aria-labelledby={`${id}-contacts`}>
      <div className="panel-head panel-head-inline">
        <h2 id={`${id}-contacts`}>Contacts</h2>
        <button type="button" className="button button-small" onClick={() => setEditing('new')}>
          New contact
        </button>
      </div>
      {state.status === 'loading' ? <Loading>Loading contacts…</Loading> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.status === 'ready' && items.length === 0 && editing !== 'new' ? <Empty>No contacts.</Empty> : null}
      {editing === 'new' ? (
        <ContactForm
          bpPath={bpPath}
          bpId={bpId}
          onCancel={() => setEditing(null)}
          onSaved={(c) => {
            setEditing(null);
            onChanged(`Contact ${c.name} added.`);
            reload();
          }}
        />
      ) : null}
      {items.length ? (
        <table className="table table-compact">
          <caption className="visually-hidden">Contacts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Phone</th>
              <th scope="col">Email</th>
              <th scope="col">Confirmed</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) =>
              editing === c.id ? (
                <tr key={c.id}>
                  <td colSpan={5}>
                    <ContactForm
                      bpPath={bpPath}
                      bpId={bpId}
                      contact={c}
                      onCancel={() => setEditing(null)}
                      onReload={reload}
                      onSaved={(saved) => {
                        setEditing(null);
                        onChanged(`Contact ${saved.name} saved.`);
                        reload();
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={c.id}>
                  <td>
                    {c.name}
                    <span className="muted small block">{c.id}</span>
                  </td>
                  <td className="nowrap">{c.phone}</td>
                  <td>{c.email ?? <span className="muted">—</span>}</td>
                  <td>{c.confirmed ? 'Yes' : <span className="muted">No</span>}</td>
                  <td className="nowrap">
                    <button type="button" className="button button-small button-quiet" aria-label={`Edit contact ${c.name}`} onClick={() => setEditing(c.id)}>
                      Edit
                    </button>{' '}
                    <button type="button" className="button button-small button-quiet" aria-label={`Delete contact ${c.name}`} onClick={() => setDeleting(c)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete contact ${deleting?.name ?? ''}?`}
        confirmLabel="Delete contact"
        danger
        busy={deleteState.busy}
        error={deleteState.error}
        onConfirm={() => void remove()}
        onCancel={() => {
          setDeleting(null);
          setDeleteState({ busy: false, error: null });
        }}
      >
        <p>Their phone will no longer be matched on WhatsApp. Tickets they raised keep their history.</p>
      </ConfirmDialog>
    </section>
  );
}

function ContactForm(props: { bpPath: string; bpId: string; contact?: Contact; onSaved(c: Contact): void; onCancel(): void; onReload?(): void }) {
  const { bpPath, contact, onSaved, onCancel, onReload } = props;
  const [draft, setDraft] = useState<ContactDraft>(() => ({
    id: contact?.id ?? '',
    name: contact?.name ?? '',
    phone: contact?.phone ?? '',
    email: contact?.email ?? '',
    confirmed: contact?.confirmed ?? false,
  }));
  const [problem, setProblem] = useState<SaveProblem>(null);
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    const body = {
      ...(contact ? {} : { id: draft.id.trim() }),
      name: draft.name.trim(),
      phone: draft.phone.trim(),
      ...(draft.email.trim() ? { email: draft.email.trim() } : {}),
      confirmed: draft.confirmed,
    };
    // The API's own schemas: the same rules and messages before the round trip.
    const local = zodFieldErrors(contact ? updateContactSchema : createContactSchema, body);
    if (Object.keys(local).length) return setProblem({ fields: local, conflict: false, error: 'Some fields need your attention.' });
    setSaving(true);
    setProblem(null);
    try {
      const saved = contact
        ? await api.put<Contact>(`${bpPath}/contacts/${encodeURIComponent(contact.id)}`, body, { headers: ifMatch(contact.version) })
        : await api.post<Contact>(`${bpPath}/contacts`, body);
      onSaved(saved);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setSaving(false);
    }
  }

  const err = (field: string) => errorsFor(problem, field);
  return (
    <form className="contact-form" onSubmit={(e) => void save(e)} noValidate aria-label={contact ? `Edit contact ${contact.name}` : 'New contact'}>
      <SaveFailure problem={problem} onReload={onReload} what="this contact" />
      <div className="form-grid">
        {!contact ? <TextField label="Contact id" required value={draft.id} onChange={(v) => setDraft({ ...draft, id: v })} errors={err('id')} /> : null}
        <TextField label="Contact name" required value={draft.name} maxLength={200} onChange={(v) => setDraft({ ...draft, name: v })} errors={err('name')} />
        <TextField label="Phone" type="tel" required value={draft.phone} placeholder="+15550001001" onChange={(v) => setDraft({ ...draft, phone: v })} errors={err('phone')} hint="E.164, e.g. +15550001001" />
        <TextField label="Email" type="email" value={draft.email} onChange={(v) => setDraft({ ...draft, email: v })} errors={err('email')} />
      </div>
      <Toggle label="Confirmed" checked={draft.confirmed} onChange={(confirmed) => setDraft({ ...draft, confirmed })} hint="A confirmed contact may look up tickets on WhatsApp." errors={err('confirmed')} />
      <div className="actions">
        <button type="submit" className="button button-small" disabled={saving}>
          {saving ? 'Saving…' : contact ? 'Save contact' : 'Add contact'}
        </button>
        <button type="button" className="button button-small button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
