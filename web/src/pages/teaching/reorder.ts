/** `ids` with the item at `index` moved by `offset` places (−1 is up). */
export function movedBy(ids: readonly string[], index: number, offset: number): string[] {
  const target = index + offset;
  if (target < 0 || target >= ids.length) return [...ids];
  const reordered = [...ids];
  const [moved] = reordered.splice(index, 1);
  reordered.splice(target, 0, moved as string);
  return reordered;
}

export function byPosition(a: { position: number }, b: { position: number }): number {
  return a.position - b.position;
}
