// One line under the header: online or offline (in words, not colour alone) and how many records
// wait to be sent.
import { useOnline } from '../hooks';
import { formatNumber, useT } from '../i18n';
import { useSync } from '../syncContext';

export function StatusBar() {
  const t = useT();
  const online = useOnline();
  const { status } = useSync();
  return (
    <div class="status-bar" role="status" aria-live="polite">
      <span class={`badge ${online ? 'badge-online' : 'badge-offline'}`}>
        {online ? t('app:status.online') : t('app:status.offline')}
      </span>
      {status && (
        <span>
          {/* Honest (issue 8 item 9): "all sent" only when there is a server to have sent to. */}
          {status.phase === 'not_enrolled' || status.phase === 'needs_enrollment'
            ? t('app:status.notConnected', {
                count: status.pending,
                n: formatNumber(status.pending),
              })
            : status.pending > 0
              ? t('app:status.pending', { count: status.pending, n: formatNumber(status.pending) })
              : t('app:status.allSent')}
        </span>
      )}
    </div>
  );
}
