import { describe, expect, it } from 'vitest';
import {
  detailsText,
  ingestRunSummary,
  ingestScheduleSummary,
  MAX_SUMMARY_LENGTH,
  summaryText,
} from './index';

describe('ingestRunSummary', () => {
  it('names a window in short UTC instants, the end without its date on the same day', () => {
    const window = { start: '2026-11-30T13:00:00.000Z', end: '2026-11-30T14:00:00.000Z' };
    expect(ingestRunSummary({ kind: 'window', window })).toBe('HN ingest 2026-11-30T13:00Z–14:00Z');
    const days = { start: '2026-11-30T23:30:15.000Z', end: '2026-12-01T00:30:00.250Z' };
    expect(ingestRunSummary({ kind: 'window', window: days })).toBe(
      'HN ingest 2026-11-30T23:30:15Z–2026-12-01T00:30:00.250Z',
    );
  });

  it('names an id range', () => {
    expect(ingestRunSummary({ kind: 'ids', fromId: 1, toId: 3000 })).toBe('HN ingest ids 1..3000');
  });
});

describe('ingestScheduleSummary', () => {
  it('names the rule every run follows', () => {
    expect(ingestScheduleSummary()).toBe(
      'HN ingest: the 1h partition ending at each scheduled time',
    );
  });
});

describe('summaryText', () => {
  it('makes one safe line: controls, line breaks and bidi overrides become one space', () => {
    expect(summaryText(' a\nb\r\n\tc\u0007d\u202ee\u2028f\u009b ')).toBe('a b c d e f');
  });

  it('cuts to the limit by code points, with an ellipsis', () => {
    const cut = summaryText('🦀'.repeat(MAX_SUMMARY_LENGTH + 5));
    expect([...cut]).toHaveLength(MAX_SUMMARY_LENGTH);
    expect(cut.endsWith('…')).toBe(true);
    expect(summaryText('abcdef', 4)).toBe('abc…');
    expect(summaryText('abcd', 4)).toBe('abcd');
  });
});

describe('detailsText', () => {
  it('keeps line breaks, drops other controls, cuts to the limit', () => {
    expect(detailsText('**a**\r\nb\u0000c\n')).toBe('**a**\nb c');
    expect(detailsText('x'.repeat(10), 5)).toBe('xxxx…');
  });
});
