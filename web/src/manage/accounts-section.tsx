/**
 * «Дневники»: the parent's linked diary accounts (status in words, «Войти заново» when the diary refused
 * the stored sign-in, «Отключить» after a confirmation), and the diaries this gateway can link, as links
 * to the gateway's linking pages that come back here.
 */
import { useId, useState } from 'preact/hooks';
import {
  ProviderAccountsDocument,
  TenantsDocument,
  UnlinkProviderAccountDocument,
  type ProviderAccountFragment,
} from '@diary-gateway/client';
import { clientFor } from '../data/api.js';
import { formatInstantDay } from '../format.js';
import { useLanguage, useText, type Language } from '../i18n.js';
import { relinkHref, tenantLinking, type LinkTenant } from './link-flows.js';
import { accountStatusText, flowKindsText } from './manage-wording.js';
import { ConfirmAction, ErrorBox, Loaded, StatusLine } from './parts.js';
import { useAction, useLoad } from './use-manage.js';

const TEXT = {
  ru: {
    title: 'Дневники',
    none: 'Ни один дневник не подключён. Подключите дневник школы ниже.',
    status: 'Состояние',
    relink: 'Войти в дневник',
    linkedOn: (day: string) => `Подключён ${day}`,
    otherPerson: 'Учётная запись другого человека, не ваша.',
    unlink: 'Отключить',
    unlinkConfirm: 'Да, отключить',
    unlinkQuestion: (diary: string, holder: string) =>
      `Отключить дневник «${diary}» (${holder})? Дети из этого дневника пропадут со страницы, если их не показывает другой подключённый дневник. Подключить его можно снова.`,
    unlinked: (diary: string) => `Дневник «${diary}» отключён.`,
    connect: 'Подключить дневник',
    connectLead: 'Откроется вход в дневник; после входа вы вернётесь на эту страницу.',
    alreadyLinked: 'уже подключён',
    unavailable: 'Сейчас подключить нельзя:',
    noTenants: 'Этот сервер не подключает ни одного дневника.',
  },
  en: {
    title: 'Diaries',
    none: 'No diary is linked. Link your school’s diary below.',
    status: 'Status',
    relink: 'Sign in to the diary',
    linkedOn: (day: string) => `Linked on ${day}`,
    otherPerson: 'This account belongs to someone else, not you.',
    unlink: 'Unlink',
    unlinkConfirm: 'Yes, unlink',
    unlinkQuestion: (diary: string, holder: string) =>
      `Unlink the diary «${diary}» (${holder})? The children from this diary disappear from the page unless another linked diary shows them. You can link it again.`,
    unlinked: (diary: string) => `The diary «${diary}» is unlinked.`,
    connect: 'Link a diary',
    connectLead: 'The diary’s sign-in opens; once signed in you come back to this page.',
    alreadyLinked: 'already linked',
    unavailable: 'Cannot be linked now:',
    noTenants: 'This server links no diary.',
  },
};

/** A tenant's name in `language`. */
function tenantName(tenant: { name: string; englishName: string }, language: Language): string {
  return language === 'en' ? tenant.englishName : tenant.name;
}

/** The «Дневники» section; `onChanged` after an account is unlinked. */
export function AccountsSection(props: { revision: number; onChanged: () => void }) {
  const text = useText(TEXT);
  const titleId = useId();
  const accounts = useLoad(ProviderAccountsDocument, props.revision);
  const tenants = useLoad(TenantsDocument, props.revision);
  const [done, setDone] = useState<string | null>(null);
  const tenantList = tenants.state.kind === 'ready' ? tenants.state.data.tenants : null;
  const linkedTenants = new Set(
    accounts.state.kind === 'ready' ? accounts.state.data.viewer.providerAccounts.map((a) => a.tenant.id) : [],
  );

  return (
    <section class="card manage-section" aria-labelledby={titleId}>
      <h2 id={titleId}>{text.title}</h2>
      <StatusLine message={done} />
      <Loaded state={accounts.state} reload={accounts.reload}>
        {(data) =>
          data.viewer.providerAccounts.length === 0 ? (
            <p>{text.none}</p>
          ) : (
            <ul class="manage-list">
              {data.viewer.providerAccounts.map((account) => (
                <AccountItem
                  key={account.id}
                  account={account}
                  relink={relinkHref(account.tenant.id, tenantList)}
                  onUnlinked={(diary) => {
                    setDone(text.unlinked(diary));
                    props.onChanged();
                  }}
                />
              ))}
            </ul>
          )
        }
      </Loaded>
      <h3>{text.connect}</h3>
      <p class="status">{text.connectLead}</p>
      <Loaded state={tenants.state} reload={tenants.reload}>
        {(data) =>
          data.tenants.length === 0 ? (
            <p>{text.noTenants}</p>
          ) : (
            <ul class="manage-list manage-list--compact">
              {data.tenants.map((tenant) => (
                <TenantItem key={tenant.id} tenant={tenant} linked={linkedTenants.has(tenant.id)} />
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

function AccountItem(props: { account: ProviderAccountFragment; relink: string; onUnlinked: (diary: string) => void }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const action = useAction();
  const { account } = props;
  const diary = tenantName(account.tenant, language);
  const working = account.status === 'ACTIVE';

  const unlink = () =>
    action.run(async () => {
      await clientFor(language).request(UnlinkProviderAccountDocument, { id: account.id });
      props.onUnlinked(diary);
    });

  return (
    <li class="manage-item">
      <p class="manage-item__title">{diary}</p>
      <p class="manage-tight">{account.displayName}</p>
      <p class="manage-tight">
        {text.status}:{' '}
        <span class={working ? 'manage-badge manage-badge--ok' : 'manage-badge manage-badge--warn'}>
          {accountStatusText(account.status, language)}
        </span>
        {account.status === 'NEEDS_RELOGIN' ? (
          <>
            {' '}
            <a href={props.relink}>{text.relink}</a>
          </>
        ) : null}
      </p>
      <p class="manage-tight status">{text.linkedOn(formatInstantDay(account.linkedAt, language))}</p>
      {account.holderMatch === 'DIFFERENT_PERSON' ? <p class="notice notice--warn">{text.otherPerson}</p> : null}
      <div class="manage-actions">
        <ConfirmAction
          label={text.unlink}
          labelContext={diary}
          question={text.unlinkQuestion(diary, account.displayName)}
          confirmLabel={text.unlinkConfirm}
          action={action}
          onConfirm={unlink}
        />
      </div>
      <ErrorBox message={action.error} />
    </li>
  );
}

function TenantItem(props: { tenant: LinkTenant; linked: boolean }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const name = tenantName(props.tenant, language);
  const { choices, reasons } = tenantLinking(props.tenant, language);
  return (
    <li class="manage-item">
      {choices.length > 0 ? (
        choices.map((choice) => (
          <p key={choice.href} class="manage-tight">
            <a href={choice.href} class="manage-link">
              {name}
            </a>
            {props.linked ? <span class="status"> — {text.alreadyLinked}</span> : null}
            <br />
            <span class="status">{flowKindsText(choice.kinds, language)}</span>
          </p>
        ))
      ) : (
        <>
          <p class="manage-item__title">{name}</p>
          <p class="manage-tight status">
            {text.unavailable} {reasons.join(' ')}
          </p>
        </>
      )}
    </li>
  );
}
