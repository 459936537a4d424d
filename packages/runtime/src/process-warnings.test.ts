import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { logProcessWarnings } from './process-warnings';

describe('logProcessWarnings', () => {
  it('sends warnings to the logger instead of Node printer, and puts the printer back', async () => {
    const before = process.listeners('warning');
    const logged: Array<{ message: string; meta?: Record<string, unknown> }> = [];
    const restore = logProcessWarnings({ warn: (message, meta) => logged.push({ message, meta }) });
    expect(process.listeners('warning')).toHaveLength(1);

    const emitted = once(process, 'warning');
    process.emitWarning('11 abort listeners added', 'MaxListenersExceededWarning');
    await emitted;
    expect(logged).toEqual([
      {
        message: 'MaxListenersExceededWarning: 11 abort listeners added',
        meta: {
          warning: expect.objectContaining({
            name: 'MaxListenersExceededWarning',
            message: '11 abort listeners added',
          }) as unknown,
        },
      },
    ]);

    restore();
    expect(process.listeners('warning')).toEqual(before);
  });
});
