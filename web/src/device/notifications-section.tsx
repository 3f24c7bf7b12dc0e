/**
 * «Уведомления на этом устройстве»: turning Web Push on and off in this browser (the permission is asked
 * only when the parent presses «Включить уведомления»), what stands in the way when it cannot be on, and
 * the viewer's devices with notifications on, each with «Отключить».
 */
import { useEffect, useId, useState } from 'preact/hooks';
import {
  PushSubscriptionsDocument,
  WebPushPublicKeyDocument,
  type PushSubscriptionItemFragment,
} from '@diary-gateway/client';
import { formatInstantDay } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import { ConfirmAction, ErrorBox, Loaded, StatusLine } from '../manage/parts.js';
import { useAction, useLoad } from '../manage/use-manage.js';
import { currentPushState, removeDevice, turnOff, turnOn } from './push-device.js';
import { rememberedSubscription } from './push-memory.js';
import { defaultDeviceLabel, deviceLabel, MAX_LABEL_LENGTH } from './push-support.js';
import { canTurnOn, isPushProblem, pushStateText, type PushState } from './push-words.js';

const TEXT = {
  ru: {
    title: 'Уведомления на этом устройстве',
    lead: 'Новые оценки, отмены уроков и домашние задания — уведомлением на телефон, даже когда страница закрыта.',
    label: 'Название устройства',
    labelHint: (fallback: string) => `Чтобы узнать его в списке. Если оставить пустым: «${fallback}».`,
    turnOn: 'Включить уведомления',
    turningOn: 'Включаем…',
    turnOff: 'Выключить на этом устройстве',
    turningOff: 'Выключаем…',
    devices: 'Устройства с уведомлениями',
    noDevices: 'Уведомления не включены ни на одном устройстве.',
    thisDevice: 'это устройство',
    unnamed: 'Без названия',
    service: (host: string) => `Служба уведомлений: ${host}`,
    since: (day: string) => `Включены ${day}`,
    delivered: (day: string) => `Последнее уведомление доставлено ${day}`,
    failed: (day: string) => `Не удалось доставить уведомление ${day}`,
    remove: 'Отключить',
    removeConfirm: 'Да, отключить',
    removeQuestion: (name: string) =>
      `Отключить уведомления на устройстве «${name}»? Уведомления туда больше не придут.`,
    removed: (name: string) => `Уведомления отключены: ${name}.`,
  },
  en: {
    title: 'Notifications on this device',
    lead: 'New marks, cancelled lessons and homework as a notification on the phone, even when the page is closed.',
    label: 'Device name',
    labelHint: (fallback: string) => `To recognise it in the list. Left empty: “${fallback}”.`,
    turnOn: 'Turn on notifications',
    turningOn: 'Turning on…',
    turnOff: 'Turn off on this device',
    turningOff: 'Turning off…',
    devices: 'Devices with notifications',
    noDevices: 'Notifications are not on on any device.',
    thisDevice: 'this device',
    unnamed: 'Unnamed',
    service: (host: string) => `Push service: ${host}`,
    since: (day: string) => `On since ${day}`,
    delivered: (day: string) => `Last delivered ${day}`,
    failed: (day: string) => `Delivery failed ${day}`,
    remove: 'Turn off',
    removeConfirm: 'Yes, turn off',
    removeQuestion: (name: string) => `Turn off notifications on “${name}”? Nothing more will be sent there.`,
    removed: (name: string) => `Notifications turned off: ${name}.`,
  },
};

/** The notifications section. */
export function NotificationsSection(props: { revision: number }) {
  const text = useText(TEXT);
  const titleId = useId();
  const key = useLoad(WebPushPublicKeyDocument, props.revision);
  // Bumped when this device's notifications or the list changed, so the other part reads them again.
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((value) => value + 1);
  return (
    <section class="card manage-section" aria-labelledby={titleId}>
      <h2 id={titleId}>{text.title}</h2>
      <p class="status">{text.lead}</p>
      <Loaded state={key.state} reload={key.reload}>
        {(data) => (
          <ThisDevice webPushPublicKey={data.webPushPublicKey ?? null} recheck={changes} onChanged={changed} />
        )}
      </Loaded>
      <Devices revision={props.revision + changes} onRemoved={changed} />
    </section>
  );
}

/** This browser: its state, the label input and «Включить»/«Выключить». */
function ThisDevice(props: { webPushPublicKey: string | null; recheck: number; onChanged: () => void }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const action = useAction();
  const labelId = useId();
  const hintId = useId();
  const [state, setState] = useState<PushState>({ kind: 'checking' });
  const [label, setLabel] = useState('');
  const fallback = defaultDeviceLabel(navigator.userAgent, language);
  const { webPushPublicKey } = props;

  useEffect(() => {
    let current = true;
    currentPushState(webPushPublicKey).then(
      (next) => current && setState(next),
      () => current && setState({ kind: 'off' }),
    );
    return () => {
      current = false;
    };
  }, [webPushPublicKey, props.recheck]);

  const problem = isPushProblem(state);
  return (
    <>
      <p class={problem ? 'notice notice--error' : state.kind === 'on' ? 'notice notice--ok' : 'status'} role="status">
        {pushStateText(state, language)}
      </p>
      {canTurnOn(state) && webPushPublicKey !== null ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void action.run(async () =>
              setState(await turnOn(webPushPublicKey, deviceLabel(label, fallback), language)),
            );
          }}
        >
          <label for={labelId}>{text.label}</label>
          <input
            id={labelId}
            type="text"
            value={label}
            maxLength={MAX_LABEL_LENGTH}
            placeholder={fallback}
            aria-describedby={hintId}
            autocomplete="off"
            onInput={(event) => setLabel(event.currentTarget.value)}
          />
          <p id={hintId} class="status manage-tight">
            {text.labelHint(fallback)}
          </p>
          <div class="manage-actions">
            <button type="submit" class="button button--primary" disabled={action.running}>
              {action.running ? text.turningOn : text.turnOn}
            </button>
          </div>
        </form>
      ) : null}
      {state.kind === 'on' ? (
        <div class="manage-actions">
          <button
            type="button"
            class="button"
            disabled={action.running}
            onClick={() =>
              void action.run(async () => {
                setState(await turnOff(language));
                props.onChanged();
              })
            }
          >
            {action.running ? text.turningOff : text.turnOff}
          </button>
        </div>
      ) : null}
      <ErrorBox message={action.error} />
    </>
  );
}

/**
 * The viewer's devices with notifications on, shown on request: the list is the gateway's, and most
 * visits to the settings do not need it.
 */
function Devices(props: { revision: number; onRemoved: () => void }) {
  const text = useText(TEXT);
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <h3>
        <button type="button" class="manage-disclosure" aria-expanded={open} onClick={() => setOpen((value) => !value)}>
          {text.devices}
        </button>
      </h3>
      <StatusLine message={done} />
      {open ? (
        <DeviceList
          revision={props.revision}
          onRemoved={(name) => {
            setDone(text.removed(name));
            props.onRemoved();
          }}
        />
      ) : null}
    </>
  );
}

function DeviceList(props: { revision: number; onRemoved: (name: string) => void }) {
  const text = useText(TEXT);
  const list = useLoad(PushSubscriptionsDocument, props.revision);
  return (
    <Loaded state={list.state} reload={list.reload}>
      {(data) =>
        data.viewer.pushSubscriptions.length === 0 ? (
          <p>{text.noDevices}</p>
        ) : (
          <ul class="manage-list">
            {data.viewer.pushSubscriptions.map((device) => (
              <DeviceItem key={device.id} device={device} onRemoved={props.onRemoved} />
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}

function DeviceItem(props: { device: PushSubscriptionItemFragment; onRemoved: (name: string) => void }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const action = useAction();
  const { device } = props;
  const name = device.label ?? text.unnamed;
  const mine = rememberedSubscription()?.id === device.id;
  const day = (value: string) => formatInstantDay(value, language);
  return (
    <li class="manage-item">
      <p class="manage-item__title">
        {name}
        {mine ? <span class="status"> ({text.thisDevice})</span> : null}
      </p>
      <p class="manage-tight status">{text.service(device.pushService)}</p>
      <p class="manage-tight status">{text.since(day(device.createdAt))}</p>
      {device.lastDeliveredAt ? <p class="manage-tight status">{text.delivered(day(device.lastDeliveredAt))}</p> : null}
      {device.lastFailedAt ? <p class="manage-tight">{text.failed(day(device.lastFailedAt))}</p> : null}
      <div class="manage-actions">
        <ConfirmAction
          label={text.remove}
          labelContext={name}
          question={text.removeQuestion(name)}
          confirmLabel={text.removeConfirm}
          action={action}
          onConfirm={() =>
            action.run(async () => {
              await removeDevice(device.id, language);
              props.onRemoved(name);
            })
          }
        />
      </div>
      <ErrorBox message={action.error} />
    </li>
  );
}
