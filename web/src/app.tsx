/**
 * The family page: sign-in, the language switch, and three views — every child on one screen («Дети»), mail
 * with teachers and school notices («Сообщения», `mail/`), and the parent's settings («Дневники и доступ»:
 * linked diaries, match suggestions, trusted persons, absence notices, notifications on this device, calendar
 * feeds). The view is kept in the address's hash (`#mail`, `#manage`), so the back button and a bookmark work.
 * Mail and the settings are chunks of their own, loaded when opened: the first paint carries the children
 * only. While signed in, the page follows the change feed (`live/`): it reloads the dashboard, has the mail view's
 * open list read new mail when it is open, and tells the family what changed.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ChildrenView } from './children/children-view.js';
import { readSession, signOut, SIGN_IN_PATH, type SessionState } from './data/session.js';
import type { DashboardStudent } from './data/types.js';
import { rememberedSubscription } from './device/push-memory.js';
import { useDashboard } from './data/use-dashboard.js';
import { browserStorage, initialLanguage, LanguageContext, rememberLanguage, useText, type Language } from './i18n.js';
import { useLazy } from './lazy.js';
import { LiveUpdates } from './live/live-updates.js';
import { mailNewsAfter, NO_MAIL_NEWS, type MailNews } from './live/mail-news.js';

type View = 'children' | 'mail' | 'manage';

/** The views in the navigation's order, with the hash each is kept in. */
const VIEWS: readonly { view: View; hash: string }[] = [
  { view: 'children', hash: '#' },
  { view: 'mail', hash: '#mail' },
  { view: 'manage', hash: '#manage' },
];

/** The view a hash names: `#manage`, `#mail` and `#mail/…` (a folder or an opened message), else the children. */
function viewOfHash(hash: string): View {
  if (hash === '#manage') return 'manage';
  return hash === '#mail' || hash.startsWith('#mail/') ? 'mail' : 'children';
}

const loadManage = () => import('./manage/manage-view.js');
const loadMail = () => import('./mail/mail-view.js');

/** The whole page. */
export function App() {
  const [language, setLanguage] = useState<Language>(() => initialLanguage(browserStorage()));
  const [session, setSession] = useState<SessionState | 'loading' | 'unreachable'>('loading');

  useEffect(() => {
    document.documentElement.lang = language;
    rememberLanguage(browserStorage(), language);
  }, [language]);

  useEffect(() => {
    readSession().then(setSession, () => setSession('unreachable'));
  }, []);

  return (
    <LanguageContext.Provider value={language}>
      <Header
        session={session}
        language={language}
        onLanguage={setLanguage}
        onSignedOut={() => setSession({ signedIn: false, displayName: null, signInAvailable: true })}
      />
      <main id="main">
        {session === 'loading' ? (
          <Loading />
        ) : session === 'unreachable' ? (
          <Unreachable />
        ) : session.signedIn ? (
          <SignedIn language={language} />
        ) : (
          <SignIn available={session.signInAvailable} />
        )}
      </main>
    </LanguageContext.Provider>
  );
}

const HEADER_TEXT = {
  ru: { title: 'Дневник семьи', signOut: 'Выйти', switchTo: 'English', switchLabel: 'Switch to English' },
  en: { title: 'Family diary', signOut: 'Sign out', switchTo: 'Русский', switchLabel: 'Переключить на русский' },
};

/**
 * Before signing out, turns this device's notifications off (when they are on): the next person to use the
 * browser must not be told of this family's children. A failure does not keep the parent signed in; the
 * device then stays in the parent's list, with «Отключить».
 */
async function notificationsOff(language: Language): Promise<void> {
  if (!rememberedSubscription()) return;
  try {
    await (await import('./device/push-device.js')).turnOff(language);
  } catch {
    // Signed out all the same.
  }
}

function Header(props: {
  session: SessionState | 'loading' | 'unreachable';
  language: Language;
  onLanguage: (language: Language) => void;
  onSignedOut: () => void;
}) {
  const text = useText(HEADER_TEXT);
  const signedIn = typeof props.session === 'object' && props.session.signedIn;
  const other: Language = props.language === 'ru' ? 'en' : 'ru';
  return (
    <header class="top">
      <a class="skip" href="#main">
        {props.language === 'ru' ? 'К содержимому' : 'Skip to content'}
      </a>
      <h1 class="top__title">{text.title}</h1>
      {signedIn && typeof props.session === 'object' && props.session.displayName ? (
        <span class="top__who">{props.session.displayName}</span>
      ) : null}
      <div class="top__actions">
        <button
          type="button"
          class="button button--quiet"
          lang={other}
          aria-label={text.switchLabel}
          onClick={() => props.onLanguage(other)}
        >
          {text.switchTo}
        </button>
        {signedIn ? (
          <button
            type="button"
            class="button button--quiet"
            onClick={() => {
              // Not signed out (no answer): reload, so the page shows what the gateway says rather than a guess.
              void notificationsOff(props.language)
                .then(() => signOut())
                .then(props.onSignedOut, () => window.location.reload());
            }}
          >
            {text.signOut}
          </button>
        ) : null}
      </div>
    </header>
  );
}

const PAGE_TEXT = {
  ru: {
    loading: 'Загрузка…',
    unreachable: 'Сервер дневника не отвечает. Проверьте подключение к интернету и обновите страницу.',
    signInTitle: 'Все дети — на одной странице',
    signInLead:
      'Оценки, уроки, домашние задания и посещаемость из всех школьных дневников: МЭШ, «Моя школа», Дневник.ру, ЭлЖур.',
    signIn: 'Войти через Госуслуги',
    signInUnavailable: 'Вход не настроен на этом сервере. Обратитесь к администратору.',
    children: 'Дети',
    mail: 'Сообщения',
    manage: 'Дневники и доступ',
    views: 'Разделы',
    failed: 'Не удалось загрузить дневник',
    retry: 'Повторить',
    viewFailed: 'Этот раздел не загрузился. Проверьте подключение к интернету и обновите страницу.',
    reloadPage: 'Обновить страницу',
  },
  en: {
    loading: 'Loading…',
    unreachable: 'The diary server does not answer. Check your connection and reload the page.',
    signInTitle: 'Every child on one page',
    signInLead:
      'Grades, lessons, homework and attendance from every school diary: MESH, «Moya Shkola», Dnevnik.ru, Eljur.',
    signIn: 'Sign in with Gosuslugi',
    signInUnavailable: 'Sign-in is not configured on this server. Ask its administrator.',
    children: 'Children',
    mail: 'Messages',
    manage: 'Diaries and access',
    views: 'Sections',
    failed: 'Could not load the diary',
    retry: 'Try again',
    viewFailed: 'This section did not load. Check the connection and reload the page.',
    reloadPage: 'Reload the page',
  },
};

function Loading() {
  const text = useText(PAGE_TEXT);
  return (
    <p class="status" role="status">
      {text.loading}
    </p>
  );
}

function Unreachable() {
  const text = useText(PAGE_TEXT);
  return (
    <p class="notice notice--error" role="alert">
      {text.unreachable}
    </p>
  );
}

function SignIn(props: { available: boolean }) {
  const text = useText(PAGE_TEXT);
  return (
    <section class="card sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">{text.signInTitle}</h2>
      <p>{text.signInLead}</p>
      {props.available ? (
        <a class="button button--primary" href={SIGN_IN_PATH}>
          {text.signIn}
        </a>
      ) : (
        <p class="notice notice--error">{text.signInUnavailable}</p>
      )}
    </section>
  );
}

function SignedIn(props: { language: Language }) {
  const text = useText(PAGE_TEXT);
  const [view, setView] = useState<View>(() => viewOfHash(window.location.hash));
  const { state, reload, reloading } = useDashboard(props.language);
  const [mailNews, setMailNews] = useState<MailNews>(NO_MAIL_NEWS);
  const onChanged = useCallback(
    (kinds: readonly string[]) => {
      reload();
      setMailNews((news) => mailNewsAfter(news, kinds));
    },
    [reload],
  );

  useEffect(() => {
    const follow = () => setView(viewOfHash(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  const choose = useCallback((next: View, hash: string) => {
    window.location.hash = hash === '#' ? '' : hash;
    setView(next);
  }, []);

  return (
    <>
      <nav class="views" aria-label={text.views}>
        {VIEWS.map(({ view: name, hash }) => (
          <a
            key={name}
            href={hash}
            class="views__item"
            aria-current={view === name ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              choose(name, hash);
            }}
          >
            {text[name]}
          </a>
        ))}
      </nav>
      <LiveUpdates
        language={props.language}
        students={state.kind === 'ready' ? state.data.viewer.students : null}
        onChanged={onChanged}
      />
      {state.kind === 'loading' ? (
        <Loading />
      ) : state.kind === 'failed' ? (
        <div class="notice notice--error" role="alert">
          <p>
            {text.failed}: {state.message}
          </p>
          <button type="button" class="button" onClick={reload}>
            {text.retry}
          </button>
        </div>
      ) : view === 'manage' ? (
        <LazyManage students={state.data.viewer.students} onChanged={reload} />
      ) : view === 'mail' ? (
        <LazyMail news={mailNews} />
      ) : (
        <ChildrenView state={state} reload={reload} reloading={reloading} />
      )}
    </>
  );
}

/** «Загрузка…» while a view's chunk loads; when it could not be loaded, says so with a way out. */
function ViewFrame(props: { failed: boolean }) {
  const text = useText(PAGE_TEXT);
  if (!props.failed) return <Loading />;
  return (
    <div class="notice notice--error" role="alert">
      <p>{text.viewFailed}</p>
      <button type="button" class="button" onClick={() => window.location.reload()}>
        {text.reloadPage}
      </button>
    </div>
  );
}

/** The settings view, once its chunk is in. */
function LazyManage(props: { students: readonly DashboardStudent[]; onChanged: () => void }) {
  const part = useLazy(loadManage);
  return part.kind === 'ready' ? <part.module.ManageView {...props} /> : <ViewFrame failed={part.kind === 'failed'} />;
}

/** The mail view, once its chunk is in; `news` has its open list read new mail. */
function LazyMail(props: { news: MailNews }) {
  const part = useLazy(loadMail);
  return part.kind === 'ready' ? <part.module.MailView {...props} /> : <ViewFrame failed={part.kind === 'failed'} />;
}
