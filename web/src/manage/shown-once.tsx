/**
 * Something the gateway shows once and keeps no copy of (an invitation code, a calendar feed's address): the
 * box that takes keyboard and screen-reader focus when it replaces the form's result, «Скопировать» with its
 * outcome, and the status line that says it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

/** How the last copy went; `null` before one. */
export type CopyOutcome = 'yes' | 'failed' | null;

/** Whether this browser lets the page write to the clipboard (secure origins only). */
export function canCopy(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.clipboard?.writeText === 'function';
}

/** The focus box, the copy's outcome and the copy itself, for `value` shown once. */
export function useShownOnce(value: string) {
  const box = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<CopyOutcome>(null);
  // The value replaces the form's result: take keyboard and screen-reader focus to it.
  useEffect(() => box.current?.focus(), [value]);
  const copy = () => {
    const writing = canCopy() ? navigator.clipboard.writeText(value) : Promise.reject(new Error('no clipboard'));
    writing.then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return { box, copied, copy };
}

/** The copy's outcome, said to screen readers. */
export function CopyStatus(props: { copied: CopyOutcome; copiedText: string; failedText: string }) {
  const { copied } = props;
  return (
    <p role="status" class={copied === 'failed' ? 'manage-hint manage-hint--bad' : 'manage-hint'}>
      {copied === 'yes' ? props.copiedText : copied === 'failed' ? props.failedText : null}
    </p>
  );
}
