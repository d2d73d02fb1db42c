// Slot order on the client: main, pos2, pos3 … (DESIGN §10).
export function slotOrder(slot: string): number {
  if (slot === "main") return 0;
  const n = Number(/^pos(\d+)$/.exec(slot)?.[1]);
  return Number.isInteger(n) ? n - 1 : Number.MAX_SAFE_INTEGER;
}
export const bySlotOrder = <T extends { slot: string }>(items: T[]): T[] => [...items].sort((a, b) => slotOrder(a.slot) - slotOrder(b.slot));
