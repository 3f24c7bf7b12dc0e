/**
 * «Доверенные лица»: read-only access to one child for a grandmother or a nanny. The parent's invitations
 * (status in words, «Может читать сообщения и объявления» as a toggle, «Отозвать» after a confirmation), the
 * invitation form and its one-time code; for the invited person, the code form and the children others opened
 * to them.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import {
  RevokeTrustedPersonDocument,
  SetTrustedPersonScopesDocument,
  TrustedPersonsDocument,
  type TrustedPersonGrantFieldsFragment,
  type TrustedPersonsQuery,
} from '@diary-gateway/client';
import { clientFor } from '../data/api.js';
import type { DashboardStudent } from '../data/types.js';
import { formatInstantDay } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import { AcceptForm } from './accept-form.js';
import { InvitationCode } from './invitation-code.js';
import { InviteForm, type Invitation } from './invite-form.js';
import { scopesWithMessages } from './invite-input.js';
import { parentStudents } from './manage-students.js';
import { grantStatusText, inviteeText, isRevocable } from './manage-wording.js';
import { ConfirmAction, ErrorBox, Loaded, MessagesScopeHint, StatusLine } from './parts.js';
import { useAction, useLoad } from './use-manage.js';

const TEXT = {
  ru: {
    title: 'Доверенные лица',
    lead: 'Бабушка или няня может смотреть дневник одного ребёнка, ничего не меняя. Доступ можно отозвать в любой момент.',
    none: 'Вы пока никого не приглашали.',
    noChild: 'ребёнок больше не виден',
    accepted: (name: string) => `Принял(а): ${name}`,
    until: (day: string) => `до ${day}`,
    revoke: 'Отозвать',
    revokeConfirm: 'Да, отозвать',
    revokeQuestion: (who: string, child: string) =>
      `Отозвать доступ (${who}) к дневнику: ${child}? Доступ закроется сразу; чтобы открыть его снова, нужно новое приглашение.`,
    revoked: (who: string) => `Доступ отозван: ${who}.`,
    invite: 'Пригласить',
    cannotInvite: 'Пригласить можно к ребёнку из ваших подключённых дневников; сейчас таких нет.',
    haveCode: 'У меня есть код приглашения',
    received: 'Мне открыли доступ',
    grantedBy: (name: string) => `Открыл(а): ${name}`,
    messages: 'Может читать сообщения и объявления',
    messagesOn: (who: string) => `Теперь ${who} может читать сообщения и объявления.`,
    messagesOff: (who: string) => `${who} больше не видит сообщения и объявления.`,
    receivedMessages: 'Открыты и сообщения с объявлениями.',
  },
  en: {
    title: 'Trusted persons',
    lead: 'A grandmother or a nanny can read one child’s diary without changing anything. You can revoke it at any time.',
    none: 'You have not invited anyone yet.',
    noChild: 'the child is no longer shown',
    accepted: (name: string) => `Accepted by ${name}`,
    until: (day: string) => `until ${day}`,
    revoke: 'Revoke',
    revokeConfirm: 'Yes, revoke',
    revokeQuestion: (who: string, child: string) =>
      `Revoke the access (${who}) to the diary of ${child}? It ends at once; opening it again needs a new invitation.`,
    revoked: (who: string) => `Access revoked: ${who}.`,
    invite: 'Invite',
    cannotInvite: 'You can invite to a child from your own linked diaries; there is none now.',
    haveCode: 'I have an invitation code',
    received: 'Access opened to me',
    grantedBy: (name: string) => `Opened by ${name}`,
    messages: 'May read messages and notices',
    messagesOn: (who: string) => `${who} may now read messages and notices.`,
    messagesOff: (who: string) => `${who} no longer sees messages and notices.`,
    receivedMessages: 'Messages and notices are open too.',
  },
};

type Received = TrustedPersonsQuery['viewer']['receivedAccess'][number];

/** The trusted persons section; `onChanged` after anything changed (a child may appear or go). */
export function TrustedSection(props: {
  students: readonly DashboardStudent[];
  revision: number;
  onChanged: () => void;
}) {
  const text = useText(TEXT);
  const titleId = useId();
  const scopeHintId = useId();
  const trusted = useLoad(TrustedPersonsDocument, props.revision);
  const [done, setDone] = useState<string | null>(null);
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const ownChildren = parentStudents(props.students);
  // Someone with no child of their own most likely came with a code: open its form for them.
  const [acceptOpen, setAcceptOpen] = useState(ownChildren.length === 0);

  return (
    <section class="card manage-section" aria-labelledby={titleId}>
      <h2 id={titleId}>{text.title}</h2>
      <p class="status">{text.lead}</p>
      <StatusLine message={done} />
      <Loaded state={trusted.state} reload={trusted.reload}>
        {(data) =>
          data.viewer.trustedPersons.length === 0 ? (
            ownChildren.length > 0 ? (
              <p>{text.none}</p>
            ) : null
          ) : (
            <>
              <p id={scopeHintId} class="manage-hint">
                <MessagesScopeHint />
              </p>
              <ul class="manage-list">
                {data.viewer.trustedPersons.map((grant) => (
                  <GrantItem
                    key={grant.id}
                    grant={grant}
                    scopeHintId={scopeHintId}
                    onRevoked={(who) => {
                      setDone(text.revoked(who));
                      props.onChanged();
                    }}
                    onScopes={(told) => {
                      setDone(told);
                      props.onChanged();
                    }}
                  />
                ))}
              </ul>
            </>
          )
        }
      </Loaded>

      <h3>{text.invite}</h3>
      {ownChildren.length === 0 ? (
        <p>{text.cannotInvite}</p>
      ) : (
        <InviteForm
          students={ownChildren}
          onInvited={(made) => {
            setDone(null);
            setInvitation(made);
            props.onChanged();
          }}
        />
      )}
      {invitation ? <InvitationCode invitation={invitation} onDone={() => setInvitation(null)} /> : null}

      <h3>
        <button
          type="button"
          class="manage-disclosure"
          aria-expanded={acceptOpen}
          onClick={() => setAcceptOpen((open) => !open)}
        >
          {text.haveCode}
        </button>
      </h3>
      {acceptOpen ? <AcceptForm onAccepted={props.onChanged} /> : null}

      {trusted.state.kind === 'ready' && trusted.state.data.viewer.receivedAccess.length > 0 ? (
        <>
          <h3>{text.received}</h3>
          <ul class="manage-list">
            {trusted.state.data.viewer.receivedAccess.map((access) => (
              <ReceivedItem key={access.grantId} access={access} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function GrantItem(props: {
  grant: TrustedPersonGrantFieldsFragment;
  scopeHintId: string;
  onRevoked: (who: string) => void;
  onScopes: (told: string) => void;
}) {
  const text = useText(TEXT);
  const language = useLanguage();
  const action = useAction();
  const { grant } = props;
  const who = inviteeText(grant.inviteeKind, grant.inviteeLabel, language);
  const child = grant.student?.fullName ?? text.noChild;
  const open = isRevocable(grant.status);

  const revoke = () =>
    action.run(async () => {
      await clientFor(language).request(RevokeTrustedPersonDocument, { grantId: grant.id });
      props.onRevoked(who);
    });

  return (
    <li class="manage-item">
      <p class="manage-item__title">{who}</p>
      <p class="manage-tight">{child}</p>
      {grant.granteeName ? <p class="manage-tight">{text.accepted(grant.granteeName)}</p> : null}
      <p class="manage-tight">
        <span class={open ? 'manage-badge manage-badge--ok' : 'manage-badge'}>
          {grantStatusText(grant.status, language)}
        </span>
        {open ? <span class="status"> {text.until(formatInstantDay(grant.expiresAt, language))}</span> : null}
      </p>
      {open ? (
        <>
          <MessagesToggle grant={grant} who={who} child={child} hintId={props.scopeHintId} onChanged={props.onScopes} />
          <div class="manage-actions">
            <ConfirmAction
              label={text.revoke}
              labelContext={`${who}, ${child}`}
              question={text.revokeQuestion(who, child)}
              confirmLabel={text.revokeConfirm}
              action={action}
              onConfirm={revoke}
            />
          </div>
          <ErrorBox message={action.error} />
        </>
      ) : null}
    </li>
  );
}

/**
 * «Может читать сообщения и объявления» on an open grant: changes the grant's scopes at once
 * (`setTrustedPersonScopes`), its failure beside it.
 */
function MessagesToggle(props: {
  grant: TrustedPersonGrantFieldsFragment;
  who: string;
  child: string;
  /** The section's sentence on when mail is shown, which describes every toggle. */
  hintId: string;
  onChanged: (told: string) => void;
}) {
  const text = useText(TEXT);
  const language = useLanguage();
  const action = useAction();
  const { grant } = props;
  const granted = grant.extraScopes.includes('MESSAGES');
  // What the parent asked for shows at once; the reloaded grant says what the gateway keeps.
  const [shown, setShown] = useState(granted);
  useEffect(() => setShown(granted), [granted]);

  const change = (on: boolean) => {
    setShown(on);
    void action
      .run(async () => {
        await clientFor(language).request(SetTrustedPersonScopesDocument, {
          grantId: grant.id,
          extraScopes: scopesWithMessages(grant.extraScopes, on),
        });
        props.onChanged(on ? text.messagesOn(props.who) : text.messagesOff(props.who));
      })
      .then((done) => {
        if (!done) setShown(granted);
      });
  };

  return (
    <>
      <label class="manage-choice">
        <input
          type="checkbox"
          checked={shown}
          disabled={action.running}
          aria-describedby={props.hintId}
          onChange={(event) => change(event.currentTarget.checked)}
        />
        <span>
          {text.messages}
          <span class="visually-hidden">
            : {props.who}, {props.child}
          </span>
        </span>
      </label>
      <ErrorBox message={action.error} />
    </>
  );
}

function ReceivedItem(props: { access: Received }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const { access } = props;
  return (
    <li class="manage-item">
      <p class="manage-item__title">{access.student?.fullName ?? text.noChild}</p>
      <p class="manage-tight">{text.grantedBy(access.grantedBy)}</p>
      <p class="manage-tight status">{text.until(formatInstantDay(access.expiresAt, language))}</p>
      {access.extraScopes.includes('MESSAGES') ? <p class="manage-tight">{text.receivedMessages}</p> : null}
    </li>
  );
}
