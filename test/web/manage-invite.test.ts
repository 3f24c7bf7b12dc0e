import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  invitationInstructions,
  inviteInput,
  scopesWithMessages,
  type InviteFields,
} from '../../web/src/manage/invite-input.js';

const fields: InviteFields = {
  studentId: 'stu_masha',
  by: 'FULL_NAME',
  fullName: '  Иванова   Галина Петровна ',
  phone: '+7 916 555-01-99',
  until: '',
  messages: false,
};

describe('inviteInput', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('sends the name the parent chose, tidied, and not the other field', () => {
    expect(inviteInput(fields)).toEqual({ studentId: 'stu_masha', fullName: 'Иванова Галина Петровна' });
  });

  it('sends the phone when the parent chose the phone', () => {
    expect(inviteInput({ ...fields, by: 'PHONE' })).toEqual({ studentId: 'stu_masha', phone: '+7 916 555-01-99' });
  });

  it('ends access at the end of the chosen day, with the phone’s offset', () => {
    vi.stubEnv('TZ', 'Europe/Moscow');
    expect(inviteInput({ ...fields, until: '2027-03-01' })).toEqual({
      studentId: 'stu_masha',
      fullName: 'Иванова Галина Петровна',
      expiresAt: '2027-03-01T23:59:59+03:00',
    });
  });

  it('asks for messages and notices only when the box is ticked', () => {
    expect(inviteInput({ ...fields, messages: true })).toEqual({
      studentId: 'stu_masha',
      fullName: 'Иванова Галина Петровна',
      extraScopes: ['MESSAGES'],
    });
    expect(inviteInput(fields)).not.toHaveProperty('extraScopes');
  });

  it('asks for the child and the invitee before sending', () => {
    expect(inviteInput({ ...fields, studentId: '' })).toEqual({ problem: 'student' });
    expect(inviteInput({ ...fields, fullName: '   ' })).toEqual({ problem: 'invitee' });
    expect(inviteInput({ ...fields, by: 'PHONE', phone: '' })).toEqual({ problem: 'invitee' });
  });
});

describe('scopesWithMessages', () => {
  it('turns MESSAGES on or off, once, keeping the other scopes', () => {
    expect(scopesWithMessages([], true)).toEqual(['MESSAGES']);
    expect(scopesWithMessages(['MESSAGES'], true)).toEqual(['MESSAGES']);
    expect(scopesWithMessages(['MESSAGES'], false)).toEqual([]);
    expect(scopesWithMessages(['OTHER', 'MESSAGES'], false)).toEqual(['OTHER']);
  });
});

describe('invitationInstructions', () => {
  it('tells the invitee where to enter the code, naming them and the child', () => {
    const text = invitationInstructions('Иванова Галина Петровна', 'Иванова Мария Олеговна', 'ru');
    expect(text).toContain('Иванова Галина Петровна');
    expect(text).toContain('«У меня есть код приглашения»');
    expect(text).toContain('Иванова Мария Олеговна');
    expect(invitationInstructions(null, null, 'en')).toContain('the invitee');
  });
});
