/** Sentences of a text: runs ending in `.`, `!` or `?` followed by a space or the end. */
export function sentences(text: string): string[] {
  return (text.match(/[^.!?]+[.!?]+(?=\s|$)/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Content words: lower-cased runs of letters, without the commonest function words. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]+(?:'[a-z]+)*/g) ?? []).filter((w) => !STOP.has(w) && w.length > 2);
}

const STOP = new Set(
  'the and for are but not you all any can had her was one our out has him his how its may new now old see two way who did get let put say she too use that with have this will your from they been were said each which their them than then there these would about into more some such what when where while most also only over both after very every those because'.split(
    ' ',
  ),
);
