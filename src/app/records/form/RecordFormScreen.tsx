// Loads what the form starts from: a draft (restored as it was left), else the finished record
// (editing makes a new rev), else a new record, prefilled from a linked one when `fromId` is
// given. Kinds that require training are gated first (Pasal 5 ayat 3).
import { useEffect, useState } from 'preact/hooks';
import type { RecordKind } from '../../../domain/envelope';
import type { VolunteerProfile } from '../../../domain/profile';
import { mayHandleVictims } from '../../../domain/profile';
import { getDeclaration, localToday } from '../../../domain/index';
import { getDraft, getProfile, getRecord, newRecordId } from '../../../data/index';
import { RecordLoadFailed, RecordLoading, RecordNotFound } from '../LoadStates';
import { RecordForm } from './RecordForm';
import { TrainingGate } from './TrainingGate';
import type { Payload } from './model';
import { prefillFrom } from '../prefill';
import { copyOffers, derivedFromSource, newRecordDefaults, type CopyOffer } from './defaults';

/** Where a draft is reopened: the new-record route with the draft's id as its source. */
export function draftPath(kind: RecordKind, draftId: string): string {
  return `/records/${kind}/new?from=${encodeURIComponent(draftId)}`;
}

/** draftPath as a link target. */
export function draftHref(kind: RecordKind, draftId: string): string {
  return `#${draftPath(kind, draftId)}`;
}

interface Loaded {
  kind: RecordKind;
  id: string;
  payload: Payload;
  section?: string;
  restoredDraft?: boolean;
  editing: boolean;
  isNew: boolean;
  profile?: VolunteerProfile;
  offers?: CopyOffer[];
}

type State =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'failed' }
  | { status: 'ready'; loaded: Loaded };

async function load(kind: RecordKind | undefined, id?: string, fromId?: string): Promise<State> {
  const profile = await getProfile<VolunteerProfile>();
  // `from` naming a draft resumes that draft: a new record's draft is reopened through the new
  // route (#/records/<kind>/new?from=<draft id>), which needs no finished record to exist.
  // (Only a draft of the route's own kind: "start referral" from a screening with unsaved edits
  // must prefill a referral, not reopen the screening.)
  const fromDraft = fromId ? await getDraft(fromId) : undefined;
  const resumeId = id ?? (fromDraft && fromDraft.kind === kind ? fromId : undefined);
  if (resumeId) {
    const id = resumeId;
    const [draft, record] = await Promise.all([getDraft(id), getRecord(id)]);
    const found = draft ?? (record && !record.deleted ? record : undefined);
    if (!found) return { status: 'missing' };
    return {
      status: 'ready',
      loaded: {
        kind: found.kind,
        id,
        payload: found.payload,
        section: draft?.section,
        restoredDraft: draft !== undefined,
        editing: Boolean(record && !record.deleted),
        isNew: false,
        profile,
      },
    };
  }
  if (!kind) return { status: 'missing' };
  const target = getDeclaration(kind);
  let payload: Payload = target ? newRecordDefaults(target, profile, localToday()) : {};
  let offers: CopyOffer[] = [];
  if (fromId) {
    const source = await getRecord(fromId);
    const sourceDeclaration = source ? getDeclaration(source.kind) : undefined;
    if (source && !source.deleted && target && sourceDeclaration) {
      // The source record's answers win over the defaults; kind-specific ones over both.
      payload = {
        ...payload,
        ...prefillFrom(target, {
          id: source.id,
          kind: source.kind,
          fields: sourceDeclaration.fields,
          payload: source.payload,
        }),
        ...derivedFromSource(kind, source.kind, source.payload),
      };
      offers = copyOffers(target, sourceDeclaration.fields, source.payload);
    }
  }
  return {
    status: 'ready',
    loaded: { kind, id: newRecordId(), payload, editing: false, isNew: true, profile, offers },
  };
}

/** New record (no id), edit or resume a draft (id), or a new record prefilled from `fromId`. */
export function RecordFormScreen({
  kind,
  id,
  fromId,
}: {
  kind?: RecordKind;
  id?: string;
  fromId?: string;
}) {
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    load(kind, id, fromId).then(
      (next) => {
        if (live) setState(next);
      },
      () => {
        if (live) setState({ status: 'failed' });
      },
    );
    return () => {
      live = false;
    };
  }, [kind, id, fromId]);

  if (state.status === 'loading') return <RecordLoading />;
  if (state.status === 'missing') return <RecordNotFound />;
  if (state.status === 'failed') return <RecordLoadFailed />;
  const { loaded } = state;
  const declaration = getDeclaration(loaded.kind);
  if (!declaration) return null;
  if (declaration.requiresTraining && !mayHandleVictims(loaded.profile)) {
    return <TrainingGate kind={loaded.kind} />;
  }
  return (
    <RecordForm
      key={loaded.id}
      declaration={declaration}
      id={loaded.id}
      initialPayload={loaded.payload}
      initialSection={loaded.section}
      restoredDraft={loaded.restoredDraft}
      editing={loaded.editing}
      provinceCode={loaded.profile?.provinceCode}
      copyOffers={loaded.offers}
      onFirstDraft={
        loaded.isNew
          ? () => {
              // A reload or the back button returns to this draft, not to an empty form.
              if (location.hash.startsWith(`#/records/${loaded.kind}/new`)) {
                history.replaceState(null, '', draftHref(loaded.kind, loaded.id));
              }
            }
          : undefined
      }
    />
  );
}
