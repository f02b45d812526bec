import type { Split } from '../splits.js';
import { compiledTemplate, type Template } from '../template.js';
import { fnv1a32 } from '../../../runtime/coordinator/features.js';

/**
 * The sentences of the multihop family: one set of phrasings per split, so a
 * model trained on the train split is tested on wordings it has never seen.
 */
export const RELATIONS = ['worksAt', 'locatedIn', 'cityIn', 'mentoredBy'] as const;
export type Relation = (typeof RELATIONS)[number];

/**
 * Every template uses the slots {a} and {b}: the relation holds from a to b.
 * Each relation has many phrasings per split (verbs, word orders, passives,
 * hedges, fronted phrases), so no sentence shape gives the relation away, and
 * no template's fixed words occur in another's sentence: every sentence parses
 * back through exactly one template (test/bench/phrasings.test.ts).
 */
const FACTS: Record<Split, Record<Relation, readonly string[]>> = {
  train: {
    worksAt: [
      '{a} works at {b}.',
      '{a} is employed by {b}.',
      '{b} employs {a}.',
      '{a} draws a salary from {b}.',
      'On the payroll of {b} you will find {a}.',
      'Every weekday {a} clocks in at {b}.',
      '{a} holds a position at {b}.',
      '{a} earns a living at {b}.',
      'These days {a} is working for {b}.',
      '{b} has {a} on its staff.',
      '{a} got hired by {b} a while back.',
      '{a} is a member of staff at {b}.',
      '{a} reports for work at {b} each morning.',
      'Employed at {b} is {a}.',
      '{a} took a job with {b}.',
      'Among the employees of {b} is {a}.',
      '{a} has been working at {b} for some time now.',
      'At {b}, {a} is one of the team.',
      'Last I heard, {a} was with {b}.',
      '{a} is on the books at {b}.',
      '{a} spends the working day at {b}.',
      'Word is that {a} now works for {b}.',
    ],
    locatedIn: [
      '{a} is in {b}.',
      '{a} is located in {b}.',
      '{a} has its premises in {b}.',
      '{a} is based in {b}.',
      'You can find {a} over in {b}.',
      '{a} operates out of {b}.',
      '{a} keeps its offices in {b}.',
      '{b} is home to {a}.',
      '{a} has its headquarters in {b}.',
      'If you want to visit {a}, go to {b}.',
      '{a} set up shop in {b}.',
      'In {b} you will come across {a}.',
      '{a} moved its whole operation to {b}.',
      '{a} is headquartered in {b}.',
      '{a} occupies a building in {b}.',
      '{a} has an address in {b}.',
      'The location of {a} is {b}.',
      '{a} can be found in {b}.',
      '{a} runs its business from {b}.',
      'Visitors to {a} have to travel to {b}.',
      '{a} does its work in {b}.',
      'The doors of {a} open onto a street in {b}.',
    ],
    cityIn: [
      '{a} is a city in {b}.',
      '{a} lies in {b}.',
      '{a} is one of the cities of {b}.',
      '{b} counts {a} among its cities.',
      '{a} is a town in the country of {b}.',
      'Travel to {b} and you can visit the city of {a}.',
      '{a} sits within the borders of {b}.',
      'The country {b} includes the city of {a}.',
      '{a} is a city of {b}.',
      '{a} is found within {b}.',
      'On the map of {b} lies {a}.',
      '{a} is among the cities in {b}.',
      '{b} is the country where {a} lies.',
      '{a} falls under the government of {b}.',
      'On a map you will find {a} inside {b}.',
      '{a} is a municipality of {b}.',
      'The residents of {a} vote in the elections of {b}.',
      '{a} is a place in the country {b}.',
      '{a} has been a city of {b} for centuries.',
      '{a} is within the territory of {b}.',
      '{b} has a city called {a}.',
      'The people of {a} are citizens of {b}.',
    ],
    mentoredBy: [
      '{a} is mentored by {b}.',
      '{b} mentors {a}.',
      '{b} is the mentor of {a}.',
      '{a} gets guidance from {b}.',
      '{b} has taken {a} under their wing.',
      '{a} was assigned {b} as a mentor.',
      '{a} turns to {b} for advice.',
      '{b} looks after {a} as a mentor.',
      '{a} is one of the mentees of {b}.',
      '{a} meets {b} every week for mentoring.',
      '{b} guides {a} through the job.',
      'Under the guidance of {b}, {a} is learning the ropes.',
      '{a} has {b} for a mentor.',
      'The mentor of {a} is {b}.',
      '{b} coaches {a}.',
      '{a} shadows {b} to learn the job.',
      '{b} is showing {a} the ropes.',
      '{a} picked up most of the job from {b}.',
      'Guidance for {a} comes from {b} as a mentor.',
      '{a} is being trained by {b}.',
      '{b} oversees the training of {a}.',
      '{a} owes most of what they know to {b}.',
    ],
  },
  validation: {
    worksAt: [
      '{a} has a job at {b}.',
      '{a} is employed at {b}.',
      '{b} pays the wages of {a}.',
      '{a} puts in the hours at {b}.',
      '{a} counts as one of the workers of {b}.',
      'Each morning {a} heads off to work at {b}.',
      '{a} serves as an employee of {b}.',
      '{b} took {a} on as an employee.',
      '{a} has a post at {b}.',
      '{a} signed a contract with {b}.',
      'On weekdays {a} can be found working at {b}.',
      '{a} collects a paycheque from {b}.',
      'The employer of {a} is {b}.',
      '{b} is where {a} is employed.',
      '{a} landed a job at {b}.',
      '{a} is one of the staff at {b}.',
      'Day to day, {a} works for {b}.',
      '{a} does their job at {b}.',
      '{a} makes a living working at {b}.',
      '{b} lists {a} as an employee.',
      '{a} goes to {b} to work.',
      '{a} gets paid by {b}.',
    ],
    locatedIn: [
      '{a} sits in {b}.',
      '{a} stands in {b}.',
      '{a} has a site in {b}.',
      '{a} is run from an office in {b}.',
      '{b} hosts {a}.',
      '{a} calls {b} home.',
      '{a} has its base in {b}.',
      'The offices of {a} are in {b}.',
      '{a} resides in {b}.',
      '{a} sits on a street in {b}.',
      '{a} rents a building in {b}.',
      'Head to {b} if you need to visit {a}.',
      '{a} opened its doors in {b}.',
      '{a} is established in {b}.',
      '{a} works out of {b}.',
      '{b} is where {a} has its offices.',
      'You would have to go to {b} to reach {a}.',
      'Mail for {a} goes to an address in {b}.',
      '{a} has settled in {b}.',
      'By all accounts {a} is to be found in {b}.',
      '{a} carries on its business in {b}.',
      '{a} is a fixture of {b}.',
    ],
    cityIn: [
      '{a} belongs to {b}.',
      '{a} ranks among the cities of {b}.',
      '{b} contains the city of {a}.',
      '{a} is among the towns of {b}.',
      '{a} is a city that lies within {b}.',
      '{a} is on the {b} side of the border.',
      '{a} is a city under the flag of {b}.',
      'The nation of {b} takes in the city of {a}.',
      '{a} is one of the urban centres of {b}.',
      '{a} counts as a city of {b}.',
      '{a} is governed by the country of {b}.',
      'Citizens of {a} carry passports from {b}.',
      '{a} is a settlement in {b}.',
      '{a} is a city located within {b}.',
      '{a} appears on maps of {b}.',
      '{b} claims {a} as one of its cities.',
      '{a} lies inside the country of {b}.',
      'The map shows {a} within {b}.',
      '{a} is a municipality in the country {b}.',
      '{a} answers to the government of {b}.',
      'People in {a} pay taxes to {b}.',
      '{a} is a city inside {b}.',
    ],
    mentoredBy: [
      '{a} learned the trade from {b}.',
      '{b} taught {a} everything about the job.',
      '{a} apprenticed with {b}.',
      '{b} is the one guiding {a}.',
      '{a} is coached by {b}.',
      '{a} was taken on as an apprentice by {b}.',
      '{b} acts as a mentor to {a}.',
      '{a} studies under {b}.',
      '{a} goes to {b} for guidance.',
      '{b} passed the craft on to {a}.',
      '{a} follows the lead of {b}.',
      '{b} has been teaching {a} the ropes.',
      '{a} was schooled by {b}.',
      '{b} is the teacher of {a}.',
      '{a} has {b} as a teacher.',
      '{a} is a pupil of {b}.',
      'Most of the skills of {a} come from {b}.',
      '{b} keeps an eye on the progress of {a}.',
      '{a} learned the basics under {b}.',
      '{b} trained {a} on the job.',
      '{a} is under the tutelage of {b}.',
      '{b} is the guide and mentor of {a}.',
    ],
  },
  test: {
    worksAt: [
      '{a} is on the staff of {b}.',
      '{a} is an employee at {b}.',
      '{b} keeps {a} on the payroll.',
      '{a} has worked for {b} for years.',
      '{a} makes their living with {b}.',
      'Monday to Friday, {a} is at {b}.',
      '{a} is a staff member of {b}.',
      '{a} was recruited by {b}.',
      '{b} is the employer of {a}.',
      '{a} does a job for {b}.',
      '{a} has a role at {b}.',
      '{a} earns wages at {b}.',
      '{a} reports to a manager at {b}.',
      '{a} badges in at {b} every morning.',
      'Working at {b} is {a}.',
      '{a} is a worker at {b}.',
      '{b} gave {a} a job.',
      'Most weekdays {a} is working at {b}.',
      '{a} has a desk at {b}.',
      '{a} joined the team at {b}.',
      '{a} has employment with {b}.',
      'The organisation {a} works for is {b}.',
    ],
    locatedIn: [
      'You will find {a} in {b}.',
      '{a} is sited in {b}.',
      '{a} has offices in {b}.',
      '{a} is housed in a building in {b}.',
      '{b} is the home of {a}.',
      '{a} does business in {b}.',
      '{a} is anchored in {b}.',
      '{a} operates in {b}.',
      'To visit {a}, travel to {b}.',
      '{a} has a building in {b}.',
      '{a} is stationed in {b}.',
      '{a} has put down roots in {b}.',
      '{a} has a home in {b}.',
      '{b} is where you will find {a}.',
      '{a} is tucked away in {b}.',
      '{a} sits at an address in {b}.',
      '{a} has its seat in {b}.',
      '{a} is a {b} institution.',
      'Anyone looking for {a} should go to {b}.',
      '{a} is registered in {b}.',
      '{a} runs from premises in {b}.',
      'In {b} stands {a}.',
    ],
    cityIn: [
      '{a} is part of {b}.',
      '{a} is one of the cities that make up {b}.',
      '{a} is a city on the territory of {b}.',
      '{a} is counted among the cities of {b}.',
      '{a} falls within {b}.',
      '{a} is a city found in {b}.',
      '{a} is a provincial city of {b}.',
      '{a} is inside the borders of {b}.',
      '{b} governs the city of {a}.',
      'The country around {a} is {b}.',
      '{a} flies the flag of {b}.',
      '{a} is a city administered by {b}.',
      '{b} has {a} as one of its cities.',
      'Residents of {a} hold {b} citizenship.',
      '{a} is a city that {b} governs.',
      '{a} is a city whose country is {b}.',
      'The city {a} is situated in {b}.',
      '{a} is a city within the nation of {b}.',
      'Politically, {a} is a part of {b}.',
      '{a} has always been a city of {b}.',
      '{a} is a city under the rule of {b}.',
      '{b} is the country of {a}.',
    ],
    mentoredBy: [
      '{a} trains under {b}.',
      '{b} is training {a}.',
      '{a} is guided by {b}.',
      '{a} is the apprentice of {b}.',
      '{b} shows {a} how the work is done.',
      '{a} gets coaching from {b}.',
      '{b} is the trainer of {a}.',
      '{a} learns the craft from {b}.',
      '{b} supervises {a} as a mentor.',
      '{a} looks up to {b} as a mentor.',
      '{b} is bringing {a} up to speed.',
      '{a} has been paired with {b} as a mentee.',
      '{b} tutors {a}.',
      '{a} is being mentored by {b}.',
      '{a} takes lessons from {b}.',
      '{b} is responsible for training {a}.',
      '{b} has been mentoring {a} since last year.',
      '{a} gets advice on the job from {b}.',
      '{a} was placed under {b} to learn the work.',
      '{b} instructs {a}.',
      'Under {b}, {a} serves as a trainee.',
      '{b} is teaching {a} the trade.',
    ],
  },
};

export const CHAINS = {
  'work-city': ['worksAt', 'locatedIn'],
  'work-country': ['worksAt', 'locatedIn', 'cityIn'],
  'mentor-org': ['mentoredBy', 'worksAt'],
  'mentor-city': ['mentoredBy', 'worksAt', 'locatedIn'],
  'mentor-country': ['mentoredBy', 'worksAt', 'locatedIn', 'cityIn'],
} as const satisfies Record<string, readonly Relation[]>;
export type ChainKind = keyof typeof CHAINS;

/** What a chain's question asks: where the subject ({p}) or the subject's mentor works, as a city, a country or an organisation. */
const ASKS: Record<ChainKind, { mentor: boolean; unit: 'city' | 'country' | 'organisation' }> = {
  'work-city': { mentor: false, unit: 'city' },
  'work-country': { mentor: false, unit: 'country' },
  'mentor-org': { mentor: true, unit: 'organisation' },
  'mentor-city': { mentor: true, unit: 'city' },
  'mentor-country': { mentor: true, unit: 'country' },
};

/**
 * Question frames per split. {who}: the person asked about, {p} or the split's
 * way of naming {p}'s mentor; {unit}: "city" or "country" in the place frames.
 * Frames never put {who} in the possessive: "the person who taught {p}" cannot take "'s".
 */
interface QuestionFrames {
  mentor: string;
  place: readonly string[];
  organisation: readonly string[];
}

const QUESTIONS: Record<Split, QuestionFrames> = {
  train: {
    mentor: "{p}'s mentor",
    place: [
      'Which {unit} does {who} work in?',
      'In which {unit} does {who} work?',
      'What {unit} does {who} go to work in?',
      'Which {unit} is {who} employed in?',
      'In what {unit} is the workplace of {who}?',
      'Which {unit} would you travel to in order to see {who} at work?',
      'Name the {unit} where {who} works.',
      'What is the {unit} in which {who} works?',
      'Which {unit} is home to the employer of {who}?',
      'Can you tell me which {unit} {who} works in?',
      'Do you know the {unit} where {who} has a job?',
      'In which {unit} is {who} employed?',
      'Which {unit} does {who} commute to for work?',
      'Which {unit} hosts the organisation that employs {who}?',
      'Putting the facts together, which {unit} does {who} work in?',
      'Which {unit} is {who} based in for work?',
      '{who} works in which {unit}?',
      'Tell me the {unit} where {who} is employed.',
      'Which {unit} does the workplace of {who} lie in?',
      'If you had to name the {unit} where {who} works, what would it be?',
    ],
    organisation: [
      'Where does {who} work?',
      'Which organisation does {who} work for?',
      'Who employs {who}?',
      'What is the name of the employer of {who}?',
      'Which organisation employs {who}?',
      'For which organisation does {who} work?',
      'Where is {who} employed?',
      'Which employer does {who} work for?',
      'What organisation is {who} on the payroll of?',
      'Can you tell me where {who} works?',
      'Which workplace does {who} go to each day?',
      'Name the organisation that employs {who}.',
      'Who is the employer of {who}?',
      'At which organisation does {who} hold a job?',
      'Which organisation has {who} on its staff?',
      'Do you know which organisation {who} works at?',
      '{who} works for which organisation?',
      'Where does {who} earn a living?',
      'What is the workplace of {who}?',
      'Putting the facts together, where does {who} work?',
    ],
  },
  validation: {
    mentor: 'the person who taught {p}',
    place: [
      'In what {unit} does {who} have a job?',
      'Which {unit} does {who} have a job in?',
      '{who} has a job in which {unit}?',
      'What {unit} is the job of {who} located in?',
      'In which {unit} is the workplace of {who} located?',
      'Which {unit} holds the organisation where {who} has a job?',
      'Could you say which {unit} {who} has a job in?',
      'I need the {unit} where {who} has a job; which is it?',
      'The organisation that employs {who} sits in which {unit}?',
      'Looking at the notes, in which {unit} does {who} have a job?',
      'Which {unit} contains the place where {who} has a job?',
      'What {unit} does {who} head to for a day at work?',
      'Which {unit} would {who} give as the location of their job?',
      'Identify the {unit} where {who} has a job.',
      'Which {unit} is the employer of {who} based in?',
      'The job of {who} is in which {unit}?',
      'From the facts shared, which {unit} is the workplace of {who} in?',
      'What is the {unit} of the organisation that {who} works for?',
      'Which {unit} does {who} spend the working day in?',
      'In which {unit} can {who} be found at work?',
    ],
    organisation: [
      'Which organisation gives {who} a job?',
      'Where does {who} have a job?',
      'At which organisation does {who} have a job?',
      'Who gives {who} a job?',
      'Which organisation pays {who}?',
      'What organisation does {who} have a job with?',
      'Which organisation has given {who} a post?',
      'Where has {who} got a job?',
      '{who} has a job at which organisation?',
      'Which organisation counts {who} among its staff?',
      'Could you say where {who} has a job?',
      'Identify the organisation where {who} has a job.',
      'Looking at the notes, where does {who} have a job?',
      'What is the organisation that {who} works for?',
      'Which organisation does {who} spend the working day at?',
      'From the facts shared, which organisation employs {who}?',
      'Which organisation is {who} a staff member of?',
      'Who pays the wages of {who}?',
      'Whose staff includes {who}?',
      'Which organisation took on {who}?',
    ],
  },
  test: {
    mentor: "{p}'s trainer",
    place: [
      '{who} goes to work in which {unit}?',
      'Which {unit} does {who} go to work in each day?',
      'What {unit} is {who} based in?',
      'In which {unit} is {who} based?',
      '{who} is based in which {unit}?',
      'Which {unit} does {who} commute into?',
      'Which {unit} is the place of work of {who} in?',
      'Name the {unit} that {who} goes to work in.',
      'Which {unit} does {who} travel to for their job?',
      'What {unit} is {who} stationed in for work?',
      'Tell me which {unit} {who} is based in.',
      'So which {unit} does {who} end up working in?',
      'Which {unit} is home to the place where {who} works?',
      'Given what the holders know, which {unit} does {who} work in?',
      'Which {unit} does the employer of {who} operate in?',
      'In what {unit} does {who} spend working hours?',
      'What {unit} would {who} say they work in?',
      'Which {unit} does {who} do their job in?',
      'I would like to know which {unit} {who} works in.',
      'Which {unit} sees {who} at work every day?',
    ],
    organisation: [
      '{who} is on the staff of which organisation?',
      'Which organisation is {who} based at?',
      'Where does {who} go to work?',
      '{who} goes to work at which organisation?',
      'Which organisation does {who} go to work at each day?',
      'Name the organisation that {who} goes to work at.',
      'What organisation is {who} stationed at?',
      'Tell me which organisation {who} is based at.',
      'So which organisation does {who} end up working for?',
      'Given what the holders know, where does {who} work?',
      'Which organisation does {who} do their job for?',
      'I would like to know which organisation {who} works for.',
      'Which organisation sees {who} at work every day?',
      'What organisation would {who} say they work for?',
      'Who is {who} working for?',
      'Which organisation does {who} travel to for their job?',
      'Which organisation recruited {who}?',
      'What is the workplace of {who} called?',
      'Which organisation has {who} working for it?',
      'Which organisation does {who} spend working hours at?',
    ],
  },
};

const FILLERS: Record<Split, readonly string[]> = {
  train: ['Here is what I know.', 'Hope this helps.', 'I wrote these down this morning.', 'Some of this may be old news.'],
  validation: ['Sharing my notes below.', 'Let me know if anything is unclear.', 'This is from last week.'],
  test: ['These are the facts I have on file.', 'Please double-check anything that looks odd.', 'Nothing else to add.'],
};

export function factTemplates(split: Split, relation: Relation): Template[] {
  return FACTS[split][relation].map(compiledTemplate);
}

/** Every phrasing of a chain's question in a split, with the slot {p}. */
export function questionPatterns(split: Split, chain: ChainKind): string[] {
  const frames = QUESTIONS[split];
  const { mentor, unit } = ASKS[chain];
  const who = mentor ? frames.mentor : '{p}';
  const chosen = unit === 'organisation' ? frames.organisation : frames.place;
  return chosen.map((frame) => frame.replaceAll('{who}', who).replaceAll('{unit}', unit));
}

/** The generator passes no rng here, so a hash of the question's content picks the phrasing: it varies across tasks and is fixed per seed. */
export function questionText(split: Split, chain: ChainKind, person: string): string {
  const patterns = questionPatterns(split, chain);
  return compiledTemplate(patterns[fnv1a32(`${chain}|${person}`) % patterns.length] as string).render({ p: person });
}

export function fillers(split: Split): readonly string[] {
  return FILLERS[split];
}

/** Every phrasing of every split: readers understand all of English they may meet, not only their split's. */
const ALL_FACT_TEMPLATES: { relation: Relation; template: Template }[] = (Object.keys(FACTS) as Split[]).flatMap((split) =>
  RELATIONS.flatMap((relation) => factTemplates(split, relation).map((t) => ({ relation, template: t }))),
);

export interface ParsedFact {
  relation: Relation;
  a: string;
  b: string;
}

export function parseFact(sentence: string): ParsedFact | undefined {
  for (const { relation, template: t } of ALL_FACT_TEMPLATES) {
    const values = t.parse(sentence);
    if (values) return { relation, a: values.a as string, b: values.b as string };
  }
  return undefined;
}

/** For tests: every template string of a split, facts, questions and fillers. */
export function splitPhrasings(split: Split): string[] {
  const questions = (Object.keys(CHAINS) as ChainKind[]).flatMap((chain) => questionPatterns(split, chain));
  return [...RELATIONS.flatMap((r) => FACTS[split][r]), ...questions, ...FILLERS[split]];
}
