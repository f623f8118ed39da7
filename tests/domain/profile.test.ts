import { describe, expect, it } from 'vitest';
import {
  mayHandleVictims,
  volunteerProfileSchema,
  type VolunteerProfile,
} from '../../src/domain/profile';
import { toValidationIssues } from '../../src/domain/validation';

const trained: VolunteerProfile = {
  name: 'Ibu Wati',
  role: 'kader_posyandu',
  organisation: 'Posyandu Melati',
  provinceCode: '33',
  villageName: 'Desa Contoh',
  villageCode: '33.01.01.2001',
  trainedInVictimHandling: true,
  trainedOn: '2024-05-20',
};

function issuesOf(input: unknown) {
  const result = volunteerProfileSchema.safeParse(input, { reportInput: true });
  return result.success ? [] : toValidationIssues(result.error);
}

describe('volunteer profile', () => {
  it('accepts a trained and an untrained profile', () => {
    expect(issuesOf(trained)).toEqual([]);
    const { trainedOn: _omit, ...rest } = trained;
    expect(issuesOf({ ...rest, trainedInVictimHandling: false })).toEqual([]);
  });

  it('requires the training date when trained', () => {
    const { trainedOn: _omit, ...rest } = trained;
    expect(issuesOf(rest)).toEqual([{ path: 'trainedOn', key: 'errors.trained_on_required' }]);
  });

  it('rejects a training date in the future', () => {
    expect(issuesOf({ ...trained, trainedOn: '2999-01-01' })).toEqual([
      { path: 'trainedOn', key: 'errors.date_in_future' },
    ]);
  });

  it('rejects an unknown role and a malformed province code', () => {
    expect(issuesOf({ ...trained, role: 'boss', provinceCode: '3' })).toEqual([
      { path: 'role', key: 'errors.invalid_option' },
      { path: 'provinceCode', key: 'errors.region_code' },
    ]);
  });

  it('gates victim handling on training', () => {
    expect(mayHandleVictims(trained)).toBe(true);
    expect(mayHandleVictims({ ...trained, trainedInVictimHandling: false })).toBe(false);
    expect(mayHandleVictims(undefined)).toBe(false);
  });
});
