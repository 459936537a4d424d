import type { Scenario, ScenarioResponse } from '../scenario';

/**
 * A named hostile case: the ids its story list serves, in order, and the answer for each item
 * id. Cases use disjoint id ranges, so several can be served at once.
 */
export interface HostileCase {
  name: string;
  /** The list's ids in order, duplicates included. */
  ids: number[];
  items: Record<number, ScenarioResponse>;
}

/** Serves `hostileCase` as every story list. */
export function scenarioOf(hostileCase: HostileCase): Scenario {
  const list: ScenarioResponse = { kind: 'json', body: hostileCase.ids };
  return {
    lists: { top: list, new: list, best: list, ask: list, show: list, job: list },
    items: hostileCase.items,
  };
}

/** A valid story item, as the real API serves one; `extra` overrides or adds fields. */
export function hostileStory(
  id: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    type: 'story',
    by: `user${id}`,
    time: 1_700_000_000 + id,
    title: `Story ${id}`,
    url: `https://example.com/${id}`,
    score: id % 1000,
    descendants: id % 100,
    ...extra,
  };
}

/**
 * Terminal control and escape sequences an item's text may carry, each one a way to attack the
 * terminal that prints it.
 */
export const TERMINAL_SEQUENCES = {
  /** CSI: clear the screen, then red text. */
  csi: '\u001b[2J\u001b[H\u001b[31mred\u001b[0m',
  /** OSC 8: a hyperlink whose text hides its target. */
  osc8: '\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007',
  /** OSC 52: writes the user's clipboard. */
  osc52: '\u001b]52;c;cm0gLXJmIH4=\u0007',
  /** An OSC left open, which swallows what follows when a title is cut. */
  oscUnterminated: '\u001b]0;title',
  /** DCS: a device control string. */
  dcs: '\u001bP$q"p\u001b\\',
  /** A carriage return that overwrites the line. */
  carriageReturn: 'innocent\rEVIL',
  /** NUL, which C strings and PostgreSQL text cannot hold. */
  nul: 'before\u0000after',
  /** C1 controls: an 8-bit CSI and NEL. */
  c1: '\u009b31mred\u0085next',
  /** Bidi overrides that reverse what is shown. */
  bidi: '\u202eevil\u202c \u2066isolate\u2069 \u200f',
  /** Backspace and delete. */
  backspace: 'abc\b\b\bXYZ\u007f',
} as const;

/** One story per {@link TERMINAL_SEQUENCES} entry, in title, author and text. Ids from 1001. */
export function terminalSequencesCase(): HostileCase {
  const items: Record<number, ScenarioResponse> = {};
  const ids: number[] = [];
  Object.values(TERMINAL_SEQUENCES).forEach((sequence, index) => {
    const id = 1001 + index;
    ids.push(id);
    items[id] = {
      kind: 'json',
      body: hostileStory(id, {
        title: `Title ${sequence} end`,
        by: `u${sequence}`,
        text: `<p>${sequence}</p>`,
      }),
    };
  });
  return { name: 'terminal sequences', ids, items };
}

/**
 * `count` stories whose titles are `titleBytes` of plain ASCII each: the sizes that once failed
 * a workflow task for good (100 × 30 KB) or lost a whole run (50 × 100 KB). Ids from `firstId`.
 */
export function oversizedTitlesCase(
  count: number,
  titleBytes: number,
  firstId = 100_001,
): HostileCase {
  const items: Record<number, ScenarioResponse> = {};
  const ids = Array.from({ length: count }, (_, index) => firstId + index);
  for (const id of ids) {
    const title = `${id} ${'oversized title '.repeat(Math.ceil(titleBytes / 16))}`.slice(
      0,
      titleBytes,
    );
    items[id] = { kind: 'json', body: hostileStory(id, { title }) };
  }
  return { name: `${count} × ${titleBytes}-byte titles`, ids, items };
}

/**
 * `count` stories whose every field is the worst case for a JSON payload: a 5 KB title and a
 * 1 KB author of control characters (6 bytes each once escaped), a 1.9 KB url of quotes. Ids
 * from 200,001.
 */
export function worstJsonCase(count: number): HostileCase {
  const items: Record<number, ScenarioResponse> = {};
  const ids = Array.from({ length: count }, (_, index) => 200_001 + index);
  for (const id of ids) {
    items[id] = {
      kind: 'json',
      body: hostileStory(id, {
        title: `${id}${'\u0001'.repeat(5_000)}`,
        by: '\u0002'.repeat(1_000),
        url: `https://example.com/${'"'.repeat(1_900)}`,
      }),
    };
  }
  return { name: `${count} stories of worst-case JSON`, ids, items };
}

/** A list that repeats ids: 3001 three times, 3002 twice. */
export function duplicateIdsCase(): HostileCase {
  const items: Record<number, ScenarioResponse> = {
    3001: { kind: 'json', body: hostileStory(3001) },
    3002: { kind: 'json', body: null },
    3003: { kind: 'json', body: hostileStory(3003) },
  };
  return { name: 'duplicate ids', ids: [3001, 3002, 3001, 3003, 3002, 3001], items };
}

/** Item 4001 trickles its body one byte every `intervalMs`; 4002 and 4003 answer at once. */
export function slowDripCase(intervalMs = 200): HostileCase {
  return {
    name: 'slow drip',
    ids: [4001, 4002, 4003],
    items: {
      4001: { kind: 'drip', body: JSON.stringify(hostileStory(4001)), intervalMs },
      4002: { kind: 'json', body: hostileStory(4002) },
      4003: { kind: 'json', body: hostileStory(4003) },
    },
  };
}

/** Bodies that are not JSON: truncated, HTML, empty, binary, trailing garbage. Ids 5001–5006. */
export function garbledBodiesCase(): HostileCase {
  const whole = JSON.stringify(hostileStory(5001));
  return {
    name: 'garbled bodies',
    ids: [5001, 5002, 5003, 5004, 5005, 5006],
    items: {
      5001: { kind: 'raw', body: whole.slice(0, whole.length - 7) },
      5002: {
        kind: 'raw',
        body: '<html><body>502 Bad Gateway</body></html>',
        contentType: 'text/html',
      },
      5003: { kind: 'raw', body: '' },
      5004: { kind: 'raw', body: '\u0000\u00ff\ufffd\u0001binary' },
      5005: { kind: 'raw', body: `${JSON.stringify(hostileStory(5005))}}garbage` },
      5006: { kind: 'json', body: hostileStory(5006) },
    },
  };
}

/** Item 6001 answers as item 6002 (which is also listed, with its own answer); 6003 as 9. */
export function wrongIdsCase(): HostileCase {
  return {
    name: 'wrong ids',
    ids: [6001, 6002, 6003],
    items: {
      6001: { kind: 'json', body: hostileStory(6002, { title: 'Impostor of 6002' }) },
      6002: { kind: 'json', body: hostileStory(6002) },
      6003: { kind: 'json', body: hostileStory(9, { title: 'Impostor of 9' }) },
    },
  };
}

/** Item urls of every scheme but http(s), and some that only look like URLs. Ids from 7001. */
export const UNSAFE_URLS = [
  'javascript:alert(document.cookie)',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  ' javascript:alert(1)',
  'file:///etc/passwd',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'ftp://example.com/file',
  '//evil.example/path',
  '/relative/path',
  `https://example.com/${'a'.repeat(3_000)}`,
] as const;

/** One story per {@link UNSAFE_URLS} entry, then one with a safe url. */
export function unsafeUrlsCase(): HostileCase {
  const items: Record<number, ScenarioResponse> = {};
  const ids: number[] = [];
  [...UNSAFE_URLS, 'https://example.com/safe?q=1#top'].forEach((url, index) => {
    const id = 7001 + index;
    ids.push(id);
    items[id] = { kind: 'json', body: hostileStory(id, { url }) };
  });
  return { name: 'unsafe url schemes', ids, items };
}

/**
 * Deep and huge JSON: 100,000 levels of nesting in `kids` (8001) and in an unknown field (8002),
 * a 900 KB text under the body cap (8003), a 1.5 MB title over it (8004).
 */
export function hugeJsonCase(): HostileCase {
  const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const open = (id: number): string => JSON.stringify(hostileStory(id)).slice(0, -1);
  return {
    name: 'deep and huge JSON',
    ids: [8001, 8002, 8003, 8004],
    items: {
      8001: { kind: 'raw', body: `${open(8001)},"kids":${nested}}` },
      8002: { kind: 'raw', body: `${open(8002)},"extra":${nested}}` },
      8003: { kind: 'json', body: hostileStory(8003, { text: 'x'.repeat(900_000) }) },
      8004: { kind: 'json', body: hostileStory(8004, { title: 'T'.repeat(1_500_000) }) },
    },
  };
}

/** Fields of the wrong type: score and id as strings, a numeric title, an unknown type. */
export function wrongTypesCase(): HostileCase {
  return {
    name: 'wrong types',
    ids: [9001, 9002, 9003, 9004, 9005],
    items: {
      9001: { kind: 'json', body: hostileStory(9001, { score: '12' }) },
      9002: { kind: 'json', body: hostileStory(9002, { id: '9002' }) },
      9003: { kind: 'json', body: hostileStory(9003, { title: 42 }) },
      9004: { kind: 'json', body: hostileStory(9004, { type: 'article' }) },
      9005: { kind: 'json', body: hostileStory(9005, { time: 1e300 }) },
    },
  };
}
