import { describe, expect, it } from 'vitest';
import { chipFor, inkFor, luminance } from '../label-chip.ts';

const measure = { measureText: (text: string) => ({ width: text.length * 7 }) };

describe('label chips', () => {
  it('write the name in the ink that contrasts more with the colour', () => {
    expect(luminance('#ffffff')).toBeCloseTo(1);
    expect(inkFor('#f0e442')).toBe('#000000'); // yellow
    expect(inkFor('#56b4e9')).toBe('#000000'); // sky blue
    expect(inkFor('#0072b2')).toBe('#ffffff'); // blue
    expect(inkFor('#cc3311')).toBe('#ffffff'); // dark red
  });

  it('cut a long name with an ellipsis, measured once', () => {
    let measured = 0;
    const counting = {
      measureText: (text: string) => {
        measured += 1;
        return measure.measureText(text);
      },
    };
    const name = 'Suspected pulmonary embolism, segmental branch of the lower lobe';
    const chip = chipFor(name, '#009e73', counting);
    expect(chip.text.endsWith('…')).toBe(true);
    expect(chip.width).toBeLessThanOrEqual(180);
    const count = measured;
    expect(chipFor(name, '#009e73', counting)).toBe(chip);
    expect(measured).toBe(count);
  });
});
