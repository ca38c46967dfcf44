/**
 * Files from a drop or a file input, folders included: a dropped folder is read entry by entry
 * (DataTransferItem.webkitGetAsEntry, recursively); a folder chosen with `webkitdirectory` brings
 * each file's `webkitRelativePath`. Each file keeps its relative path, which becomes its name in
 * the set ("scans/day1/image-01.dcm"). Hidden files and system clutter are skipped.
 */

interface PathedFile extends File {
  path?: string;
}

const CLUTTER = new Set(['thumbs.db', 'desktop.ini', 'dicomdir']);

/** Files the user never meant to upload: dot-files, macOS resource forks, Windows thumbnails, DICOMDIR indexes. */
export function isClutter(path: string): boolean {
  const parts = path.split('/').filter(Boolean);
  const name = parts[parts.length - 1] ?? '';
  return (
    parts.some((part) => part.startsWith('.') || part === '__MACOSX') ||
    CLUTTER.has(name.toLowerCase())
  );
}

/** The name a file is uploaded under: its path inside the dropped or chosen folder, else its name. */
export function relativePath(file: File): string {
  const pathed = file as PathedFile;
  const raw = pathed.path || file.webkitRelativePath || file.name;
  return raw.replace(/^\.?\/+/, '');
}

function withPath(file: File, path: string): File {
  if (relativePath(file) !== path) {
    Object.defineProperty(file, 'path', { value: path, configurable: true });
  }
  return file;
}

function readFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

/** Every file below an entry; a directory reader returns its entries in batches until an empty one. */
export async function filesOfEntry(entry: FileSystemEntry, prefix = ''): Promise<File[]> {
  const path = `${prefix}${entry.name}`;
  if (entry.isFile) {
    return [withPath(await readFile(entry as FileSystemFileEntry), path)];
  }
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const files: File[] = [];
  for (;;) {
    const batch = await readBatch(reader);
    if (batch.length === 0) break;
    for (const child of batch) files.push(...(await filesOfEntry(child, `${path}/`)));
  }
  return files;
}

/** Every file of a drop, reading dropped folders recursively. */
export async function filesOfDataTransfer(dataTransfer: DataTransfer): Promise<File[]> {
  const items = Array.from(dataTransfer.items ?? []).filter((item) => item.kind === 'file');
  // Entries must be taken synchronously, before the first await: the list empties afterwards.
  const entries = items.map((item) =>
    typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null,
  );
  const fallback = items.map((item) => item.getAsFile());
  if (items.length === 0) return Array.from(dataTransfer.files ?? []);
  const files: File[] = [];
  for (let index = 0; index < items.length; index += 1) {
    const entry = entries[index];
    const file = fallback[index];
    if (entry) files.push(...(await filesOfEntry(entry)));
    else if (file) files.push(file);
  }
  return files;
}

function keep(files: File[]): File[] {
  return files.filter((file) => !isClutter(relativePath(file)));
}

/**
 * The Dropzone's `getFilesFromEvent`: while dragging, the items (for the accept/reject look);
 * on drop or input change, the files, folders walked.
 */
export async function filesFromEvent(event: unknown): Promise<(File | DataTransferItem)[]> {
  if (Array.isArray(event)) {
    const handles = event as FileSystemFileHandle[];
    return keep(await Promise.all(handles.map((handle) => handle.getFile())));
  }
  const dragEvent = event as { type?: string; dataTransfer?: DataTransfer | null };
  if (dragEvent.dataTransfer) {
    if (dragEvent.type !== 'drop') {
      return Array.from(dragEvent.dataTransfer.items ?? []).filter((item) => item.kind === 'file');
    }
    return keep(await filesOfDataTransfer(dragEvent.dataTransfer));
  }
  const target = (event as { target?: { files?: FileList | null } }).target;
  return keep(Array.from(target?.files ?? []));
}
