import { useRef, useState, type PointerEvent } from 'react';
import type { Rect, Size } from '../../../editor-core/index.ts';
import {
  CORNERS,
  dragTo,
  finish,
  startDrawing,
  toImagePoint,
  type Corner,
  type Gesture,
} from '../mask-drawing.ts';

interface MaskCanvasProps {
  imageUrl: string;
  /** The sample's full resolution: masks and regions are in these pixels. */
  size: Size;
  /** What OCR found, outlined. */
  regions: (Rect & { text: string })[];
  masks: Rect[];
  onChange: (masks: Rect[]) => void;
}

const HANDLE_SHARE = 0.012; // of the longest side

function cornerPoint(mask: Rect, corner: Corner) {
  return {
    x: corner.endsWith('w') ? mask.x : mask.x + mask.width,
    y: corner.startsWith('n') ? mask.y : mask.y + mask.height,
  };
}

/**
 * The image with OCR's regions outlined (orange, dashed) and the masks to apply (red): drag on the
 * image to draw one, drag a mask to move it, drag a corner to resize it. Coordinates are image pixels.
 */
export function MaskCanvas({ imageUrl, size, regions, masks, onChange }: MaskCanvasProps) {
  const svg = useRef<SVGSVGElement>(null);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const handle = Math.max(size.width, size.height) * HANDLE_SHARE;

  const pointAt = (event: PointerEvent) =>
    toImagePoint(event.clientX, event.clientY, svg.current!.getBoundingClientRect(), size);

  const begin = (event: PointerEvent<SVGElement>, next: Gesture, nextMasks = masks) => {
    event.stopPropagation();
    svg.current?.setPointerCapture?.(event.pointerId);
    setGesture(next);
    if (nextMasks !== masks) onChange(nextMasks);
  };

  const onBackgroundDown = (event: PointerEvent<SVGSVGElement>) => {
    const [next, drawing] = startDrawing(masks, pointAt(event));
    begin(event, drawing, next);
  };

  const onMove = (event: PointerEvent<SVGSVGElement>) => {
    if (gesture) onChange(dragTo(masks, gesture, pointAt(event), size));
  };

  const onUp = () => {
    if (gesture) onChange(finish(masks, gesture));
    setGesture(null);
  };

  return (
    <svg
      ref={svg}
      viewBox={`0 0 ${size.width} ${size.height}`}
      role="img"
      aria-label="The image with the text OCR found and the masks to apply"
      data-testid="mask-canvas"
      style={{ width: '100%', maxHeight: '60vh', touchAction: 'none', cursor: 'crosshair' }}
      onPointerDown={onBackgroundDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={onUp}
    >
      <image href={imageUrl} x={0} y={0} width={size.width} height={size.height} />
      {regions.map((region, index) => (
        <rect
          key={`region-${index}`}
          data-testid="text-region"
          x={region.x}
          y={region.y}
          width={region.width}
          height={region.height}
          fill="none"
          stroke="orange"
          strokeDasharray="4 3"
          vectorEffect="non-scaling-stroke"
          strokeWidth={2}
          pointerEvents="none"
        >
          <title>{region.text}</title>
        </rect>
      ))}
      {masks.map((mask, index) => (
        <g key={`mask-${index}`} data-testid="mask">
          <rect
            x={mask.x}
            y={mask.y}
            width={mask.width}
            height={mask.height}
            fill="rgba(224, 49, 49, 0.45)"
            stroke="#e03131"
            vectorEffect="non-scaling-stroke"
            strokeWidth={2}
            style={{ cursor: 'move' }}
            onPointerDown={(event) =>
              begin(event, { kind: 'move', index, start: pointAt(event), origin: mask })
            }
          />
          {CORNERS.map((corner) => {
            const point = cornerPoint(mask, corner);
            return (
              <rect
                key={corner}
                x={point.x - handle / 2}
                y={point.y - handle / 2}
                width={handle}
                height={handle}
                fill="white"
                stroke="#e03131"
                vectorEffect="non-scaling-stroke"
                style={{ cursor: `${corner}-resize` }}
                onPointerDown={(event) =>
                  begin(event, {
                    kind: 'resize',
                    index,
                    corner,
                    start: pointAt(event),
                    origin: mask,
                  })
                }
              />
            );
          })}
        </g>
      ))}
    </svg>
  );
}
