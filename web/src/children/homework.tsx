/** Homework due this week of one child (the «Домашние задания» sub-section's body). */
import type { DashboardHomeworkFragment } from '@diary-gateway/client';
import { useId, useState } from 'preact/hooks';
import type { DashboardRange } from '../dates.js';
import { countOf, formatDay, WEEKDAY_DAY_MONTH, type WordForms } from '../format.js';
import { useLanguage, useText, type Bilingual } from '../i18n.js';
import { homeworkDays, isLongText, webLink } from './homework-days.js';

const TEXT = {
  ru: {
    none: 'На неделю заданий нет',
    done: 'сделано',
    notDone: 'не сделано',
    more: 'ещё',
    less: 'свернуть',
    newTab: ' (в новой вкладке)',
    files: 'Файлы',
  },
  en: {
    none: 'Nothing due this week',
    done: 'done',
    notDone: 'not done',
    more: 'more',
    less: 'less',
    newTab: ' (opens in a new tab)',
    files: 'Files',
  },
};

/** The word "task" with a count, in both languages' plural forms. */
const TASKS: Bilingual<WordForms> = {
  ru: { one: 'задание', few: 'задания', many: 'заданий', other: 'задания' },
  en: { one: 'task', other: 'tasks' },
};

/** The closed sub-section's hint: how many tasks are due this week. */
export function useHomeworkHint(homework: readonly DashboardHomeworkFragment[], range: DashboardRange): string {
  const language = useLanguage();
  const count = homeworkDays(homework, range).reduce((sum, day) => sum + day.items.length, 0);
  return countOf(count, TASKS[language], language);
}

/** The homework due from today for a week, by due day. */
export function HomeworkList(props: { homework: readonly DashboardHomeworkFragment[]; range: DashboardRange }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const days = homeworkDays(props.homework, props.range);
  if (days.length === 0) return <p class="empty">{text.none}</p>;
  return (
    <>
      {days.map((day) => (
        <div class="day" key={day.date}>
          <h4 class="day__title">{formatDay(day.date, language, WEEKDAY_DAY_MONTH)}</h4>
          <ul class="rows">
            {day.items.map((item) => (
              <Task key={item.id} item={item} />
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

function Task(props: { item: DashboardHomeworkFragment }) {
  const text = useText(TEXT);
  const { item } = props;
  return (
    <li class="row task">
      <div class="row__main">
        <p class="row__line">
          <span class="row__title">{item.subject.name}</span>
          {item.isDone === true ? <span class="tag tag--good">✓ {text.done}</span> : null}
          {item.isDone === false ? <span class="tag">{text.notDone}</span> : null}
        </p>
        <TaskText text={item.text} />
        {item.attachments.length > 0 ? (
          <ul class="task__files" aria-label={text.files}>
            {item.attachments.map((file, index) => (
              <li key={index}>
                <Attachment title={file.title} url={file.url} />
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </li>
  );
}

function Attachment(props: { title: string; url: string | null }) {
  const text = useText(TEXT);
  const href = webLink(props.url);
  if (href === null) return <span class="task__file">{props.title}</span>;
  return (
    <a class="task__file" href={href} target="_blank" rel="noopener noreferrer">
      {props.title}
      <span class="visually-hidden">{text.newTab}</span>
    </a>
  );
}

/** The teacher's text with its line breaks; a long one is clamped to a few lines behind «ещё». */
function TaskText(props: { text: string }) {
  const text = useText(TEXT);
  const [open, setOpen] = useState(false);
  const id = useId();
  const long = isLongText(props.text);
  return (
    <>
      <p id={id} class={`task__text${long && !open ? ' task__text--clamped' : ''}`}>
        {props.text}
      </p>
      {long ? (
        <button
          type="button"
          class="link-button"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen((value) => !value)}
        >
          {open ? text.less : text.more}
        </button>
      ) : null}
    </>
  );
}
