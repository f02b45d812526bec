/** The fan-out's source: `branches` small items. */
export default function split({ input }: { input: unknown }) {
  const { branches = 1 } = (input ?? {}) as { branches?: number };
  return { chunks: Array.from({ length: branches }, (_, i) => `item ${i}`), message: `${branches} items` };
}
