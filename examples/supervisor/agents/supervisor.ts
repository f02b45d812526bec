/**
 * Decides which worker runs next from what the last worker reported (its inbox):
 * first the statistics; then, if they flag suspicious spread, the outlier finder;
 * then the histogram; then `finish`, which sends the results to review.
 */
export default function supervisor({ inbox }: { inbox: Array<{ from: string; text: string }> }) {
  const last = inbox.at(-1);
  let route: 'stats' | 'outliers' | 'histogram' | 'finish';
  let why: string;
  if (!last) {
    route = 'stats';
    why = 'nothing is known yet';
  } else if (last.from === 'stats') {
    const suspicious = /suspicious=true/.test(last.text);
    route = suspicious ? 'outliers' : 'histogram';
    why = suspicious ? 'the mean is far from the median' : 'the spread looks normal';
  } else if (last.from === 'outliers') {
    route = 'histogram';
    why = 'outliers are known';
  } else {
    route = 'finish';
    why = 'every result is in';
  }
  return { route, message: `route=${route}: ${why}` };
}
