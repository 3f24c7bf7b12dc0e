/**
 * What an opened message and an opened notice share: the way back to the list, the title (which takes the
 * focus when the item opens, so a screen reader starts reading there) with who, when and for whom, and the
 * attachments as links.
 */
import { useEffect, useId, useRef } from 'preact/hooks';
import { webLink } from '../children/homework-days.js';
import { useLanguage, useText } from '../i18n.js';
import { providerName } from '../providers.js';
import { mailHash, type MailFolder } from './mail-route.js';

const TEXT = {
  ru: { back: '← К списку', diary: 'Дневник', files: 'Вложения', newTab: ' (в новой вкладке)' },
  en: { back: '← Back to the list', diary: 'Diary', files: 'Attachments', newTab: ' (opens in a new tab)' },
};

/** «← К списку»: back to `folder`'s list. */
export function BackLink(props: { folder: MailFolder }) {
  const text = useText(TEXT);
  return (
    <p class="mail-back">
      <a href={mailHash({ folder: props.folder, openId: null })}>{text.back}</a>
    </p>
  );
}

/** The opened item's title (focused on open) and its details as label–value rows; empty values are left out. */
export function MailMeta(props: {
  title: string;
  rows: readonly (readonly [string, string | null])[];
  provider: string;
}) {
  const text = useText(TEXT);
  const language = useLanguage();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const rows = [...props.rows, [text.diary, providerName(props.provider, language)] as const].filter(
    (row): row is readonly [string, string] => typeof row[1] === 'string' && row[1] !== '',
  );
  return (
    <div class="mail-open__head">
      <h3 ref={heading} tabIndex={-1} class="mail-open__title">
        {props.title}
      </h3>
      <dl class="mail-meta">
        {rows.map(([label, value]) => (
          <div key={label} class="mail-meta__row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The item's files as links to the diary (opened in a new tab); nothing when it has none. */
export function Attachments(props: { attachments: readonly { title: string; url: string | null }[] }) {
  const text = useText(TEXT);
  const id = useId();
  if (props.attachments.length === 0) return null;
  return (
    <>
      <h4 id={id} class="mail-files__title">
        {text.files}
      </h4>
      <ul class="mail-files" aria-labelledby={id}>
        {props.attachments.map((file, index) => {
          const href = webLink(file.url);
          return (
            <li key={index}>
              {href === null ? (
                <span>{file.title}</span>
              ) : (
                <a href={href} target="_blank" rel="noopener noreferrer">
                  {file.title}
                  <span class="visually-hidden">{text.newTab}</span>
                </a>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
