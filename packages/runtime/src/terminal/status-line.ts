import { fit } from './text';

/** Where a CLI writes: `process.stdout`, `process.stderr`, or a stand-in in tests. */
export interface TerminalStream {
  write(text: string): unknown;
  /** `true` on an interactive terminal. */
  isTTY?: boolean;
  /** Its width, when it is a terminal. */
  columns?: number;
}

/** Carriage return, then "erase the whole line". */
const CLEAR_LINE = '\r\x1b[2K';

/**
 * One line of transient status (a progress bar) redrawn in place on a terminal stream, sized
 * to that stream's own width. It draws nothing when the stream is not a terminal. Anything else
 * written to the same stream must {@link StatusLine.clear} it first, so a message never ends up
 * on top of, or under, a half-drawn bar.
 */
export class StatusLine {
  #drawn = false;

  constructor(private readonly stream: TerminalStream) {}

  /** Whether it draws at all: the stream is a terminal. */
  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  /**
   * Columns a line may take: one less than the stream's width, so the cursor never wraps to
   * the next line (where a carriage return could no longer reach the start of the bar).
   */
  get width(): number {
    return Math.max(10, (this.stream.columns ?? 80) - 1);
  }

  /** Replaces the line with `text`, sanitised and cut to {@link StatusLine.width}. */
  draw(text: string): void {
    if (!this.enabled) return;
    this.stream.write(`${CLEAR_LINE}${fit(text, this.width)}`);
    this.#drawn = true;
  }

  /** Erases the line if one is drawn. */
  clear(): void {
    if (!this.#drawn) return;
    this.stream.write(CLEAR_LINE);
    this.#drawn = false;
  }
}
