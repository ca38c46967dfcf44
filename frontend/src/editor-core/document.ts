import { Emitter } from './emitter.ts';
import type { Box, Label, Rect, Size } from './types.ts';

export interface DocumentEvents {
  added: { box: Box };
  removed: { box: Box };
  updated: { box: Box; previous: Box };
  selection: { selectedId: string | null };
}

/**
 * The annotation document: the boxes (in z-order, last on top), the labels and the selection.
 * Boxes are immutable values; an update replaces the object.
 */
export class EditorDocument {
  readonly events = new Emitter<DocumentEvents>();
  image: Size = { width: 1, height: 1 };
  private boxList: Box[] = [];
  private labelMap = new Map<number, Label>();
  private labelList: Label[] = [];
  selectedId: string | null = null;
  /** Increments on every change, for cheap dirty checks. */
  version = 0;

  get boxes(): readonly Box[] {
    return this.boxList;
  }

  get labels(): readonly Label[] {
    return this.labelList;
  }

  reset(image: Size, boxes: readonly Box[], labels: readonly Label[]): void {
    this.image = { ...image };
    this.boxList = boxes.map((box) => ({ ...box, comment: box.comment ?? '' }));
    this.setLabels(labels);
    this.selectedId = null;
    this.version++;
  }

  setLabels(labels: readonly Label[]): void {
    this.labelList = labels.map((label) => ({ ...label }));
    this.labelMap = new Map(this.labelList.map((label) => [label.id, label]));
    this.version++;
  }

  label(id: number): Label | undefined {
    return this.labelMap.get(id);
  }

  getBox(id: string | null): Box | undefined {
    if (id === null) return undefined;
    return this.boxList.find((box) => box.id === id);
  }

  get selectedBox(): Box | undefined {
    return this.getBox(this.selectedId);
  }

  indexOf(id: string): number {
    return this.boxList.findIndex((box) => box.id === id);
  }

  addBox(box: Box, index = this.boxList.length): void {
    this.boxList = [...this.boxList];
    this.boxList.splice(index, 0, box);
    this.version++;
    this.events.emit('added', { box });
  }

  removeBox(id: string): Box | undefined {
    const index = this.indexOf(id);
    if (index < 0) return undefined;
    const box = this.boxList[index]!;
    this.boxList = this.boxList.filter((_, i) => i !== index);
    this.version++;
    if (this.selectedId === id) this.select(null);
    this.events.emit('removed', { box });
    return box;
  }

  updateBox(id: string, patch: Partial<Omit<Box, 'id'>> | Rect): Box | undefined {
    const index = this.indexOf(id);
    if (index < 0) return undefined;
    const previous = this.boxList[index]!;
    const box: Box = { ...previous, ...patch, id };
    this.boxList = [...this.boxList];
    this.boxList[index] = box;
    this.version++;
    this.events.emit('updated', { box, previous });
    return box;
  }

  select(id: string | null): void {
    const next = id !== null && this.indexOf(id) >= 0 ? id : null;
    if (next === this.selectedId) return;
    this.selectedId = next;
    this.version++;
    this.events.emit('selection', { selectedId: next });
  }
}
