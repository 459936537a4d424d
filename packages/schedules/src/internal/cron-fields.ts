import type { CalendarSpecDescription, Range } from '@temporalio/client';
import { Cron } from 'croner';

/** The values each field of a calendar matches, as the Temporal server compiles them. */
export interface CronFields {
  second: number[];
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  /** 0 = Sunday; 7 is folded into 0. */
  dayOfWeek: number[];
  /** `undefined`: any year. */
  year?: number[];
}

/** Years the server recognises in a calendar (its `minCalendarYear`..`maxCalendarYear`). */
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The shorthands the server expands, exactly as it spells them. */
export const CRON_SHORTHANDS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: { list: readonly string[]; minLength: number; offset: number };
}

const RULES = {
  second: { name: 'second', min: 0, max: 59 },
  minute: { name: 'minute', min: 0, max: 59 },
  hour: { name: 'hour', min: 0, max: 23 },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: { list: MONTHS, minLength: 3, offset: 1 } },
  dayOfWeek: {
    name: 'day-of-week',
    min: 0,
    max: 7,
    names: { list: DAYS, minLength: 2, offset: 0 },
  },
  year: { name: 'year', min: MIN_YEAR, max: MAX_YEAR },
} as const satisfies Record<keyof CronFields, FieldRule>;

/**
 * Parses the time fields of a cron string the way the Temporal server does (`parseCronString`
 * and `makeRange` in its scheduler): 5 fields (minute hour day-of-month month day-of-week), 6
 * (plus year) or 7 (second first, plus year); each field `*`, `x`, `x-z`, `x-z/y`, `x/y` (x to the
 * end, every y), a star with a step, or a comma list of those; month names by a prefix of 3 letters or more, day names by 2 or more.
 * No `?`, `L`, `W` or `#`.
 *
 * @throws Error whose message says which field is wrong and why.
 */
export function parseCronFields(fields: readonly string[]): CronFields {
  const at = (index: number) => fields[index]!;
  switch (fields.length) {
    case 5:
      return build(['0', at(0), at(1), at(2), at(3), at(4), '*']);
    case 6:
      return build(['0', at(0), at(1), at(2), at(3), at(4), at(5)]);
    case 7:
      return build([...fields]);
    default:
      throw new Error(`expected 5, 6 or 7 fields, got ${fields.length}`);
  }
}

function build([second, minute, hour, dom, month, dow, year]: string[]): CronFields {
  const years = parseField(year!, RULES.year);
  const all = years.length === MAX_YEAR - MIN_YEAR + 1;
  return {
    second: parseField(second!, RULES.second),
    minute: parseField(minute!, RULES.minute),
    hour: parseField(hour!, RULES.hour),
    dayOfMonth: parseField(dom!, RULES.dayOfMonth),
    month: parseField(month!, RULES.month),
    dayOfWeek: foldSunday(parseField(dow!, RULES.dayOfWeek)),
    ...(!all && { year: years }),
  };
}

function parseField(text: string, rule: FieldRule): number[] {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    let range = part;
    let step = 1;
    let stepped = false;
    if (part.includes('/')) {
      const pieces = part.split('/');
      if (pieces.length !== 2 || !/^\+?\d+$/.test(pieces[1]!)) {
        throw new Error(`${rule.name} field '${text}' has a malformed step in '${part}'`);
      }
      step = Number(pieces[1]);
      if (step < 1) throw new Error(`${rule.name} field '${text}' has a step below 1`);
      range = pieces[0]!;
      stepped = true;
    }
    let start = rule.min;
    let end = rule.max;
    if (range !== '*') {
      if (range.includes('-')) {
        const pieces = range.split('-');
        if (pieces.length !== 2) {
          throw new Error(`${rule.name} field '${text}' has a malformed range '${range}'`);
        }
        start = parseValue(pieces[0]!, rule.min, rule);
        end = parseValue(pieces[1]!, start, rule);
      } else {
        start = parseValue(range, rule.min, rule);
        if (!stepped) end = start;
      }
    }
    for (let value = start; value <= end; value += step) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

function parseValue(text: string, min: number, rule: FieldRule): number {
  const names = rule.names;
  if (names && text.length >= names.minLength && /^[a-z]+$/i.test(text)) {
    const index = names.list.findIndex((name) => name.startsWith(text.toLowerCase()));
    if (index >= 0) return checkRange(index + names.offset, min, rule, text);
  }
  if (!/^\+?\d+$/.test(text)) {
    throw new Error(
      `${rule.name} value '${text}' is not a number${names ? ' or a name' : ''} (allowed: ${rule.min}-${rule.max})`,
    );
  }
  return checkRange(Number(text), min, rule, text);
}

function checkRange(value: number, min: number, rule: FieldRule, text: string): number {
  if (value < min || value > rule.max) {
    throw new Error(
      min > rule.min
        ? `${rule.name} range ends at '${text}', before it starts (${min})`
        : `${rule.name} value ${text} is out of range ${rule.min}-${rule.max}`,
    );
  }
  return value;
}

function foldSunday(days: number[]): number[] {
  return [...new Set(days.map((day) => (day === 7 ? 0 : day)))].sort((a, b) => a - b);
}

/** The value sets of a calendar as `describe` returns it (months and days by name). */
export function calendarFields(calendar: CalendarSpecDescription): CronFields {
  const year = expand(calendar.year ?? [], MIN_YEAR, MAX_YEAR);
  return {
    second: expand(calendar.second ?? [], 0, 59),
    minute: expand(calendar.minute ?? [], 0, 59),
    hour: expand(calendar.hour ?? [], 0, 23),
    dayOfMonth: expand(calendar.dayOfMonth ?? [], 1, 31),
    month: expand(
      (calendar.month ?? []).map((r) => byName(r, MONTHS, 1)),
      1,
      12,
    ),
    dayOfWeek: foldSunday(
      expand(
        (calendar.dayOfWeek ?? []).map((r) => byName(r, DAYS, 0)),
        0,
        6,
      ),
    ),
    ...((calendar.year ?? []).length > 0 && { year }),
  };
}

function byName(range: Range<string>, list: readonly string[], offset: number): Range<number> {
  const index = (name: string) => list.indexOf(name.toLowerCase()) + offset;
  return { start: index(range.start), end: index(range.end), step: range.step };
}

function expand(ranges: readonly Range<number>[], min: number, max: number): number[] {
  if (ranges.length === 0) return range(min, max, 1);
  const values = new Set<number>();
  for (const { start, end, step } of ranges) {
    for (const value of range(start, Math.max(start, end), step || 1)) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

function range(start: number, end: number, step: number): number[] {
  const out: number[] = [];
  for (let value = start; value <= end; value += step) out.push(value);
  return out;
}

/**
 * The matching times of `fields` in `timezone` (default UTC), with the server's semantics: a
 * time matches when every field matches (day-of-month and day-of-week are ANDed, unlike
 * traditional cron). Evaluated by croner on the expanded value lists.
 */
export function cronTimes(fields: CronFields, timezone?: string): Cron {
  const list = (values: readonly number[]) => values.join(',');
  const pattern = [
    list(fields.second),
    list(fields.minute),
    list(fields.hour),
    list(fields.dayOfMonth),
    list(fields.month),
    list(fields.dayOfWeek),
    // The server looks no further than its last calendar year; neither does this.
    fields.year ? list(fields.year) : `${MIN_YEAR}-${MAX_YEAR}`,
  ].join(' ');
  return new Cron(pattern, { domAndDow: true, ...(timezone && { timezone }) });
}
