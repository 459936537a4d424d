// `ingest follow`: starts the follower of this task queue and destination, or attaches to the one
// running (signal-with-start), and shows its lag live; `--stop` ends it cleanly.
import {
  addOptionFlag,
  FOLLOW_FLAGS,
  followInputFromFlags,
  type FollowFlags,
  writeOut,
  type CliContext,
  inheritFlags,
  watchUntilInterrupted,
  nonEmpty,
  positiveInteger,
} from '@hn/runtime/cli';
import {
  FOLLOW_OPTIONS,
  FOLLOW_PRIORITY,
  TASK_QUEUE,
  followWorkflowId,
  redactUrl,
} from '@hn/contract';
import {
  HackerNewsFollowWorkflow,
  attachFollowSignal,
  followStatusQuery,
  stopFollowUpdate,
} from '@hn/workflows';
import type { Command } from 'commander';

import { updateIfRunning } from '@hn/runtime/client';
import { followStatusLine, toTerminalJson } from '@hn/runtime';
import { destinationText } from './stored-period';

/** Options of `ingest follow`, as commander parses them. */
type FollowOptions = FollowFlags & { stop?: boolean; taskQueue?: string; json?: boolean };

/** The flags `ingest` itself defines land on the group when given: taken; its targets refused. */
function withGroupFlags(own: FollowOptions, group: Command): FollowOptions {
  return inheritFlags(own, group, {
    takeGiven: ['json', 'taskQueue', 'concurrency', 'chunkSize'],
    refuse: {
      options: ['last', 'from', 'to', 'ids', 'workflowId'],
      what: (flags) =>
        `'ingest follow' takes no ${flags.join(' or ')}: it follows from its cursor (--from-id when it starts), under a workflow id of its own.`,
    },
  });
}

/** Registers `ingest follow` under the `ingest` group. */
export function registerFollowCommand(group: Command, ctx: CliContext): void {
  const command = group
    .command('follow')
    .summary('Follow Hacker News live: store new items within seconds and refresh changed ones.')
    .description(
      'Starts HackerNewsFollowWorkflow for this task queue and destination (HN_DESTINATION), or ' +
        'attaches to the one running: it stores every new id in id order, refreshes items ' +
        '/v0/updates lists and settles items at 1 h, 1 d, 3 d and 14 d. On a terminal its lag is ' +
        'shown live until Ctrl-C (the follower keeps running); otherwise its status is printed once.',
    )
    .option('--stop', 'end the follower cleanly and print its final status')
    .option('--from-id <id>', 'first id to store, when it starts', positiveInteger('--from-id'));
  for (const name of FOLLOW_FLAGS) addOptionFlag(command, name, FOLLOW_OPTIONS[name]);
  command
    .option(
      '--task-queue <name>',
      `task queue of the workers (default ${TASK_QUEUE})`,
      nonEmpty('--task-queue'),
    )
    .option('--json', 'print the status as JSON once')
    .addHelpText(
      'after',
      `
There is one follower per task queue and destination; its options apply when it starts. Its
workflow id is derived from both, so 'ingest follow' run twice attaches to the same follower.`,
    )
    .action((flags: FollowOptions, own: Command) =>
      runFollow(ctx, withGroupFlags(flags, own.parent!)),
    );
}

async function runFollow(ctx: CliContext, flags: FollowOptions): Promise<void> {
  const input = followInputFromFlags(flags);
  const taskQueue = flags.taskQueue ?? TASK_QUEUE;
  const workflowId = followWorkflowId(taskQueue, destinationText());
  const { client, close } = await ctx.connect();
  try {
    if (flags.stop === true) {
      const final = await updateIfRunning(client, workflowId, stopFollowUpdate);
      if (final === undefined) {
        writeOut(ctx, flags.json === true ? 'null' : `No follower ${workflowId} is running.`);
      } else {
        writeOut(ctx, flags.json === true ? toTerminalJson(final) : followStatusLine(final));
      }
      return;
    }
    const handle = await client.workflow.signalWithStart(HackerNewsFollowWorkflow, {
      workflowId,
      taskQueue,
      args: [input],
      signal: attachFollowSignal,
      // 1, the highest: ahead of scheduled runs and backfills on shared workers.
      priority: FOLLOW_PRIORITY,
      staticSummary: `follow Hacker News into ${redactUrl(destinationText())}`,
    });
    const status = await handle.query(followStatusQuery);
    if (flags.json === true || !ctx.status.enabled) {
      writeOut(ctx, flags.json === true ? toTerminalJson(status) : followStatusLine(status));
      return;
    }
    writeOut(ctx, `following as ${workflowId} (Ctrl-C stops watching; --stop ends the follower)`);
    await watchUntilInterrupted(ctx, async () =>
      followStatusLine(await handle.query(followStatusQuery)),
    );
  } finally {
    await close();
  }
}
