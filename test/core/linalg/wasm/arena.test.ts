import { afterEach, describe, expect, it } from 'vitest';
import { ARENA_MIN_DOUBLES, kernelBuffers, setKernelBackend } from '../../../../src/core/linalg/gemm';
import { arenaOf, createArena, stagingArena } from '../../../../src/core/linalg/wasm/arena';
import { kernelModule } from '../../../../src/core/linalg/wasm/loader';

const wasm = kernelModule() !== null;

afterEach(() => setKernelBackend(undefined));

describe.skipIf(!wasm)('kernel arenas', () => {
  it('hand out zeroed, disjoint, 16-byte aligned views of one memory', () => {
    const made = createArena([5, 0, 7, 3], 10);
    expect(made).toBeDefined();
    const { arena, views } = made!;
    expect(views.map((v) => v.length)).toEqual([5, 0, 7, 3]);
    for (const v of views) {
      expect(v.buffer).toBe(arena.memory.buffer);
      expect(v.byteOffset % 16).toBe(0);
      expect(Array.from(v).every((x) => x === 0)).toBe(true);
      expect(arenaOf(v)).toBe(arena);
    }
    views[0].fill(1);
    views[2].fill(2);
    views[3].fill(3);
    expect(Array.from(views[2])).toEqual(new Array(7).fill(2));
    expect(views[3].byteOffset).toBeGreaterThanOrEqual(views[2].byteOffset + 7 * 8);
    expect(arena.staging).toBeGreaterThanOrEqual(views[3].byteOffset + 3 * 8);
    expect(arena.staging + arena.stagingBytes).toBe(arena.memory.buffer.byteLength);
    expect(arena.stagingBytes).toBeGreaterThanOrEqual(10 * 8);
  });

  it('views stay valid when other arenas and a larger staging arena are made (no memory ever grows)', () => {
    const [x] = kernelBuffers([ARENA_MIN_DOUBLES], 0);
    x[7] = 42;
    kernelBuffers([4 * ARENA_MIN_DOUBLES], 0);
    const small = stagingArena(16);
    const big = stagingArena(1 << 20);
    expect(big!.stagingBytes).toBeGreaterThanOrEqual(8 << 20);
    expect(small!.memory).not.toBe(big!.memory);
    expect(x.length).toBe(ARENA_MIN_DOUBLES);
    expect(x[7]).toBe(42);
  });

  it('small workspaces, and every workspace on the JS backend, are ordinary arrays', () => {
    expect(arenaOf(kernelBuffers([ARENA_MIN_DOUBLES - 1], 0)[0])).toBeUndefined();
    expect(arenaOf(kernelBuffers([ARENA_MIN_DOUBLES], 0)[0])).toBeDefined();
    setKernelBackend('js');
    const [y] = kernelBuffers([10 * ARENA_MIN_DOUBLES], 0);
    expect(arenaOf(y)).toBeUndefined();
    expect(y.length).toBe(10 * ARENA_MIN_DOUBLES);
  });

  it('refuses a memory past 4 GiB instead of failing', () => {
    expect(createArena([2 ** 29 + 1], 0)).toBeUndefined();
  });
});
