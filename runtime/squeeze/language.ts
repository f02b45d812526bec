/**
 * Which sentences the English rules may touch. Detection is deliberately
 * conservative: a sentence is English only when English function words are
 * present and no other language's are, and it contains no letters outside the
 * basic Latin alphabet (accents, Cyrillic, CJK, Arabic, Devanagari...). Anything
 * else passes through untouched except for whitespace.
 */
export type SentenceLanguage = 'en' | 'other' | 'unknown';

const ENGLISH = new Set(
  (
    'the a an is are was were be been being to of and in on for with that this these those it its as at by from or but ' +
    'not you your i we our they their he she his her have has had do does did will would can could should there what ' +
    'which who if so my me us them about into than then also just all any some no yes please thanks thank here now ' +
    'how why when where let know hope help sure happy feel free question asked'
  ).split(' '),
);

// Function words of other Latin-script languages that are not also English words.
const OTHER = new Set(
  (
    'le la les et est un une des du que qui pas pour dans sur avec ce cette je vous nous il elle sont mais ou au aux ne ' +
    'se très été être avons avez merci bonjour oui voici chez ' +
    'der das und ist nicht ein eine einen ich sie mit zu auf für dem des auch es wir sind von wird werden noch ' +
    'nach bei aus wie oder aber hallo danke bitte ja nein heute morgen ' +
    'el los las y es una que de en por para con del su está están pero como más muy hola gracias también esto este ' +
    'esta sí ya hay ' +
    'il di che non sono della delle grazie ciao anche questo ' +
    'não uma com obrigado também isso ' +
    'het een van niet zijn ook maar'
  )
    .split(' ')
    .filter((w) => !ENGLISH.has(w)),
);

const NON_BASIC_LETTER = /[^\P{L}A-Za-z]/u;

export function classifySentence(sentence: string): SentenceLanguage {
  // Protected spans are masked with private-use characters, which are not letters, so names and quotes do not count here.
  if (NON_BASIC_LETTER.test(sentence)) return 'other';
  const words = sentence.toLowerCase().match(/[a-z]+(?:['’][a-z]+)?/g) ?? [];
  let english = 0;
  let other = 0;
  for (const word of words) {
    if (ENGLISH.has(word)) english++;
    else if (OTHER.has(word)) other++;
  }
  if (english === 0 && other === 0) return 'unknown';
  if (other === 0) return 'en';
  return english >= 3 && other * 4 <= english ? 'en' : 'other';
}

/**
 * Per sentence: may English rules apply? Sentences with no evidence either way
 * ("Sure!", "OK.") follow the message, but only when nothing in it is foreign.
 */
export function englishRulesApply(languages: readonly SentenceLanguage[]): boolean[] {
  const anyEnglish = languages.includes('en');
  const anyOther = languages.includes('other');
  return languages.map((language) => language === 'en' || (language === 'unknown' && anyEnglish && !anyOther));
}
