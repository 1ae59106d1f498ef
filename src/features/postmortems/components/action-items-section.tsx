import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ActionItemDto, ActionItemWriteResult, PostmortemDto } from '../../../contracts/postmortems';
import type { ActionItemStatus } from '../../../domain/postmortem/model';
import { errorMessage } from '../../../lib/api-client';
import { Button } from '../../../shared/components/button';
import { ConfirmDialog } from '../../../shared/components/confirm-dialog';
import { invalidateAfterItemChange, useCreateActionItem, useDeleteActionItem, useOwnerDirectory, usePatchActionItem } from '../api/action-items';
import { ActionItemForm } from './action-item-form';
import type { ActionItemValues } from './action-item-form';
import { DueDate, OwnerText, PAST_DUE_NOTICE, STATUS_LABELS as STATUS_TEXT, StatusSelect, isStale, staleNotice } from './action-item-parts';

type Notice = { tone: 'info' | 'warning'; text: string } | null;

function noticeOf(result: ActionItemWriteResult, done: string): Notice {
  return result.warnings.some((w) => w.field === 'dueOn') ? { tone: 'warning', text: PAST_DUE_NOTICE } : { tone: 'info', text: done };
}

/**
 * The post-mortem's action items in the template's place: each with its owner (and their zone,
 * since the due date is a day there), due date, status and link; for editors an add form, an
 * inline status change, edit and delete (after a confirmation). A change based on an old copy is
 * refused by the server (409): the list is fetched again and the person is told so.
 */
export function ActionItemsSection({ postmortem, canEdit }: { postmortem: PostmortemDto; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const people = useOwnerDirectory();
  const create = useCreateActionItem();
  const patch = usePatchActionItem();
  const remove = useDeleteActionItem();
  const [notice, setNotice] = useState<Notice>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ActionItemDto | null>(null);
  const [adding, setAdding] = useState(false);
  const [formKey, setFormKey] = useState(0);

  const stale = (item: ActionItemDto) => {
    setNotice({ tone: 'warning', text: staleNotice(item.title) });
    void invalidateAfterItemChange(queryClient, postmortem.id);
  };

  const add = (values: ActionItemValues) => {
    setNotice(null);
    create.mutate(
      { postmortemId: postmortem.id, body: values },
      {
        onSuccess: (result) => {
          setNotice(noticeOf(result, `Added “${result.item.title}”.`));
          setFormKey((k) => k + 1);
          setAdding(false);
        },
      },
    );
  };

  const changeStatus = (item: ActionItemDto, status: ActionItemStatus) => {
    setNotice(null);
    patch.mutate(
      { id: item.id, body: { status, version: item.version } },
      {
        onSuccess: (result) => setNotice(noticeOf(result, `“${result.item.title}” is now ${STATUS_TEXT[status].toLowerCase()}.`)),
        onError: (error) => (isStale(error) ? stale(item) : setNotice({ tone: 'warning', text: errorMessage(error) })),
      },
    );
  };

  const save = (item: ActionItemDto, values: ActionItemValues) => {
    setNotice(null);
    patch.mutate(
      { id: item.id, body: { ...values, version: item.version } },
      {
        onSuccess: (result) => {
          setNotice(noticeOf(result, `Saved “${result.item.title}”.`));
          setEditing(null);
        },
        onError: (error) => {
          if (isStale(error)) {
            setEditing(null);
            stale(item);
          }
        },
      },
    );
  };

  const items = postmortem.actionItems;
  const directory = people.data?.items ?? [];
  return (
    <section aria-labelledby="action-items-heading" className="space-y-3">
      <h2 id="action-items-heading" className="text-lg font-semibold text-slate-900">
        Action items
      </h2>
      {notice ? (
        <p role="status" className={`rounded-md border px-3 py-2 text-sm ${notice.tone === 'warning' ? 'border-amber-300 bg-amber-50 text-amber-950' : 'border-green-200 bg-green-50 text-green-900'}`}>
          {notice.text}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">No action items yet.{canEdit ? ' Add what should change so this does not happen again.' : ''}</p>
      ) : (
        <ul aria-label="Action items" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {items.map((item) => (
            <li key={item.id} aria-label={item.title} className="p-3">
              {editing === item.id ? (
                <ActionItemForm
                  people={directory}
                  initial={item}
                  submitLabel="Save"
                  pending={patch.isPending}
                  error={patch.variables?.id === item.id && !isStale(patch.error) ? patch.error : null}
                  onSubmit={(values) => save(item, values)}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0 space-y-0.5 text-sm">
                    <p className="font-medium break-words text-slate-900">{item.title}</p>
                    <p className="text-slate-700">
                      Owner: <OwnerText owner={item.owner} />
                    </p>
                    <p>
                      <DueDate item={item} />
                    </p>
                    {item.link ? (
                      <p>
                        <a href={item.link} target="_blank" rel="noreferrer noopener" className="break-all text-blue-700 underline underline-offset-2">
                          {item.link}
                        </a>
                      </p>
                    ) : null}
                  </div>
                  <div className="flex flex-wrap items-center gap-2">
                    {canEdit ? (
                      <>
                        <StatusSelect item={item} disabled={patch.isPending} onChange={(status) => changeStatus(item, status)} />
                        <Button size="sm" aria-label={`Edit ${item.title}`} onClick={() => setEditing(item.id)}>
                          Edit
                        </Button>
                        <Button size="sm" variant="dangerGhost" aria-label={`Delete ${item.title}`} onClick={() => setDeleting(item)}>
                          Delete
                        </Button>
                      </>
                    ) : (
                      <span className="text-xs font-medium text-slate-700">Status: {STATUS_TEXT[item.status]}</span>
                    )}
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        adding ? (
          <div className="rounded-lg border border-slate-200 bg-slate-50 p-3">
            <ActionItemForm key={formKey} people={directory} submitLabel="Add action item" pending={create.isPending} error={create.error} onSubmit={add} onCancel={() => setAdding(false)} />
          </div>
        ) : (
          <Button onClick={() => setAdding(true)}>Add an action item</Button>
        )
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete this action item?"
          description={`“${deleting.title}” will be removed from the post-mortem. This cannot be undone.`}
          confirmLabel="Delete"
          pending={remove.isPending}
          error={remove.error ? errorMessage(remove.error) : undefined}
          onCancel={() => {
            remove.reset();
            setDeleting(null);
          }}
          onConfirm={() =>
            remove.mutate(
              { id: deleting.id, postmortemId: postmortem.id },
              {
                onSuccess: () => {
                  setNotice({ tone: 'info', text: `Deleted “${deleting.title}”.` });
                  setDeleting(null);
                },
              },
            )
          }
        />
      ) : null}
    </section>
  );
}
