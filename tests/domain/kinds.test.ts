// Representative bad input per kind: each is rejected with its specific key at the right path.
import { describe, expect, it } from 'vitest';
import {
  RECORD_KIND_DECLARATIONS,
  applicableFields,
  applicableSections,
  issuesBySection,
  validateForFinish,
  type RecordKind,
  type ValidationIssue,
} from '../../src/domain/index';
import {
  currentMigrantStatus,
  migrantIsChild,
  type MigrantPayload,
} from '../../src/domain/kinds/migrant';
import {
  householdVisitDraftFromSession,
  participantTotals,
  type AwarenessSessionPayload,
} from '../../src/domain/kinds/awareness_session';
import { visitHasWarningSigns } from '../../src/domain/kinds/household_visit';
import { currentReferralStatus, type ReferralPayload } from '../../src/domain/kinds/referral';
import {
  pressingNeeds,
  type PsychosocialSupportPayload,
} from '../../src/domain/kinds/psychosocial_support';

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests mutate deep example copies freely

function example(kind: RecordKind, index = 0): Payload {
  return structuredClone(RECORD_KIND_DECLARATIONS[kind].examples[index]) as Payload;
}

function issuesAfter(kind: RecordKind, mutate: (p: Payload) => void, index = 0): ValidationIssue[] {
  const payload = example(kind, index);
  mutate(payload);
  return validateForFinish(kind, payload);
}

type Case = [string, (p: Payload) => void, string, string, number?];

const cases: Record<RecordKind, Case[]> = {
  migrant: [
    ['NIK of 15 digits', (p) => (p.nik = '331234567890123'), 'nik', 'errors.nik_digits'],
    ['NIK with letters', (p) => (p.nik = '33123456789012AB'), 'nik', 'errors.nik_digits'],
    [
      'birth in the future',
      (p) => (p.dateOfBirth = '2999-01-01'),
      'dateOfBirth',
      'errors.birth_in_future',
    ],
    [
      'impossible calendar date',
      (p) => (p.dateOfBirth = '2001-02-30'),
      'dateOfBirth',
      'errors.invalid_date',
    ],
    [
      'departure before birth',
      (p) => (p.departureDate = '1999-12-31'),
      'departureDate',
      'errors.departure_before_birth',
    ],
    [
      'departed status before birth',
      (p) => (p.statusHistory[1].date = '2000-01-01'),
      'statusHistory.1.date',
      'errors.departure_before_birth',
    ],
    [
      'status date in the future',
      (p) => (p.statusHistory[0].date = '2999-01-01'),
      'statusHistory.0.date',
      'errors.date_in_future',
    ],
    [
      'tracing note before birth',
      (p) => (p.tracing[0].date = '1990-01-01'),
      'tracing.0.date',
      'errors.date_before_birth',
    ],
    ['empty tracing note', (p) => (p.tracing[0].note = '   '), 'tracing.0.note', 'errors.required'],
    ['no status at all', (p) => (p.statusHistory = []), 'statusHistory', 'errors.required'],
    [
      'passport not answered',
      (p) => delete p.documents.paspor,
      'documents.paspor',
      'errors.required',
    ],
    [
      'unknown document state',
      (p) => (p.documents.ktp.state = 'lost'),
      'documents.ktp.state',
      'errors.invalid_option',
    ],
    [
      'abroad without country',
      (p) => delete p.destinationCountry,
      'destinationCountry',
      'errors.country_required',
    ],
    [
      'neither birth date nor age',
      (p) => delete p.dateOfBirth,
      'dateOfBirth',
      'errors.dob_or_age_required',
    ],
    ['negative age', (p) => (p.age = -3), 'age', 'errors.negative'],
    ['age contradicting birth date', (p) => (p.age = 60), 'age', 'errors.age_mismatch'],
    ['name missing', (p) => delete p.name, 'name', 'errors.required'],
    ['unknown sex', (p) => (p.sex = 'x'), 'sex', 'errors.invalid_option'],
    [
      'bad province code',
      (p) => (p.address.provinceCode = 'Jateng'),
      'address.provinceCode',
      'errors.region_code',
    ],
    ['name too long', (p) => (p.name = 'a'.repeat(201)), 'name', 'errors.too_long'],
    [
      'unknown record type',
      (p) => (p.recordType = 'visitor'),
      'recordType',
      'errors.invalid_option',
    ],
    ['missing record type', (p) => delete p.recordType, 'recordType', 'errors.required'],
    ['bad phone', (p) => (p.phone = 'call me'), 'phone', 'errors.phone'],
    [
      'negative count of residents approached',
      (p) => (p.residentsApproachedCount = -1),
      'residentsApproachedCount',
      'errors.negative',
      1,
    ],
    ['no activity observed', (p) => (p.activities = []), 'activities', 'errors.required', 1],
    [
      'the same activity twice',
      (p) => (p.activities = ['recruiting', 'recruiting']),
      'activities',
      'errors.duplicate',
      1,
    ],
    [
      'observed in the future',
      (p) => (p.observedOn = '2999-01-01'),
      'observedOn',
      'errors.date_in_future',
      1,
    ],
    [
      'bad link id',
      (p) => (p.migrantIds = ['not-a-uuid']),
      'migrantIds.0',
      'errors.invalid_uuid',
      1,
    ],
  ],
  household_visit: [
    ['funds not answered', (p) => delete p.checklist.funds, 'checklist.funds', 'errors.required'],
    [
      'unknown checklist state',
      (p) => (p.checklist.language.state = 'maybe'),
      'checklist.language.state',
      'errors.invalid_option',
    ],
    [
      'next visit before this visit',
      (p) => (p.nextVisitDate = '2025-01-01'),
      'nextVisitDate',
      'errors.before_visit',
    ],
    [
      'visit in the future',
      (p) => (p.visitDate = '2999-01-01'),
      'visitDate',
      'errors.date_in_future',
    ],
    [
      'negative members',
      (p) => (p.membersPlanningToMigrate = -2),
      'membersPlanningToMigrate',
      'errors.negative',
    ],
    [
      'fractional members',
      (p) => (p.membersPlanningToMigrate = 1.5),
      'membersPlanningToMigrate',
      'errors.not_integer',
    ],
    ['no follow-up chosen', (p) => (p.followUpActions = []), 'followUpActions', 'errors.required'],
    [
      'unknown warning sign',
      (p) => (p.warningSigns = ['ghosts']),
      'warningSigns.0',
      'errors.invalid_option',
    ],
    [
      'numbers as household name',
      (p) => (p.householdName = 42),
      'householdName',
      'errors.invalid_type',
    ],
  ],
  screening: [
    [
      'age 16 recorded as adult',
      (p) => (p.subjectAgeGroup = 'adult'),
      'subjectAgeGroup',
      'errors.child_age_group',
    ],
    [
      'danger question unanswered',
      (p) => delete p.immediateDanger,
      'immediateDanger',
      'errors.required',
    ],
    [
      'unknown indicator',
      (p) => (p.processIndicators = ['teleported']),
      'processIndicators.0',
      'errors.invalid_option',
    ],
    [
      'initials too long',
      (p) => (p.subjectInitials = 'Ratna Ayu Lestari'),
      'subjectInitials',
      'errors.too_long',
    ],
    ['consent missing', (p) => delete p.consent, 'consent', 'errors.required'],
    [
      'initials missing with consent',
      (p) => delete p.subjectInitials,
      'subjectInitials',
      'errors.required',
    ],
    [
      'initials kept after a refusal',
      (p) => (p.consent = 'declined'),
      'subjectInitials',
      'errors.declined_without_identity',
    ],
    [
      'screened in the future',
      (p) => (p.screenedOn = '2999-12-31'),
      'screenedOn',
      'errors.date_in_future',
    ],
    ['negative age', (p) => (p.subjectAge = -1), 'subjectAge', 'errors.negative'],
  ],
  psychosocial_support: [
    [
      'declined with initials',
      (p) => (p.subjectInitials = 'X.Y.'),
      'subjectInitials',
      'errors.declined_without_identity',
      1,
    ],
    [
      'a principle not confirmed',
      (p) =>
        (p.principlesConfirmed = p.principlesConfirmed.filter((x: string) => x !== 'no_payment')),
      'principlesConfirmed',
      'errors.principles_required',
    ],
    ['legal need not assessed', (p) => delete p.needs.legal, 'needs.legal', 'errors.required'],
    [
      'unknown urgency',
      (p) => (p.needs.health.state = 'asap'),
      'needs.health.state',
      'errors.invalid_option',
    ],
    [
      'response f not answered',
      (p) => delete p.responses.protection_from_harm,
      'responses.protection_from_harm',
      'errors.required',
    ],
  ],
  referral: [
    [
      'named reporter while confidential',
      (p) => (p.reporterName = 'Budi'),
      'reporterName',
      'errors.confidential_identity',
    ],
    [
      'update before the referral',
      (p) => (p.statusUpdates[0].date = '2025-05-01'),
      'statusUpdates.0.date',
      'errors.before_referral',
    ],
    ['no target', (p) => (p.targets = []), 'targets', 'errors.required'],
    [
      'the same record linked twice',
      (p) => (p.linkedRecordIds = [p.linkedRecordIds[0], p.linkedRecordIds[0]]),
      'linkedRecordIds',
      'errors.duplicate',
    ],
    ['no status update', (p) => (p.statusUpdates = []), 'statusUpdates', 'errors.required'],
    ['unknown channel', (p) => (p.channel = 'pigeon'), 'channel', 'errors.invalid_option'],
    [
      'confidentiality unanswered',
      (p) => delete p.reporterIdentityConfidential,
      'reporterIdentityConfidential',
      'errors.required',
    ],
    ['reason missing', (p) => (p.reason = ''), 'reason', 'errors.required'],
  ],
  awareness_session: [
    [
      'totals do not add up',
      (p) => (p.totalParticipants = 40),
      'totalParticipants',
      'errors.totals_mismatch',
    ],
    [
      'negative count',
      (p) => (p.participantGroups[0].maleChild = -1),
      'participantGroups.0.maleChild',
      'errors.negative',
    ],
    [
      'fractional count',
      (p) => (p.participantGroups[1].femaleChild = 2.5),
      'participantGroups.1.femaleChild',
      'errors.not_integer',
    ],
    [
      'count missing',
      (p) => delete p.participantGroups[0].femaleAdult,
      'participantGroups.0.femaleAdult',
      'errors.required',
    ],
    [
      'zero participants',
      (p) => (p.totalParticipants = 0),
      'totalParticipants',
      'errors.too_small',
    ],
    ['no topic', (p) => (p.topics = []), 'topics', 'errors.required'],
    [
      'session in the future',
      (p) => (p.sessionDate = '2999-01-01'),
      'sessionDate',
      'errors.date_in_future',
    ],
    [
      'household without a name',
      (p) => (p.householdsToVisit[0].householdName = ''),
      'householdsToVisit.0.householdName',
      'errors.required',
    ],
  ],
};

describe.each(Object.keys(cases) as RecordKind[])('%s rejects bad input', (kind) => {
  it.each(cases[kind])('%s', (_name, mutate, path, key, index = 0) => {
    const issues = issuesAfter(kind, mutate, index);
    expect(issues).toContainEqual(expect.objectContaining({ path, key }));
    // The issue lands in the section that holds the field, so the form can jump to it.
    const bySection = issuesBySection(kind, issues);
    const section = Object.entries(bySection).find(([, list]) =>
      list.some((issue) => issue.path === path && issue.key === key),
    )?.[0];
    expect(RECORD_KIND_DECLARATIONS[kind].sections).toContain(section);
  });
});

describe('kind helpers', () => {
  it('puts group item issues in the group field section', () => {
    const issues = issuesAfter('migrant', (p) => (p.tracing[0].date = '1990-01-01'));
    expect(issuesBySection('migrant', issues)).toEqual({
      status: [{ path: 'tracing.0.date', key: 'errors.date_before_birth' }],
    });
  });

  it('shows only the fields that apply to the record type', () => {
    const outsider = applicableFields('migrant', { recordType: 'outsider_observation' }).map(
      (f) => f.name,
    );
    expect(outsider).toContain('observedOn');
    expect(outsider).not.toContain('nik');
    expect(applicableSections('migrant', { recordType: 'resident' })).not.toContain('observation');
    expect(
      applicableSections('migrant', { recordType: 'resident', destinationType: 'abroad' }),
    ).toContain('documents');
    const named = applicableFields('referral', { reporterIdentityConfidential: false }).map(
      (f) => f.name,
    );
    expect(named).toContain('reporterName');
    const hidden = applicableFields('referral', { reporterIdentityConfidential: true }).map(
      (f) => f.name,
    );
    expect(hidden).not.toContain('reporterName');
  });

  it('reads the current status from the latest dated entry', () => {
    expect(currentMigrantStatus(example('migrant') as MigrantPayload)).toBe('whereabouts_unknown');
    expect(currentMigrantStatus(example('migrant', 1) as MigrantPayload)).toBeUndefined();
    expect(currentReferralStatus(example('referral') as ReferralPayload)).toBe('received');
  });

  it('says by how much participant totals differ', () => {
    const issues = issuesAfter('awareness_session', (p) => (p.totalParticipants = 40));
    expect(issues).toEqual([
      { path: 'totalParticipants', key: 'errors.totals_mismatch', params: { total: 40, sum: 37 } },
    ]);
  });

  it('flags a resident under 18 as a child', () => {
    const resident = example('migrant') as MigrantPayload; // born 2001-04-17
    expect(migrantIsChild(resident, '2019-04-16')).toBe(true);
    expect(migrantIsChild(resident, '2019-04-17')).toBe(false);
    const byAge = { ...resident, dateOfBirth: undefined, age: 15 } as MigrantPayload;
    expect(migrantIsChild(byAge, '2025-01-01')).toBe(true);
    expect(migrantIsChild(example('migrant', 1) as MigrantPayload, '2025-01-01')).toBe(false);
  });

  it('sums participants by sex and age group', () => {
    const totals = participantTotals(example('awareness_session') as AwarenessSessionPayload);
    expect(totals).toEqual({
      femaleAdult: 17,
      maleAdult: 9,
      femaleChild: 6,
      maleChild: 5,
      female: 23,
      male: 14,
      children: 11,
      adults: 26,
      total: 37,
    });
  });

  it('prefills a household visit draft from a session', () => {
    const session = example('awareness_session') as AwarenessSessionPayload;
    expect(householdVisitDraftFromSession(session, 0)).toEqual({
      householdName: 'Keluarga Ibu Sumi',
      address: {
        provinceCode: '33',
        regencyCode: '33.01',
        villageName: 'Desa Contoh',
        detail: 'RT 04',
      },
      notes: 'Anak akan berangkat ke Malaysia lewat sponsor',
    });
    expect(householdVisitDraftFromSession(session, 5)).toBeUndefined();
  });

  it('flags visits with warning signs and lists pressing needs', () => {
    expect(visitHasWarningSigns(example('household_visit'))).toBe(true);
    expect(visitHasWarningSigns({ warningSigns: [] })).toBe(false);
    expect(pressingNeeds(example('psychosocial_support') as PsychosocialSupportPayload)).toEqual([
      'health',
      'psychological',
      'social_family',
      'legal',
    ]);
  });
});
