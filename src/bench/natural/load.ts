import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { segmentText } from '../../../runtime/text/segment.js';
import { normaliseAnswer } from '../family.js';
import { NaturalDomain, NaturalFamily, NaturalSplit, NaturalSplits, type NaturalEpisode } from './corpus.js';

export interface LoadedCorpus {
  domains: NaturalDomain[];
  splits: NaturalSplits;
}

/** The minimum the corpus promises (coordbench v2): checked by bench/check-corpus.ts and by a test. */
export const CORPUS_MINIMUM = { episodes: 400, domains: 40 } as const;

/** Reads every <domain>.json and splits.json in `dir`; throws with the file's name when one is not JSON. */
export async function readCorpusFiles(dir: string): Promise<{ files: { file: string; data: unknown }[]; splits: unknown }> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const files: { file: string; data: unknown }[] = [];
  let splits: unknown = {};
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new Error(`${name}: not valid JSON (${(error as Error).message})`);
    }
    if (name === 'splits.json') splits = data;
    else files.push({ file: name, data });
  }
  return { files, splits };
}

/** Every problem with the corpus, as "file: episode: what is wrong"; empty when it is sound. */
export function checkCorpus(files: readonly { file: string; data: unknown }[], rawSplits: unknown, options: { complete: boolean }): string[] {
  const problems: string[] = [];
  const domains: NaturalDomain[] = [];
  for (const { file, data } of files) {
    const parsed = NaturalDomain.safeParse(data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join('.')}: ${issue.message}`);
      continue;
    }
    if (basename(file, '.json') !== parsed.data.domain) problems.push(`${file}: domain is '${parsed.data.domain}'; name the file ${parsed.data.domain}.json`);
    domains.push(parsed.data);
  }
  const ids = new Set<string>();
  for (const domain of domains) {
    for (const episode of domain.episodes) {
      const where = `${domain.domain}.json: ${episode.id}`;
      if (ids.has(episode.id)) problems.push(`${where}: episode id used twice`);
      ids.add(episode.id);
      if (!episode.id.startsWith(`${domain.domain}-`)) problems.push(`${where}: episode ids start with the domain ('${domain.domain}-…')`);
      problems.push(...checkEpisode(episode).map((p) => `${where}: ${p}`));
    }
  }
  if (!options.complete) return problems;

  const splits = NaturalSplits.safeParse(rawSplits);
  if (!splits.success) return [...problems, `splits.json: ${splits.error.issues.map((i) => `${i.path.join('.') || 'the file'}: ${i.message}`).join('; ')}`];
  const splitOf = new Map<string, NaturalSplit>();
  for (const [split, names] of Object.entries(splits.data) as [NaturalSplit, string[]][]) {
    for (const name of names) {
      const other = splitOf.get(name);
      if (other) problems.push(`splits.json: domain ${name} is in both ${other} and ${split}`);
      splitOf.set(name, split);
      if (!domains.some((d) => d.domain === name)) problems.push(`splits.json: domain ${name} has no file`);
    }
  }
  for (const domain of domains) if (!splitOf.has(domain.domain)) problems.push(`splits.json: domain ${domain.domain} is in no split`);
  for (const split of NaturalSplit.options) {
    const episodes = domains.filter((d) => splitOf.get(d.domain) === split).flatMap((d) => d.episodes);
    for (const family of NaturalFamily.options) {
      if (!episodes.some((e) => e.family === family)) problems.push(`splits.json: the ${split} split has no ${family} episode`);
    }
  }
  const episodes = domains.reduce((n, d) => n + d.episodes.length, 0);
  if (episodes < CORPUS_MINIMUM.episodes) problems.push(`corpus: ${episodes} episodes, fewer than ${CORPUS_MINIMUM.episodes}`);
  if (domains.length < CORPUS_MINIMUM.domains) problems.push(`corpus: ${domains.length} domains, fewer than ${CORPUS_MINIMUM.domains}`);
  return problems;
}

function checkEpisode(episode: NaturalEpisode): string[] {
  const problems: string[] = [];
  const noteIds = new Set<string>();
  for (const note of episode.notes) {
    if (noteIds.has(note.id)) problems.push(`note ${note.id} used twice`);
    noteIds.add(note.id);
    if (note.from === episode.decider) problems.push(`note ${note.id} is from the decider; notes are what others send it`);
    if (note.needed) {
      if (note.evidence === undefined) problems.push(`needed note ${note.id} has no evidence`);
      else if (!segmentText(note.text).some((sentence) => sentence.includes(note.evidence!))) {
        problems.push(`note ${note.id}: evidence "${note.evidence}" is not inside one sentence of the note (as runtime/text/segment.ts splits it)`);
      }
      if (note.hop === undefined) problems.push(`needed note ${note.id} has no hop`);
    } else if (note.evidence !== undefined || note.hop !== undefined) {
      problems.push(`note ${note.id} is not needed, so it takes no evidence or hop`);
    }
  }
  const needed = episode.notes.filter((n) => n.needed);
  if (needed.length === 0) problems.push('no needed note');
  if (episode.notes.length - needed.length < 2) problems.push('fewer than 2 notes that are not needed (distractors)');
  if (new Set(episode.notes.map((n) => n.from)).size < 2) problems.push('notes come from fewer than 2 senders');
  if (!needed.some((n) => n.hop === 1)) problems.push('no needed note has hop 1 (reachable from the question)');
  if (episode.family === 'multihop' && !needed.some((n) => (n.hop ?? 1) >= 2)) problems.push('a multihop episode needs a note of hop 2 or more');
  if (episode.family !== 'consensus') {
    const forms = [episode.answer, ...episode.accepted].map(normaliseAnswer);
    const texts = needed.map((n) => normaliseAnswer(n.text));
    if (!forms.some((form) => texts.some((text) => text.includes(form)))) {
      problems.push(`the answer "${episode.answer}" (or an accepted form) appears in no needed note: add the form the note uses to accepted`);
    }
  }
  return problems;
}

/** The corpus, checked: throws with every problem when it is not sound. */
export async function loadNaturalCorpus(dir: string): Promise<LoadedCorpus> {
  const { files, splits } = await readCorpusFiles(dir);
  const problems = checkCorpus(files, splits, { complete: true });
  if (problems.length > 0) throw new Error(`the natural corpus in ${dir} has ${problems.length} problem(s):\n${problems.join('\n')}`);
  return { domains: files.map((f) => NaturalDomain.parse(f.data)), splits: NaturalSplits.parse(splits) };
}

/** The episodes of one split, each with its domain. */
export function episodesOf(corpus: LoadedCorpus, split: NaturalSplit): (NaturalEpisode & { domain: string })[] {
  const names = new Set(corpus.splits[split] ?? []);
  return corpus.domains.filter((d) => names.has(d.domain)).flatMap((d) => d.episodes.map((e) => ({ ...e, domain: d.domain })));
}
