// Volunteers' phones: enrollment codes shown as the QR code of the sync contract (with uses and
// expiry), every device with its label, last contact and record count, revoking a lost phone and
// moving a volunteer's records to a new phone.
import { useEffect, useState } from 'preact/hooks';
import { api, errorKey } from '../api';
import { formatDate, formatNumber, useT } from '../i18n';
import { Qr } from './Qr';

interface Device {
  id: string;
  label: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt?: string;
  records: number;
}
interface NewCode {
  code: string;
  expiresAt: string;
  uses: number;
  enrollUrl: string;
}

export function DevicesScreen() {
  const t = useT();
  const [devices, setDevices] = useState<Device[] | undefined>();
  const [code, setCode] = useState<NewCode | undefined>();
  const [uses, setUses] = useState('5');
  const [hours, setHours] = useState('48');
  const [moving, setMoving] = useState<Device | undefined>();
  const [target, setTarget] = useState('');
  const [message, setMessage] = useState<{ key: string; error?: boolean } | undefined>();

  const reload = () =>
    api<Device[]>('GET', '/devices').then(setDevices, (caught) =>
      setMessage({ key: errorKey(caught), error: true }),
    );
  useEffect(() => {
    void reload();
  }, []);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setMessage(undefined);
    try {
      await work();
      setMessage({ key: done });
      await reload();
    } catch (caught) {
      setMessage({ key: errorKey(caught), error: true });
    }
  };

  const newCode = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      setCode(
        await api<NewCode>('POST', '/enrollment-codes', {
          uses: Number(uses),
          ttlHours: Number(hours),
        }),
      );
    }, 'console:devices.codeMade');
  };

  const revoke = (device: Device) => {
    if (!confirm(t('console:devices.revokeConfirm', { label: device.label }))) return;
    void act(
      () => api('POST', `/devices/${encodeURIComponent(device.id)}/revoke`, {}),
      'console:devices.revoked',
    );
  };

  const move = (event: Event) => {
    event.preventDefault();
    if (!moving || !target) return;
    void act(async () => {
      await api('POST', `/devices/${encodeURIComponent(moving.id)}/move`, { toDeviceId: target });
      setMoving(undefined);
      setTarget('');
    }, 'console:devices.moved');
  };

  return (
    <section>
      <h1>{t('console:devices.title')}</h1>
      {message && (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'ok'}>
          {t(message.key)}
        </p>
      )}
      <div class="columns">
        <form class="panel" onSubmit={newCode}>
          <h2>{t('console:devices.enrollTitle')}</h2>
          <p>{t('console:devices.enrollIntro')}</p>
          <label for="code-uses">{t('console:devices.uses')}</label>
          <input
            id="code-uses"
            type="number"
            min={1}
            max={500}
            value={uses}
            onInput={(e) => setUses((e.target as HTMLInputElement).value)}
            required
          />
          <label for="code-hours">{t('console:devices.hours')}</label>
          <input
            id="code-hours"
            type="number"
            min={1}
            max={720}
            value={hours}
            onInput={(e) => setHours((e.target as HTMLInputElement).value)}
            required
          />
          <button type="submit">{t('console:devices.makeCode')}</button>
        </form>
        {code && (
          <div class="panel" data-testid="enroll-code">
            <h2>{t('console:devices.codeTitle')}</h2>
            <Qr text={code.enrollUrl} label={t('console:devices.qrLabel')} />
            <p class="fingerprint">{code.code}</p>
            <p>
              {t('console:devices.codeFacts', {
                uses: code.uses,
                until: formatDate(code.expiresAt, true),
              })}
            </p>
            <p class="muted">{t('console:devices.codeSecret')}</p>
          </div>
        )}
      </div>
      <h2>{t('console:devices.listTitle')}</h2>
      {!devices && <p aria-busy="true">{t('console:common.loading')}</p>}
      {devices && devices.length === 0 && <p>{t('console:devices.none')}</p>}
      {devices && devices.length > 0 && (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">{t('console:devices.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console:devices.label')}</th>
                <th scope="col">{t('console:devices.enrolled')}</th>
                <th scope="col">{t('console:devices.lastSeen')}</th>
                <th scope="col">{t('console:devices.records')}</th>
                <th scope="col">{t('console:devices.state')}</th>
                <th scope="col">{t('console:devices.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((device) => (
                <tr key={device.id}>
                  <td>{device.label}</td>
                  <td>{formatDate(device.createdAt)}</td>
                  <td>
                    {device.lastSeenAt
                      ? formatDate(device.lastSeenAt, true)
                      : t('console:common.none')}
                  </td>
                  <td>{formatNumber(device.records)}</td>
                  <td>
                    {device.revokedAt
                      ? t('console:devices.revokedOn', { date: formatDate(device.revokedAt) })
                      : t('console:devices.active')}
                  </td>
                  <td class="toolbar">
                    {!device.revokedAt && (
                      <button type="button" class="danger" onClick={() => revoke(device)}>
                        {t('console:devices.revoke')}
                        <span class="visually-hidden"> {device.label}</span>
                      </button>
                    )}
                    {device.records > 0 && (
                      <button type="button" class="secondary" onClick={() => setMoving(device)}>
                        {t('console:devices.move')}
                        <span class="visually-hidden"> {device.label}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {moving && devices && (
        <form class="panel" onSubmit={move}>
          <h2>{t('console:devices.moveTitle', { label: moving.label })}</h2>
          <p>{t('console:devices.moveIntro')}</p>
          <label for="move-target">{t('console:devices.moveTo')}</label>
          <select
            id="move-target"
            value={target}
            onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}
            required
          >
            <option value="">{t('console:key.choose')}</option>
            {devices
              .filter((d) => d.id !== moving.id && !d.revokedAt)
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
          </select>
          <div class="toolbar">
            <button type="submit">{t('console:devices.moveSubmit')}</button>
            <button type="button" class="secondary" onClick={() => setMoving(undefined)}>
              {t('console:common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
