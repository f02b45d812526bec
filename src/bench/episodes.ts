import type { Episode, EpisodeMessage, ReceiverQuery } from './episode.js';
import { segmentText } from '../../runtime/text/segment.js';
import { generateTask, isNeeded, queryOf, turnsOf, actIn, type TaskInstance } from './task.js';
import type { FamilyName } from './family.js';
import { seedFor, type Split } from './splits.js';

/**
 * Training episodes: a run of a task with every channel in full text, recorded
 * message by message with the runtime's segmentation, plus, before each
 * receiver's turn, its query and the ids of the segments it really needs.
 */
export function episodeOf(instance: TaskInstance): Episode {
  const messages: EpisodeMessage[] = [];
  const queries: ReceiverQuery[] = [];
  const inbox = new Map<string, EpisodeMessage[]>();

  for (const turn of turnsOf(instance)) {
    const received = inbox.get(turn.agent) ?? [];
    inbox.set(turn.agent, []);
    const query = queryOf(instance, turn.agent);
    if (query !== undefined && received.length > 0) {
      const needs = received.flatMap((m) => m.segments.filter((s) => isNeeded(instance, turn.agent, s.text)).map((s) => s.id));
      queries.push({ afterStep: messages.length - 1, receiver: turn.agent, query, needs });
    }
    const { text } = actIn(instance, turn.agent, received.map((m) => m.text));
    for (const to of turn.to) {
      const step = messages.length;
      const segments = segmentText(text).map((s, i) => ({ id: `m${step}.s${i}`, text: s }));
      if (segments.length === 0) continue;
      const message: EpisodeMessage = { step, from: turn.agent, to, channel: `${turn.agent}->${to}`, text, segments };
      messages.push(message);
      inbox.set(to, [...(inbox.get(to) ?? []), message]);
    }
  }
  return { family: instance.family, split: instance.split, seed: instance.seed, id: instance.id, messages, queries };
}

/** The episodes of tasks `start`, `start+1`, … of a split, for one family. */
export function* episodes(family: FamilyName, split: Split, count: number, start = 0): Generator<Episode> {
  for (let i = 0; i < count; i++) yield episodeOf(generateTask(family, seedFor(split, start + i), split));
}
