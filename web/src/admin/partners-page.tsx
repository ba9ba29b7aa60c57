// Admin → Business partners: the directory (search, cursor paging), create and edit, contacts,
// close and merge with confirmations.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../common/api.ts';
import { Empty, ErrorMessage, Loading } from '../common/feedback.tsx';
import { PageHeader } from '../common/page.tsx';
import type { BusinessPartner, Contact } from '../common/types.ts';
import { useApi } from '../common/use-api.ts';
import { ConfirmDialog, LoadMoreFooter, SaveFailure, TextField, Toggle, errorsFor, ifMatch, upsert, useAdminTenant, useCursorList, useDelete, useSave, zodFieldErrors } from './admin-kit.tsx';
import { createContactSchema, createPartnerSchema, updateContactSchema, updatePartnerSchema } from '../../../shared/partner/partner.schema.ts';

const statusLabels = { active: 'Active', closed: 'Closed', merged: 'Merged' } as const;

export function PartnersPage() {
  const { base, tenantId } = useAdminTenant();
  const id = useId();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { state, loadMore, refresh } = useCursorList<BusinessPartner>(`${base}/business-partners`, { q });

  // Searching as you type, 300 ms after the last key.
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(search.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [search]);

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
              <LoadMoreFooter state={state} loadMore={loadMore} />
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
  const { problem, saving, save } = useSave();

  function submit(event: FormEvent) {
    event.preventDefault();
    const local = zodFieldErrors(createPartnerSchema, { id: partnerId, name });
    void save(local, () => api.post<BusinessPartner>(`${base}/business-partners`, { id: partnerId.trim(), name: name.trim() }), onCreated);
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-label="New business partner">
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
  const { problem, setProblem, saving, save } = useSave();
  const [dialog, setDialog] = useState<'close' | 'merge' | null>(null);
  const [mergeInto, setMergeInto] = useState('');
  const [action, setAction] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });

  if (partner.state.status === 'loading') return <div className="panel"><Loading>Loading the partner…</Loading></div>;
  if (partner.state.status === 'error') return <div className="panel"><ErrorMessage error={partner.state.error} onRetry={partner.reload} /></div>;
  const p = partner.state.data;
  const shownName = name ?? p.name;

  function submit(event: FormEvent) {
    event.preventDefault();
    const local = zodFieldErrors(updatePartnerSchema, { name: shownName });
    void save(
      local,
      () => api.put<BusinessPartner>(path, { id: p.id, name: shownName.trim() }, { headers: ifMatch(p.version) }),
      (saved) => {
        partner.setData(saved);
        setName(null);
        onChanged(`Partner ${saved.name} saved.`);
      },
    );
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
      <form className="panel" onSubmit={submit} noValidate aria-label={`Partner ${p.name}`}>
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
  const deleting = useDelete(
    (c: Contact) => `${bpPath}/contacts/${encodeURIComponent(c.id)}`,
    (c) => {
      onChanged(`Contact ${c.name} deleted.`);
      reload();
    },
  );
  const items = state.status === 'ready' ? state.data.items : [];

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
                    <button type="button" className="button button-small button-quiet" aria-label={`Delete contact ${c.name}`} onClick={() => deleting.ask(c)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      ) : null}
      <ConfirmDialog {...deleting.dialog} title={`Delete contact ${deleting.target?.name ?? ''}?`} confirmLabel="Delete contact" danger>
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
  const { problem, saving, save } = useSave();

  function submit(event: FormEvent) {
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
    void save(local, () => upsert<Contact>(contact ? `${bpPath}/contacts/${encodeURIComponent(contact.id)}` : `${bpPath}/contacts`, contact, body), onSaved);
  }

  const err = (field: string) => errorsFor(problem, field);
  return (
    <form className="contact-form" onSubmit={submit} noValidate aria-label={contact ? `Edit contact ${contact.name}` : 'New contact'}>
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
