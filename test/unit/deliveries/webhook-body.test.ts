import { describe, expect, it } from 'vitest';
import { renderWebhookBody } from '../../../src/deliveries/webhook-body.js';
import type { ListedChange } from '../../../src/domain/changes.js';
import { absence, fivePoint, grade, lesson } from '../../support/change-fixtures.js';

const BASE = {
  id: 'chg_AAAAAAAAAAAAAAAAAAAAAA',
  childId: 'stu_child',
  provider: 'MESH' as const,
  detectedAt: '2026-11-18T10:15:00+03:00',
  position: '1-0',
  studentId: 'stu_viewer',
  cursor: 'c1.child~1-0',
};

describe('the webhook body', () => {
  it('should render a grade change with the schema’s fields, and nothing of the gateway’s own', () => {
    const change: ListedChange = {
      ...BASE,
      type: 'grade',
      kind: 'GRADE_CHANGED',
      grade: grade({ value: fivePoint('5') }),
      previous: grade(),
    };
    const body = JSON.parse(renderWebhookBody(change));
    expect(body).toEqual({
      version: 1,
      change: {
        id: BASE.id,
        kind: 'GRADE_CHANGED',
        studentId: 'stu_viewer',
        provider: 'MESH',
        detectedAt: BASE.detectedAt,
        grade: {
          id: 'mesh:mark:90001',
          date: '2026-11-18',
          subject: { id: 'mesh:subject:33623', name: 'Алгебра' },
          value: { raw: '5', numeric: 5, fivePoint: 5, scale: 'FIVE_POINT' },
          weight: 1,
          workType: 'Домашняя работа',
          comment: null,
          isPoint: false,
          pointDeadline: null,
          isExam: false,
          countsTowardAverage: true,
          createdAt: '2026-11-18T12:40:00+03:00',
          teacher: { fullName: 'Смирнова Ольга Петровна' },
        },
        previous: expect.objectContaining({ value: { raw: '4', numeric: 4, fivePoint: 4, scale: 'FIVE_POINT' } }),
      },
    });
    // The child's own id, the log position and the viewer's cursor are the gateway's, not the receiver's.
    expect(JSON.stringify(body)).not.toMatch(/stu_child|position|cursor/);
  });

  it('should render lessons without their embedded marks and homework, and absences with their lesson', () => {
    const cancelled: ListedChange = {
      ...BASE,
      type: 'lesson',
      kind: 'LESSON_CANCELLED',
      lesson: lesson({ isCancelled: true }),
      previous: lesson(),
    };
    const rendered = JSON.parse(renderWebhookBody(cancelled)).change;
    expect(rendered.lesson.isCancelled).toBe(true);
    expect(rendered.lesson).not.toHaveProperty('grades');
    expect(rendered.lesson).not.toHaveProperty('homework');
    const missed: ListedChange = { ...BASE, type: 'absence', kind: 'ABSENCE_RECORDED', absence: absence() };
    const body = JSON.parse(renderWebhookBody(missed)).change;
    expect(Object.keys(body.absence).sort()).toEqual(['date', 'kind', 'lesson', 'reason']);
  });

  it('should send new mail as who and when with the id to read it by, and no text', () => {
    const message: ListedChange = {
      ...BASE,
      childId: 'mlg_AAAAAAAAAAAA',
      type: 'message',
      kind: 'MESSAGE_RECEIVED',
      accountId: 'acc_secret',
      messageExternalId: '101',
      sentAt: '2026-11-18T10:00:00+03:00',
      sender: { name: 'Петрова Ольга Ивановна', role: 'CLASS_TEACHER' },
    };
    const body = JSON.parse(renderWebhookBody(message)).change;
    expect(Object.keys(body).sort()).toEqual(
      ['detectedAt', 'id', 'kind', 'messageId', 'provider', 'sender', 'sentAt', 'studentId'].sort(),
    );
    expect(body.messageId).toMatch(/^msg1\./);
  });
});
