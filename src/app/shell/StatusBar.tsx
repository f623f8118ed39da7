// One line under the header: online or offline (in words, not colour alone), how many records
// wait to be sent, and how many wait for the coordinator's key (contract v2: nothing leaves the
// phone unsealed).
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
      {/* Nothing about the queue until it has been counted: never "all sent" by default. */}
      {status && !status.counting && (
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
      {status?.waitingForKey ? (
        <span class="badge badge-waiting-key">
          {t('sync:waitingKey', { count: status.waitingForKey })}
        </span>
      ) : null}
    </div>
  );
}
