/**
 * One school notice opened: its whole text and attachments, who posted it and for whom, when, until when it is
 * current, and whether the school marks it important. Opening marks it read where the diary keeps that (never
 * for a trusted person); the list behind is told.
 */
import { useEffect } from 'preact/hooks';
import { OpenNoticeDocument, type NoticeItemFragment } from '@diary-gateway/client';
import { formatDay, FULL_DATE } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import { Loaded } from '../manage/parts.js';
import { useLoad } from '../manage/use-manage.js';
import { whenText } from './mail-list.js';
import { childrenText } from './mail-words.js';
import { Attachments, BackLink, MailMeta } from './opened-parts.js';

const TEXT = {
  ru: {
    author: 'Автор',
    audience: 'Для кого',
    when: 'Опубликовано',
    until: 'Актуально до',
    children: 'Дети',
    important: 'Школа отметила это объявление как важное.',
    noTitle: '(без заголовка)',
    gone: 'Такого объявления нет: возможно, его сняли в дневнике.',
  },
  en: {
    author: 'Posted by',
    audience: 'For',
    when: 'Posted',
    until: 'Current until',
    children: 'Children',
    important: 'The school marked this notice as important.',
    noTitle: '(no title)',
    gone: 'There is no such notice: it may have been taken down in the diary.',
  },
};

/** The notice `id` opened; `onOpened` tells the list behind how it stands now. */
export function NoticeView(props: { id: string; onOpened: (notice: NoticeItemFragment) => void }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const opened = useLoad(OpenNoticeDocument, 0, { id: props.id });
  const notice = opened.state.kind === 'ready' ? opened.state.data.viewer.notice : null;
  const { onOpened } = props;
  useEffect(() => {
    if (notice) onOpened(notice);
  }, [notice, onOpened]);

  return (
    <article class="mail-open">
      <BackLink folder="notices" />
      <Loaded state={opened.state} reload={opened.reload}>
        {(data) => {
          const item = data.viewer.notice;
          if (!item) return <p class="notice notice--warn">{text.gone}</p>;
          return (
            <>
              <MailMeta
                title={item.title === '' ? text.noTitle : item.title}
                rows={[
                  [text.author, item.author],
                  [text.audience, item.audience],
                  [text.when, whenText(item.publishedAt, language)],
                  [text.until, item.validUntil ? formatDay(item.validUntil, language, FULL_DATE) : null],
                  [text.children, childrenText(item.students)],
                ]}
                provider={item.provider}
              />
              {item.isImportant ? <p class="notice notice--warn">{text.important}</p> : null}
              <p class="mail-text">{item.text ?? item.preview}</p>
              <Attachments attachments={item.attachments} />
            </>
          );
        }}
      </Loaded>
    </article>
  );
}
