/**
 * A titled sub-section of a child card that opens and closes, so a phone screen is not endless. It follows
 * the WAI-ARIA disclosure pattern: the `<h3>` holds a real button with `aria-expanded`, so the heading
 * stays in the page's outline (a heading inside `<summary>` loses its role in some screen readers) and
 * Enter or Space toggles it. A short hint beside the title says what is inside while closed.
 *
 * The sub-section is not a landmark (a `<section>` without a name is none): every child's card has the
 * same four, so regions «Уроки», «Оценки»… in each card would repeat one another in a screen reader's
 * list of landmarks (axe: `landmark-unique`) and bury the cards there. The card is the region; its `<h3>`s
 * are the way in.
 */
import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';

/** A sub-section with an `<h3>` title (its text is stable: tests and screen readers find the heading by name). */
export function Disclosure(props: {
  title: string;
  /** What is inside, in a few words, shown beside the title (not part of the heading's name). */
  hint?: string | null;
  defaultOpen: boolean;
  children: ComponentChildren;
}) {
  const [open, setOpen] = useState(props.defaultOpen);
  const id = useId();
  return (
    <section class="part">
      <div class="part__head">
        <h3 class="part__title">
          <button
            type="button"
            class="part__toggle"
            aria-expanded={open}
            aria-controls={`${id}-body`}
            onClick={() => setOpen((value) => !value)}
          >
            <span class="part__chevron" aria-hidden="true" />
            {props.title}
          </button>
        </h3>
        {props.hint ? <span class="part__hint">{props.hint}</span> : null}
      </div>
      <div id={`${id}-body`} class="part__body" hidden={!open}>
        {props.children}
      </div>
    </section>
  );
}
