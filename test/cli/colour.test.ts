import { describe, expect, it } from 'vitest';
import { colourOn, tableWidth } from '../../src/cli/colour';

describe('colour', () => {
  const terminal = { isTTY: true, hasColors: () => true };
  const pipe = { isTTY: false };

  it('follows the terminal, unless NO_COLOR turns it off or FORCE_COLOR forces it', () => {
    expect(colourOn(terminal, {})).toBe(true);
    expect(colourOn(pipe, {})).toBe(false);
    expect(colourOn({ isTTY: true, hasColors: () => false }, {})).toBe(false);
    expect(colourOn(terminal, { NO_COLOR: '1' })).toBe(false);
    // An empty NO_COLOR is as if unset (no-color.org).
    expect(colourOn(terminal, { NO_COLOR: '' })).toBe(true);
    expect(colourOn(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourOn(terminal, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourOn(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });

  it('tables take the terminal width up to 100 columns, and 100 off a terminal', () => {
    expect(tableWidth({ isTTY: true, columns: 72 })).toBe(72);
    expect(tableWidth({ isTTY: true, columns: 200 })).toBe(100);
    expect(tableWidth(pipe)).toBe(100);
  });
});
