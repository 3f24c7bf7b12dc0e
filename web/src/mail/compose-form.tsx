/**
 * «Написать учителю»: a new message about one child to people of the child's diary's address book, grouped as
 * the diary groups them, with a subject, the text (the diary's own limit shown, `MessagingFeatures.maxTextLength`)
 * and files where the diary takes them. Offered only to a parent, for a child whose diary takes messages
 * (`Student.messaging.sendMessages`). A child in two such diaries gets each group named with its diary, and the
 * diary the message goes through follows the people chosen (one message goes through one diary). The draft is
 * sent once however often «Отправить» is pressed (draft-parts.tsx).
 */
import { useId, useState } from 'preact/hooks';
import {
  MessageRecipientsDocument,
  SendMessageDocument,
  type MailChildrenQuery,
  type MessageRecipientsQuery,
  type ProviderKind,
} from '@diary-gateway/client';
import { clientFor } from '../data/api.js';
import { useLanguage, useText } from '../i18n.js';
import { studentChoices } from '../manage/manage-students.js';
import { Loaded } from '../manage/parts.js';
import { useLoad } from '../manage/use-manage.js';
import { providerName } from '../providers.js';
import { DRAFT_LIMITS, draftProblem, textLimit, textOverLimit } from './draft-check.js';
import { DraftActions, DraftFiles, DraftText, useDraftSend } from './draft-parts.js';
import { readAttachments } from './files.js';
import { recipientGroupNames, sentText } from './mail-words.js';

/** A child as the mail view's children query brings it. */
export type MailChild = MailChildrenQuery['viewer']['students'][number];

type RecipientGroup = NonNullable<MessageRecipientsQuery['student']>['messageRecipients'][number];

const TEXT = {
  ru: {
    title: 'Новое сообщение',
    child: 'Ребёнок',
    diary: 'Дневник',
    recipients: 'Кому',
    recipientsHint: (count: number) => `Можно выбрать до ${count} адресатов.`,
    noRecipients: 'В адресной книге дневника никого нет.',
    subject: 'Тема',
    subjectHint: (count: number) => `До ${count} знаков.`,
    send: 'Отправить',
  },
  en: {
    title: 'New message',
    child: 'Child',
    diary: 'Diary',
    recipients: 'To',
    recipientsHint: (count: number) => `Up to ${count} recipients.`,
    noRecipients: 'The diary’s address book is empty.',
    subject: 'Subject',
    subjectHint: (count: number) => `At most ${count} characters.`,
    send: 'Send',
  },
};

/** The children a parent may write about: their own, with a diary that takes messages. */
export function writableChildren(students: readonly MailChild[]): MailChild[] {
  return students.filter(
    (student) => student.access === 'PARENT' && student.messaging.some((features) => features.sendMessages),
  );
}

/** The new-message form for `students` (from {@link writableChildren}); `onSent` gets what to tell the family. */
export function ComposeForm(props: {
  students: readonly MailChild[];
  onSent: (told: string) => void;
  onCancel: () => void;
}) {
  const text = useText(TEXT);
  const language = useLanguage();
  const id = useId();
  const send = useDraftSend();
  const [studentId, setStudentId] = useState(props.students[0]?.id ?? '');
  const student = props.students.find((candidate) => candidate.id === studentId) ?? props.students[0];
  const senders = student?.messaging.filter((features) => features.sendMessages) ?? [];
  const [chosenProvider, setProvider] = useState<ProviderKind | null>(null);
  const features = senders.find((entry) => entry.provider === chosenProvider) ?? senders[0];
  const recipients = useLoad(MessageRecipientsDocument, 0, student ? { studentId: student.id } : null);
  // Each person chosen, with the diary whose book they are in.
  const [chosen, setChosen] = useState<ReadonlyMap<string, ProviderKind>>(new Map());
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);

  if (!student || !features) return null;
  const provider = features.provider;
  const groups = recipients.state.kind === 'ready' ? (recipients.state.data.student?.messageRecipients ?? []) : [];
  const limit = textLimit(student.messaging, provider);

  const edit = send.edited;
  const toggle = (recipientId: string, diary: ProviderKind, on: boolean) => {
    const next = new Map(chosen);
    if (on) next.set(recipientId, diary);
    else next.delete(recipientId);
    edit(setChosen)(next);
    // The diary follows the people chosen while they are all of one: the parent picks people, not a diary.
    const diaries = new Set(next.values());
    if (diaries.size === 1 && !diaries.has(provider)) setProvider([...diaries][0]!);
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const problem = draftProblem({
      provider,
      recipients: [...chosen.values()],
      subject,
      text: body,
      textLimit: limit,
      files,
    });
    if (problem) {
      send.refuse(problem);
      return;
    }
    const names = namesOf(groups, chosen);
    send.send(
      provider,
      async (clientKey) => {
        const attachments = files.length > 0 ? await readAttachments(files) : undefined;
        const { data } = await clientFor(language).request(SendMessageDocument, {
          input: {
            clientKey,
            studentId: student.id,
            // Named when the child is in several diaries that take messages (the gateway asks then).
            ...(senders.length > 1 ? { provider } : {}),
            recipientIds: [...chosen.keys()],
            subject: subject.trim(),
            text: body.trim(),
            ...(attachments ? { attachments } : {}),
          },
        });
        return data.sendMessage;
      },
      (result) => props.onSent(sentText(result, names, language)),
    );
  };

  return (
    <form class="mail-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{text.title}</h3>
      {props.students.length > 1 ? (
        <>
          <label for={`${id}-child`}>{text.child}</label>
          <select
            id={`${id}-child`}
            value={student.id}
            onChange={(event) => {
              setChosen(new Map());
              setProvider(null);
              edit(setStudentId)(event.currentTarget.value);
            }}
          >
            {studentChoices(props.students).map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.label}
              </option>
            ))}
          </select>
        </>
      ) : null}
      {senders.length > 1 ? (
        <>
          <label for={`${id}-diary`}>{text.diary}</label>
          <select
            id={`${id}-diary`}
            value={provider}
            onChange={(event) => edit(setProvider)(event.currentTarget.value as ProviderKind)}
          >
            {senders.map((entry) => (
              <option key={entry.provider} value={entry.provider}>
                {providerName(entry.provider, language)}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <fieldset class="mail-recipients" aria-describedby={`${id}-recipients-hint`}>
        <legend>{text.recipients}</legend>
        <p id={`${id}-recipients-hint`} class="manage-hint">
          {text.recipientsHint(DRAFT_LIMITS.recipients)}
        </p>
        <Loaded state={recipients.state} reload={recipients.reload}>
          {() =>
            groups.length === 0 ? (
              <p>{text.noRecipients}</p>
            ) : (
              recipientGroupNames(groups, language).map((label, index) => (
                <RecipientChoices
                  key={`${groups[index]!.provider}|${groups[index]!.name}`}
                  label={label}
                  group={groups[index]!}
                  chosen={chosen}
                  onToggle={toggle}
                />
              ))
            )
          }
        </Loaded>
      </fieldset>
      <label for={`${id}-subject`}>{text.subject}</label>
      <input
        id={`${id}-subject`}
        type="text"
        maxLength={DRAFT_LIMITS.subject}
        aria-describedby={`${id}-subject-hint`}
        value={subject}
        onInput={(event) => edit(setSubject)(event.currentTarget.value)}
      />
      <p id={`${id}-subject-hint`} class="manage-hint">
        {text.subjectHint(DRAFT_LIMITS.subject)}
      </p>
      <DraftText value={body} onInput={edit(setBody)} limit={limit} provider={provider} overId={`${id}-over`} />
      <DraftFiles provider={provider} takesFiles={features.sendAttachments} files={files} onChange={edit(setFiles)} />
      <DraftActions
        send={send}
        sendLabel={text.send}
        onCancel={props.onCancel}
        heldBy={textOverLimit(body, limit) ? `${id}-over` : null}
      />
    </form>
  );
}

/**
 * One group of the address book as checkboxes, under `label` (its name, with its diary when the child has two);
 * a person in two groups is one choice, checked in both.
 */
function RecipientChoices(props: {
  label: string;
  group: RecipientGroup;
  chosen: ReadonlyMap<string, ProviderKind>;
  onToggle: (recipientId: string, diary: ProviderKind, on: boolean) => void;
}) {
  return (
    <fieldset class="mail-group">
      <legend>{props.label}</legend>
      {props.group.recipients.map((person) => (
        <label key={person.id} class="manage-choice mail-choice">
          <input
            type="checkbox"
            checked={props.chosen.has(person.id)}
            onChange={(event) => props.onToggle(person.id, props.group.provider, event.currentTarget.checked)}
          />
          <span>
            {person.name}
            {person.description ? <span class="mail-choice__about">{person.description}</span> : null}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** The names of the chosen people, once each, in the address book's order. */
function namesOf(groups: readonly RecipientGroup[], chosen: ReadonlyMap<string, ProviderKind>): string[] {
  const names = new Map<string, string>();
  for (const group of groups)
    for (const person of group.recipients) if (chosen.has(person.id)) names.set(person.id, person.name);
  return [...names.values()];
}
