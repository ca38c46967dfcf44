import type { Command } from './commands.ts';
import type { EditorDocument } from './document.ts';

export type HistoryReason = 'execute' | 'undo' | 'redo';

export interface HistoryOptions {
  /** Commands that can merge (nudges, comment typing) do so only within this many ms. */
  mergeWindowMs?: number;
  limit?: number;
  now?: () => number;
}

/** Undo/redo stacks over an EditorDocument. `onChange` fires after every execute, undo and redo. */
export class History {
  private undoStack: Command[] = [];
  private redoStack: Command[] = [];
  private lastTime = -Infinity;
  private readonly mergeWindowMs: number;
  private readonly limit: number;
  private readonly now: () => number;
  onChange: (reason: HistoryReason, command: Command) => void = () => {};

  constructor(
    private readonly doc: EditorDocument,
    options: HistoryOptions = {},
  ) {
    this.mergeWindowMs = options.mergeWindowMs ?? 1500;
    this.limit = options.limit ?? 500;
    this.now = options.now ?? (() => Date.now());
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  get undoSize(): number {
    return this.undoStack.length;
  }

  execute(command: Command): void {
    command.apply(this.doc);
    this.redoStack = [];
    const time = this.now();
    const last = this.undoStack[this.undoStack.length - 1];
    const merged =
      last !== undefined && time - this.lastTime <= this.mergeWindowMs && last.merge?.(command);
    if (!merged) {
      this.undoStack.push(command);
      if (this.undoStack.length > this.limit) this.undoStack.shift();
    }
    this.lastTime = time;
    this.onChange('execute', command);
  }

  undo(): boolean {
    const command = this.undoStack.pop();
    if (!command) return false;
    command.revert(this.doc);
    this.redoStack.push(command);
    this.lastTime = -Infinity;
    this.onChange('undo', command);
    return true;
  }

  redo(): boolean {
    const command = this.redoStack.pop();
    if (!command) return false;
    command.apply(this.doc);
    this.undoStack.push(command);
    this.lastTime = -Infinity;
    this.onChange('redo', command);
    return true;
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
    this.lastTime = -Infinity;
  }
}
