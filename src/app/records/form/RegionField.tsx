// Address input by Kemendagri region codes: search the villages of the volunteer's province
// (its chunk is cached for offline use at onboarding) and pick one, then add the hamlet/RT/RW.
// When the province's chunk is not on the phone and there is no signal, say so and let the
// village name be typed: the record stays valid (codes are optional; the name is required).
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../../i18n';
import { fieldDomId } from './model';
import { useRegionSearch, type RegionChoice } from './regionSearch';

interface RegionValue {
  provinceCode?: string;
  regencyCode?: string;
  districtCode?: string;
  villageCode?: string;
  villageName?: string;
  districtName?: string;
  regencyName?: string;
  detail?: string;
}

const RESULT_LIMIT = 20;

/** The region value after picking a village from the search (keeps the typed detail). */
export function regionFromChoice(choice: RegionChoice, current: RegionValue): RegionValue {
  const next: RegionValue = {
    provinceCode: choice.provinceCode,
    regencyCode: choice.regencyCode,
    districtCode: choice.districtCode,
    villageCode: choice.villageCode,
    villageName: choice.villageName,
    districtName: choice.districtName,
    regencyName: choice.regencyName,
  };
  if (current.detail) next.detail = current.detail;
  return Object.fromEntries(
    Object.entries(next).filter(([, value]) => value !== undefined && value !== ''),
  ) as RegionValue;
}

export function RegionField({
  path,
  value,
  invalid,
  provinceCode,
  onChange,
}: {
  path: string;
  value: unknown;
  invalid: boolean;
  provinceCode?: string;
  onChange: (value: RegionValue | undefined) => void;
}) {
  const t = useT();
  const region: RegionValue =
    value !== null && typeof value === 'object' ? (value as RegionValue) : {};
  const [query, setQuery] = useState('');
  const search = useRegionSearch(region.provinceCode ?? provinceCode, query, RESULT_LIMIT);
  const [changing, setChanging] = useState(!region.villageCode);
  useEffect(() => {
    if (!region.villageCode) setChanging(true);
  }, [region.villageCode]);

  const update = (patch: RegionValue) => {
    const next: RegionValue = { ...region, ...patch };
    // The province comes from the volunteer's profile when nothing was picked.
    if (!next.provinceCode && provinceCode) next.provinceCode = provinceCode;
    const cleaned = Object.fromEntries(
      Object.entries(next).filter(([, v]) => v !== undefined && v !== ''),
    ) as RegionValue;
    const meaningful = Object.keys(cleaned).some((key) => key !== 'provinceCode');
    onChange(meaningful ? cleaned : undefined);
  };

  const searchId = fieldDomId(`${path}.search`);
  const villageId = fieldDomId(`${path}.villageName`);
  const detailId = fieldDomId(`${path}.detail`);
  const invalidAttr = invalid ? ('true' as const) : undefined;
  const chosenText = [region.villageName, region.districtName, region.regencyName]
    .filter(Boolean)
    .join(', ');

  return (
    <div class="region-field">
      {region.villageCode && !changing ? (
        <div class="region-chosen">
          <p>
            <strong>{t('forms:region.chosen')}:</strong> {chosenText}
          </p>
          <button type="button" class="button" onClick={() => setChanging(true)}>
            {t('forms:region.change')}
          </button>
        </div>
      ) : (
        <>
          {search.status === 'no_province' ? (
            <p class="notice notice-warning">{t('forms:region.noProvince')}</p>
          ) : search.status === 'not_cached' ? (
            <p class="notice notice-warning" role="status">
              {t('forms:region.notCached')}
            </p>
          ) : (
            <div class="field">
              <label for={searchId}>{t('forms:region.search')}</label>
              <input
                id={searchId}
                type="search"
                autoComplete="off"
                aria-describedby={`${searchId}-help`}
                aria-invalid={invalidAttr}
                value={query}
                onInput={(e) => setQuery(e.currentTarget.value)}
              />
              <p id={`${searchId}-help`} class="field-help">
                {t('forms:region.searchHelp')}
              </p>
              {search.status === 'loading' ? (
                <p role="status" class="muted">
                  {t('forms:region.loading')}
                </p>
              ) : null}
              {search.status === 'ready' && query.trim().length >= 2 ? (
                search.results.length === 0 ? (
                  <p role="status" class="muted">
                    {t('forms:region.noResults')}
                  </p>
                ) : (
                  <ul class="list region-results" aria-label={t('forms:region.results')}>
                    {search.results.map((choice) => {
                      const label = [choice.villageName, choice.districtName, choice.regencyName]
                        .filter(Boolean)
                        .join(', ');
                      return (
                        <li key={choice.villageCode}>
                          <button
                            type="button"
                            class="button button-block"
                            aria-label={t('forms:region.pick', { name: label })}
                            onClick={() => {
                              onChange(regionFromChoice(choice, region));
                              setQuery('');
                              setChanging(false);
                            }}
                          >
                            {label}
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                )
              ) : null}
            </div>
          )}
          <div class="field">
            <label for={villageId}>{t('forms:region.villageName')}</label>
            <input
              id={villageId}
              type="text"
              autoComplete="off"
              aria-invalid={invalidAttr}
              value={region.villageName ?? ''}
              onInput={(e) =>
                // A typed name no longer matches a picked code: drop the codes below province.
                update({
                  villageName: e.currentTarget.value,
                  villageCode: undefined,
                  districtCode: undefined,
                  regencyCode: undefined,
                  districtName: undefined,
                  regencyName: undefined,
                })
              }
            />
          </div>
        </>
      )}
      <div class="field">
        <label for={detailId}>{t('forms:region.detail')}</label>
        <input
          id={detailId}
          type="text"
          autoComplete="off"
          value={region.detail ?? ''}
          onInput={(e) => update({ detail: e.currentTarget.value })}
        />
      </div>
    </div>
  );
}
