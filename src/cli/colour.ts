// Whether output to a stream is coloured: FORCE_COLOR (not "0"/"false") forces it, a non-empty NO_COLOR
// (no-color.org) turns it off, otherwise a terminal that shows colour gets it and a pipe or file never does.
export function colourOn(stream: { isTTY?: boolean; hasColors?: () => boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return Boolean(stream.isTTY) && stream.hasColors?.() === true;
}

/** The columns a table may take: the terminal's, at most 100; 100 for a pipe or file. */
export function tableWidth(stream: { isTTY?: boolean; columns?: number }): number {
  return stream.isTTY && stream.columns ? Math.min(stream.columns, 100) : 100;
}
