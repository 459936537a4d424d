import { describe, expect, it } from 'vitest';
import { joinScheduleNote, splitScheduleNote, type ScheduleNotes } from './schedule-note';

describe('schedule notes', () => {
  it.each<[ScheduleNotes, string]>([
    [{ note: 'hourly run' }, 'hourly run'],
    [{ note: 'hourly run', pauseNote: 'API down' }, 'hourly run\nPaused: API down'],
    [{ note: '', pauseNote: 'API down' }, 'Paused: API down'],
    [{ note: 'two\nlines', pauseNote: 'x' }, 'two\nlines\nPaused: x'],
  ])('joins %j and splits it back', (notes, text) => {
    expect(joinScheduleNote(notes)).toBe(text);
    expect(splitScheduleNote(text, notes.pauseNote !== undefined)).toEqual(notes);
  });

  it('reads a note someone else paused with as the pause note', () => {
    expect(splitScheduleNote('paused due to workflow failure: wf-1: boom', true)).toEqual({
      note: '',
      pauseNote: 'paused due to workflow failure: wf-1: boom',
    });
  });

  it('ignores a stale pause line once unpaused', () => {
    expect(splitScheduleNote('hourly run\nPaused: API down', false)).toEqual({
      note: 'hourly run',
    });
  });
});
