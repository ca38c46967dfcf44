import { useEffect, useRef, useState } from 'react';
import { createEditor, type Editor, type ToolName } from '../editor-core/index.ts';
import { createDemoPixels, DEMO_LABELS, demoBoxes } from './demo-image.ts';

const TOOLS: ToolName[] = ['select', 'draw', 'pan'];

/** A demo page: the editor on a generated CT-like slice. The real pages come later. */
export function App() {
  const hostRef = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [tool, setTool] = useState<ToolName>('draw');
  const [labelId, setLabelId] = useState(DEMO_LABELS[0]!.id);
  const [status, setStatus] = useState('');
  const [initialBoxes] = useState(() =>
    demoBoxes(Number(new URLSearchParams(location.search).get('boxes') ?? 0)),
  );
  const [boxCount, setBoxCount] = useState(initialBoxes.length);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const instance = createEditor(host, { tool: 'draw' });
    const pixels = createDemoPixels();
    void instance.load({
      width: pixels.columns,
      height: pixels.rows,
      pixels,
      modality: 'CT',
      boxes: initialBoxes,
      labels: DEMO_LABELS,
    });
    instance.on('tool:changed', ({ tool: next }) => setTool(next));
    instance.on('document:changed', ({ boxes }) => setBoxCount(boxes.length));
    instance.on('cursor:value', ({ imageX, imageY, value, inside }) =>
      setStatus(inside ? `x ${imageX}  y ${imageY}  ${value ?? ''} HU` : ''),
    );
    const onKey = (event: KeyboardEvent) => {
      const label = DEMO_LABELS.find((l) => l.shortcut === event.key);
      if (label && !event.ctrlKey && !event.metaKey) {
        instance.setLabel(label.id);
        setLabelId(label.id);
      } else if (instance.handleKey(event)) {
        event.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    setEditor(instance);
    return () => {
      window.removeEventListener('keydown', onKey);
      instance.destroy();
    };
  }, [initialBoxes]);

  return (
    <main className="app">
      <header className="toolbar">
        <strong>TagMedX</strong>
        {TOOLS.map((name) => (
          <button key={name} aria-pressed={tool === name} onClick={() => editor?.setTool(name)}>
            {name}
          </button>
        ))}
        {DEMO_LABELS.map((label) => (
          <button
            key={label.id}
            aria-pressed={labelId === label.id}
            style={{ borderColor: label.color }}
            onClick={() => {
              editor?.setLabel(label.id);
              setLabelId(label.id);
            }}
          >
            {label.shortcut} {label.name}
          </button>
        ))}
        <button onClick={() => editor?.undo()}>undo</button>
        <button onClick={() => editor?.redo()}>redo</button>
        <button onClick={() => editor?.fit()}>fit</button>
        <select
          aria-label="window preset"
          onChange={(event) => {
            const preset = editor?.getWindowPresets()[Number(event.target.value)];
            if (preset) editor?.setWindow(preset.center, preset.width);
          }}
        >
          {(editor?.getWindowPresets() ?? []).map((preset, index) => (
            <option key={preset.name} value={index}>
              {preset.name}
            </option>
          ))}
        </select>
      </header>
      <div ref={hostRef} className="editor-host" />
      <footer className="status">
        {boxCount} boxes · {status}
      </footer>
    </main>
  );
}
