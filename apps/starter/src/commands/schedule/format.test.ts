import { displayWidth } from '@hn/runtime';
import type { ScheduleListItemView } from '@hn/schedules';
import { TERMINAL_ATTACKS, forbiddenCharacters } from '@hn/testing/forbidden-characters';
import { describe, expect, it } from 'vitest';
import { formatScheduleList } from './format';

describe.each(Object.entries(TERMINAL_ATTACKS))('text from the API with %s', (_, payload) => {
  it('leaves the schedule list safe and within its width', () => {
    const item: ScheduleListItemView = {
      scheduleId: `${payload}-schedule`,
      paused: false,
      spec: { text: `every 1h ${payload}` },
      nextActionTimes: ['2026-01-01T00:00:00.000Z'],
      workflowType: `${payload}Workflow`,
      recentActions: [],
    };
    const output = formatScheduleList([item, item], 70);
    expect(forbiddenCharacters(output)).toEqual([]);
    for (const line of output.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(70);
  });
});
