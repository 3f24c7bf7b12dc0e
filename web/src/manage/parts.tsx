/**
 * Pieces every settings section uses (and the mail view and the cards' signatures, which act the same way): the
 * failure box beside a form, the in-page confirmation of a destructive action, the frame of a list that loads,
 * and the sentence on when a trusted person sees mail.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useText } from '../i18n.js';
import type { Action, LoadState } from './use-manage.js';

/** Why the action beside it failed; nothing when it did not. */
export function ErrorBox(props: { message: string | null }) {
  // The box is always in the page (empty when all is well), so screen readers announce the message
  // when it appears; an alert inserted with its text is not announced by every reader.
  return (
    <div class={props.message ? 'notice notice--error manage-error' : 'manage-error--empty'} role="alert">
      {props.message}
    </div>
  );
}

/**
 * A form's submit button, in its own row: `label`, or `busyLabel` while the form's action runs. Disabled
 * meanwhile, so a second press cannot send the form twice (the action refuses one too).
 */
export function SubmitButton(props: { running: boolean; label: string; busyLabel: string }) {
  return (
    <div class="manage-actions">
      <button type="submit" class="button button--primary" disabled={props.running}>
        {props.running ? props.busyLabel : props.label}
      </button>
    </div>
  );
}

const CONFIRM_TEXT = {
  ru: { cancel: 'Отмена', working: 'Выполняется…' },
  en: { cancel: 'Cancel', working: 'Working…' },
};

/**
 * A destructive action's button that asks first, in the page: pressing it shows `question` with
 * `confirmLabel` and «Отмена»; only the confirmation runs `onConfirm`. Keyboard focus moves to «Отмена»
 * (the safe choice) and comes back to the button when the parent cancels.
 */
export function ConfirmAction(props: {
  label: string;
  /** Said to screen readers after `label`, so that a list's many «Отключить» say what each one is for. */
  labelContext?: string;
  question: ComponentChildren;
  confirmLabel: string;
  action: Action;
  /** Runs the action (through `action.run`); the question stays open when it failed, beside its message. */
  onConfirm: () => Promise<boolean>;
  /** Not the red style: the action changes things but destroys nothing (merging two children). */
  calm?: boolean;
}) {
  const text = useText(CONFIRM_TEXT);
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  const trigger = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (asking) cancel.current?.focus();
    else if (returnFocus.current) trigger.current?.focus();
    returnFocus.current = false;
  }, [asking]);

  const style = props.calm ? 'button' : 'button button--danger';
  if (!asking)
    return (
      <button
        type="button"
        ref={trigger}
        class={style}
        disabled={props.action.running}
        onClick={() => {
          props.action.clear();
          setAsking(true);
        }}
      >
        {props.label}
        {props.labelContext ? <span class="visually-hidden"> {props.labelContext}</span> : null}
      </button>
    );
  return (
    <div
      class={props.calm ? 'manage-confirm manage-confirm--calm' : 'manage-confirm'}
      role="group"
      aria-labelledby={questionId}
    >
      <p id={questionId} class="manage-confirm__question">
        {props.question}
      </p>
      <div class="manage-actions">
        <button
          type="button"
          class={props.calm ? 'button button--primary' : 'button button--danger'}
          disabled={props.action.running}
          onClick={() => {
            void props.onConfirm().then((done) => {
              if (done) setAsking(false);
            });
          }}
        >
          {props.action.running ? text.working : props.confirmLabel}
        </button>
        <button
          type="button"
          ref={cancel}
          class="button"
          disabled={props.action.running}
          onClick={() => {
            returnFocus.current = true;
            props.action.clear();
            setAsking(false);
          }}
        >
          {text.cancel}
        </button>
      </div>
    </div>
  );
}

const LOAD_TEXT = {
  ru: { loading: 'Загрузка…', retry: 'Повторить' },
  en: { loading: 'Loading…', retry: 'Try again' },
};

/** A loaded list's frame: «Загрузка…», the failure with «Повторить», or `children` with the data. */
export function Loaded<TData>(props: {
  state: LoadState<TData>;
  reload: () => void;
  children: (data: TData) => ComponentChildren;
}) {
  const text = useText(LOAD_TEXT);
  const { state } = props;
  if (state.kind === 'loading')
    return (
      <p class="status" role="status">
        {text.loading}
      </p>
    );
  const problem = state.kind === 'failed' ? state.message : state.problem;
  return (
    <>
      {problem ? (
        <div class="notice notice--error" role="alert">
          <p class="manage-tight">{problem}</p>
          <button type="button" class="button" onClick={props.reload}>
            {text.retry}
          </button>
        </div>
      ) : null}
      {state.kind === 'ready' ? props.children(state.data) : null}
    </>
  );
}

/** A polite live line that says what just happened («Дневник отключён»); empty until then. */
export function StatusLine(props: { message: string | null }) {
  return (
    <p class={props.message ? 'notice notice--ok' : 'manage-error--empty'} role="status">
      {props.message}
    </p>
  );
}

const SCOPE_TEXT = {
  ru: 'Сообщения и объявления дневника касаются всех детей учётной записи, поэтому доверенное лицо увидит их, только когда вы откроете ему каждого ребёнка этой учётной записи с этой отметкой.',
  en: 'A diary account’s messages and notices concern all of its children, so the trusted person sees them only once you share every child of that account with this box ticked.',
};

/** Why a grant's «сообщения и объявления» may show nothing yet: an account's mail needs every child of it shared. */
export function MessagesScopeHint() {
  return <>{useText(SCOPE_TEXT)}</>;
}
