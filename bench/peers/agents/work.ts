/** One fan-out branch: a small answer about its item. */
export default function work({ item }: { item?: { index: number; value: unknown } }) {
  return { message: `done ${String(item?.value)}` };
}
