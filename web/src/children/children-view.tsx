/**
 * Every child on one screen: the diaries' freshness on top (only when something is stale or failing),
 * then one card per child. Never a blank page: a child whose diary failed still shows what came.
 */
import { useState } from 'preact/hooks';
import type { DashboardState } from '../data/use-dashboard.js';
import { useText } from '../i18n.js';
import { ChildCard } from './child-card.js';
import { FreshnessBar } from './freshness.js';
import './children.css';

const TEXT = {
  ru: {
    // Two ways in: a parent links a school's diary; a grandmother or nanny enters the code a parent gave her.
    none: 'Пока здесь нет детей. Подключите школьный дневник или введите код приглашения, если родитель открыл вам доступ, — в разделе',
    manage: '«Дневники и доступ»',
  },
  en: {
    none: 'No children here yet. Link a school diary, or enter the invitation code a parent gave you, under',
    manage: 'Diaries and access',
  },
};

/** Where the card's sub-sections start open: wide screens have room for all of them. */
const WIDE = '(min-width: 760px)';

/** The children view. */
export function ChildrenView(props: {
  state: Extract<DashboardState, { kind: 'ready' }>;
  reload: () => void;
  reloading: boolean;
}) {
  const text = useText(TEXT);
  // Read once: the sub-sections' first state; after that each is the family's choice.
  const [wide] = useState(() => typeof window.matchMedia === 'function' && window.matchMedia(WIDE).matches);
  const { data, errors, range, receivedAt } = props.state;
  const students = data.viewer.students;
  return (
    <div class="children">
      <FreshnessBar
        students={students}
        errors={errors}
        receivedAt={receivedAt}
        reload={props.reload}
        reloading={props.reloading}
      />
      {students.length === 0 ? (
        <p class="card">
          {text.none} <a href="#manage">{text.manage}</a>.
        </p>
      ) : (
        students.map((student) => (
          <ChildCard
            key={student.id}
            student={student}
            range={range}
            openParts={wide}
            revision={receivedAt.getTime()}
          />
        ))
      )}
    </div>
  );
}
