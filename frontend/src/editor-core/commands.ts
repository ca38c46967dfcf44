import type { EditorDocument } from './document.ts';
import { rectsEqual } from './geometry.ts';
import type { Box, Rect } from './types.ts';

/** An undoable change of the document. `apply` and `revert` must be exact inverses. */
export interface Command {
  readonly name: string;
  apply(doc: EditorDocument): void;
  revert(doc: EditorDocument): void;
  /** Absorbs `next` into this command (e.g. successive nudges); returns true if it did. */
  merge?(next: Command): boolean;
}

export class AddBoxCommand implements Command {
  readonly name = 'add-box';
  constructor(private readonly box: Box) {}
  apply(doc: EditorDocument): void {
    doc.addBox(this.box);
  }
  revert(doc: EditorDocument): void {
    doc.removeBox(this.box.id);
  }
}

export class DeleteBoxCommand implements Command {
  readonly name = 'delete-box';
  private index = -1;
  constructor(private readonly box: Box) {}
  apply(doc: EditorDocument): void {
    this.index = doc.indexOf(this.box.id);
    doc.removeBox(this.box.id);
  }
  revert(doc: EditorDocument): void {
    doc.addBox(this.box, this.index < 0 ? undefined : this.index);
  }
}

function toRect(r: Rect): Rect {
  return { x: r.x, y: r.y, width: r.width, height: r.height };
}

/** Move or resize: one command per drag (or per run of keyboard nudges, via `mergeKey`). */
export class SetGeometryCommand implements Command {
  readonly name: string;
  private before: Rect;
  private after: Rect;
  constructor(
    readonly boxId: string,
    before: Rect,
    after: Rect,
    kind: 'move' | 'resize' | 'nudge' = 'move',
  ) {
    this.name = `${kind}-box`;
    this.before = toRect(before);
    this.after = toRect(after);
  }
  apply(doc: EditorDocument): void {
    doc.updateBox(this.boxId, this.after);
  }
  revert(doc: EditorDocument): void {
    doc.updateBox(this.boxId, this.before);
  }
  merge(next: Command): boolean {
    if (this.name !== 'nudge-box' || !(next instanceof SetGeometryCommand)) return false;
    if (next.name !== 'nudge-box' || next.boxId !== this.boxId) return false;
    if (!rectsEqual(next.before, this.after)) return false;
    this.after = next.after;
    return true;
  }
}

export class SetLabelCommand implements Command {
  readonly name = 'change-label';
  constructor(
    private readonly boxId: string,
    private readonly before: number,
    private readonly after: number,
  ) {}
  apply(doc: EditorDocument): void {
    doc.updateBox(this.boxId, { labelId: this.after });
  }
  revert(doc: EditorDocument): void {
    doc.updateBox(this.boxId, { labelId: this.before });
  }
}

/** Successive edits of one box's comment (typing) merge into one undo step. */
export class SetCommentCommand implements Command {
  readonly name = 'change-comment';
  constructor(
    readonly boxId: string,
    private readonly before: string,
    private after: string,
  ) {}
  apply(doc: EditorDocument): void {
    doc.updateBox(this.boxId, { comment: this.after });
  }
  revert(doc: EditorDocument): void {
    doc.updateBox(this.boxId, { comment: this.before });
  }
  merge(next: Command): boolean {
    if (!(next instanceof SetCommentCommand) || next.boxId !== this.boxId) return false;
    if (next.before !== this.after) return false;
    this.after = next.after;
    return true;
  }
}
