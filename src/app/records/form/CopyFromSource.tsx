// "Salin dari catatan asal": consent and free-text notes of the record this one was made from
// are offered one by one and copied only when the person taps (issue 8 item 5): a consent given
// for one service is not a consent for another, and notes may say more than the new record needs.
import { useT } from '../../i18n';
import type { CopyOffer } from './defaults';
import { getPath, type Payload } from './model';

export function CopyFromSource({
  offers,
  payload,
  onChange,
}: {
  offers: readonly CopyOffer[];
  payload: Payload;
  onChange: (path: string, value: unknown) => void;
}) {
  const t = useT();
  const open = offers.filter((offer) => getPath(payload, offer.path) === undefined);
  if (open.length === 0) return null;
  return (
    <section class="notice copy-offers" aria-labelledby="copy-offers-title">
      <h3 id="copy-offers-title">{t('forms:copy.title')}</h3>
      <p>{t('forms:copy.intro')}</p>
      {open.map((offer) => (
        <button
          key={offer.path}
          type="button"
          class="button button-block"
          onClick={() => onChange(offer.path, structuredClone(offer.value))}
        >
          {t('forms:copy.action', { label: t(`records:${offer.labelKey}`) })}
        </button>
      ))}
    </section>
  );
}
