/** Drafts a one-line announcement from the run input's product name. */
export default function writer({ input }: { input?: { product?: string } }) {
  const product = input?.product ?? 'coord 1.0';
  return { message: `${product} is out: cheap, fast multi-agent workflows on a token budget.` };
}
