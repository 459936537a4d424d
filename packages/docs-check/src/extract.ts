import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One shell command shown in a README's code block. */
export interface DocumentedCommand {
  /** The README, relative to the repository root. */
  file: string;
  /** 1-based line of the command in the README. */
  line: number;
  /** Environment assignments written before the command (`TEMPORAL_ADDRESS=… pnpm …`). */
  env: Record<string, string>;
  /** The command's words, shell-quoted words unquoted. */
  argv: string[];
  /** The command as written, without its trailing comment. */
  text: string;
  /** The folder a `cd <dir> &&` earlier in the same line moves to, as written. */
  cwd?: string;
}

const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'console']);

/** Every `README.md` under `root`, outside `node_modules`, build output and hidden folders. */
export function findReadmes(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || ['node_modules', 'dist', 'coverage'].includes(entry.name))
        continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === 'README.md') found.push(path);
    }
  };
  walk(root);
  return found.sort();
}

/**
 * The commands of a README's shell code blocks (```sh, ```bash, ```shell): one per line, with
 * `\` continuations joined and `&&` chains split, each split into words as a POSIX shell would
 * (single and double quotes, no expansion). A `cd <dir>` in a chain is not a command of its
 * own: it becomes the `cwd` of the commands after it. Lines that are comments or output are
 * skipped.
 */
export function extractCommands(root: string, path: string): DocumentedCommand[] {
  const file = relative(root, path);
  const lines = readFileSync(path, 'utf8').split('\n');
  const commands: DocumentedCommand[] = [];
  let inShell = false;
  let inFence = false;
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    const fence = /^\s*```(\w*)/.exec(raw);
    if (fence) {
      if (inFence) {
        inFence = false;
        inShell = false;
      } else {
        inFence = true;
        inShell = SHELL_LANGUAGES.has(fence[1]!);
      }
      continue;
    }
    if (!inShell) continue;
    let text = raw;
    const start = index;
    while (text.trimEnd().endsWith('\\') && index + 1 < lines.length) {
      text = `${text.trimEnd().slice(0, -1)} ${lines[++index]!.trim()}`;
    }
    const words = splitWords(text);
    if (words.length === 0) continue;
    let cwd: string | undefined;
    for (const part of splitChain(words)) {
      if (part[0] === 'cd' && part.length === 2) {
        cwd = part[1];
        continue;
      }
      const env: Record<string, string> = {};
      while (part.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(part[0]!)) {
        const [name, ...value] = part.shift()!.split('=');
        env[name!] = value.join('=');
      }
      if (part.length === 0) continue;
      commands.push({
        file,
        line: start + 1,
        env,
        argv: part,
        text: stripComment(text).trim(),
        ...(cwd !== undefined && { cwd }),
      });
    }
  }
  return commands;
}

function splitChain(words: string[]): string[][] {
  const parts: string[][] = [[]];
  for (const word of words) {
    if (word === '&&') parts.push([]);
    else parts[parts.length - 1]!.push(word);
  }
  return parts.filter((part) => part.length > 0);
}

function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      return text.slice(0, i);
    }
  }
  return text;
}

/** Splits a command line into words: quotes group and are removed; `#` starts a comment. */
function splitWords(line: string): string[] {
  const text = stripComment(line);
  const words: string[] = [];
  let current: string | undefined;
  let quote: string | undefined;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current ??= '';
    } else if (/\s/.test(char)) {
      if (current !== undefined) words.push(current);
      current = undefined;
    } else {
      current = (current ?? '') + char;
    }
  }
  if (current !== undefined) words.push(current);
  return words;
}
