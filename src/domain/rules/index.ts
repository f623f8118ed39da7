// Domain rules that look across answers for contradictions the schema alone cannot call wrong
// (issue 8 item 6). A *warning* is shown on the step that holds the answers and again before the
// record is finished; the volunteer may still save (the facts may be true — a migrant can have a
// debt and a false passport: that is exactly what must be recorded). Where the regulation is
// clear the kind's schema *refuses* instead (see README.md: a visit with warning signs cannot end
// in "no follow-up needed"). Pure: reads a draft defensively, never throws.
import { read } from '../define';
import { assessRisk, type TriageInput } from '../triage';
import { isChild, localToday } from '../common';

export interface RuleWarning {
  /** Stable id (tests, logs without data). */
  id: string;
  /** i18n key (records namespace) of what is wrong and what to do. */
  key: string;
  params?: Record<string, string | number>;
  /** The field (top-level name) the warning belongs to: shown on that field's step. */
  field: string;
}

type Draft = Record<string, unknown>;
type Rule = (payload: Draft, today: string) => RuleWarning | undefined;

const yes = (payload: Draft, key: string) => payload[key] === 'yes';

/** Household visit: warning signs without a screening or a report among the follow-ups. */
const visitSignsWithoutScreeningOrReport: Rule = (p) => {
  const signs = read.strings(p, 'warningSigns');
  const actions = read.strings(p, 'followUpActions');
  if (signs.length === 0 || actions.length === 0) return undefined;
  if (actions.includes('start_screening') || actions.includes('report_or_refer')) return undefined;
  if (actions.includes('no_follow_up_needed')) return undefined; // refused by the schema
  return {
    id: 'visit_signs_without_screening',
    key: 'rules.visit_signs_without_screening',
    params: { count: signs.length },
    field: 'followUpActions',
  };
};

/** Household visit: "no follow-up needed" chosen together with follow-up actions. */
const visitNoFollowUpWithActions: Rule = (p) => {
  const actions = read.strings(p, 'followUpActions');
  if (!actions.includes('no_follow_up_needed') || actions.length < 2) return undefined;
  return {
    id: 'visit_none_and_actions',
    key: 'rules.visit_none_and_actions',
    field: 'followUpActions',
  };
};

/** The trafficking warning signs a migrant record holds (Lampiran BAB II B.2.c, domain brief). */
export function migrantWarningSigns(p: Draft): string[] {
  if (p.recordType !== 'resident') return [];
  const documents = read.record(p.documents) ?? {};
  const suspected = Object.values(documents).some(
    (item) => read.record(item)?.state === 'suspected_false',
  );
  return [
    ...(p.procedure === 'non_official' ? ['non_official'] : []),
    ...(yes(p, 'placementFeeCharged') ? ['placement_fee'] : []),
    ...(yes(p, 'debtToSponsor') ? ['debt'] : []),
    ...(suspected ? ['suspected_false_document'] : []),
    ...(yes(p, 'stayedInShelter') ? ['shelter'] : []),
  ];
}

/** Migrant: two or more warning signs together — screen or report, do not only record. */
const migrantSigns: Rule = (p) => {
  const signs = migrantWarningSigns(p);
  if (signs.length < 2) return undefined;
  return {
    id: 'migrant_trafficking_signs',
    key: 'rules.migrant_trafficking_signs',
    params: { count: signs.length },
    field: signs.includes('suspected_false_document') ? 'documents' : 'procedure',
  };
};

/** Migrant: a placement fee charged to the worker is not allowed (UU 18/2017). */
const migrantPlacementFee: Rule = (p) => {
  if (p.recordType !== 'resident' || !yes(p, 'placementFeeCharged')) return undefined;
  if (migrantWarningSigns(p).length >= 2) return undefined; // said by the broader warning
  return {
    id: 'migrant_placement_fee',
    key: 'rules.migrant_placement_fee',
    field: 'placementFeeCharged',
  };
};

/** Migrant: a child leaving to work abroad (a migrant worker must be at least 18, UU 18/2017). */
const migrantChildAbroadForWork: Rule = (p, today) => {
  if (p.recordType !== 'resident' || p.destinationType !== 'abroad' || p.purpose !== 'work')
    return undefined;
  const age = read.number(p, 'age');
  const birth = read.date(p, 'dateOfBirth');
  if (!isChild(birth ?? age, today)) return undefined;
  return {
    id: 'migrant_child_abroad',
    key: 'rules.migrant_child_abroad',
    field: birth ? 'dateOfBirth' : 'age',
  };
};

/** Screening: medium or high risk, not yet reported to anyone and no referral linked. */
const screeningNotReported: Rule = (p) => {
  if (!assessRisk(p as TriageInput).mustReport) return undefined;
  if (read.strings(p, 'reportedTo').length > 0 || read.strings(p, 'referralIds').length > 0)
    return undefined;
  return { id: 'screening_not_reported', key: 'rules.screening_not_reported', field: 'reportedTo' };
};

const RULES: Record<string, readonly Rule[]> = {
  household_visit: [visitSignsWithoutScreeningOrReport, visitNoFollowUpWithActions],
  migrant: [migrantSigns, migrantPlacementFee, migrantChildAbroadForWork],
  screening: [screeningNotReported],
};

/** Every warning the rules of `kind` raise for this (draft) payload, in rule order. */
export function ruleWarnings(
  kind: string,
  payload: unknown,
  today: string = localToday(),
): RuleWarning[] {
  const draft = read.record(payload);
  if (!draft) return [];
  return (RULES[kind] ?? []).flatMap((rule) => {
    try {
      const found = rule(draft, today);
      return found ? [found] : [];
    } catch {
      return []; // a half-typed draft never breaks the form
    }
  });
}
