/**
 * The top of the children view: a line per diary that is stale or failing («Данные на 08:40 — МЭШ не
 * отвечает, показаны сохранённые»), the answer's other errors in brief, when the page loaded, and
 * «Обновить».
 */
import type { DiaryGraphqlError } from '@diary-gateway/client';
import type { DashboardStudent } from '../data/types.js';
import { clockText } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import { conditionText, diaryConditions, untoldErrors } from './freshness-text.js';

const TEXT = {
  ru: {
    loaded: (time: string) => `Загружено в ${time}`,
    reloading: 'Обновляется…',
    reload: 'Обновить',
    diaries: 'Состояние дневников',
    problems: 'Замечания к ответу',
  },
  en: {
    loaded: (time: string) => `Loaded at ${time}`,
    reloading: 'Refreshing…',
    reload: 'Refresh',
    diaries: 'State of the diaries',
    problems: 'Notes on the answer',
  },
};

/** The freshness lines, the other errors, the load time and the reload button. */
export function FreshnessBar(props: {
  students: readonly DashboardStudent[];
  errors: readonly DiaryGraphqlError[];
  /** When the answer arrived (the phone's clock): also "now" for the lines' "today". */
  receivedAt: Date;
  reload: () => void;
  reloading: boolean;
}) {
  const text = useText(TEXT);
  const language = useLanguage();
  const conditions = diaryConditions(props.students);
  const untold = untoldErrors(props.errors, props.students);
  return (
    <div class="freshness">
      {conditions.length > 0 ? (
        <ul class="freshness__list" aria-label={text.diaries}>
          {conditions.map((condition) => (
            <li
              key={condition.provider}
              class={`notice ${condition.kind === 'failing' ? 'notice--error' : 'notice--warn'}`}
            >
              {conditionText(condition, props.receivedAt, language)}
            </li>
          ))}
        </ul>
      ) : null}
      {untold.length > 0 ? (
        <ul class="freshness__list freshness__list--small" aria-label={text.problems}>
          {untold.map((message) => (
            <li key={message} class="notice notice--warn">
              {message}
            </li>
          ))}
        </ul>
      ) : null}
      <div class="freshness__bar">
        <p class="freshness__loaded" role="status">
          {props.reloading ? text.reloading : text.loaded(clockText(props.receivedAt, props.receivedAt, language))}
        </p>
        {/* aria-disabled, not disabled: a disabled button drops keyboard focus mid-reload. */}
        <button
          type="button"
          class="button"
          aria-disabled={props.reloading}
          onClick={() => {
            if (!props.reloading) props.reload();
          }}
        >
          {text.reload}
        </button>
      </div>
    </div>
  );
}
