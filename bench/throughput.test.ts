import { describe, expect, it } from 'vitest';
import { rotate } from './throughput';

describe('the order of contenders in a round', () => {
  it('rotates by one every round, so nobody always runs first', () => {
    const contenders = ['ours', 'atomic', 'rpw'];
    expect([0, 1, 2, 3].map((round) => rotate(contenders, round).join(' '))).toEqual([
      'ours atomic rpw',
      'atomic rpw ours',
      'rpw ours atomic',
      'ours atomic rpw',
    ]);
    expect(rotate([], 2)).toEqual([]);
  });
});
