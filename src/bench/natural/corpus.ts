import { z } from 'zod';
import { Split } from '../splits.js';

/**
 * coordbench's natural corpus: episodes written by hand, as people write at work.
 * Each note is one message from its sender to the decider, in the order given (time
 * order: later notes may correct or supersede earlier ones). Programmatic readers cannot
 * parse free text, so these episodes are scored by needed-note recall against the
 * tokens delivered, never by answer accuracy (that needs an LLM decider).
 */
export const NaturalFamily = z.enum(['multihop', 'relay', 'consensus', 'supersession']);
export type NaturalFamily = z.infer<typeof NaturalFamily>;

const Name = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower-case name: letters, digits and _');

export const NaturalNote = z
  .object({
    /** Unique within its episode, e.g. "n3". */
    id: z.string().regex(/^n[0-9]+$/, 'note ids look like n1, n2, …'),
    /** The agent that sends it (never the decider). */
    from: Name,
    text: z.string().min(1),
    /** Whether the decider needs this note to answer. */
    needed: z.boolean(),
    /** Needed notes only: the exact words of the note that carry the fact, inside one sentence. */
    evidence: z.string().min(1).optional(),
    /**
     * Needed notes only: 1 when the note can be found from the question alone, 2 (or 3) when it
     * is reached only through a needed note of the hop before (it shares no key word with the question).
     */
    hop: z.number().int().min(1).max(3).optional(),
  })
  .strict();
export type NaturalNote = z.infer<typeof NaturalNote>;

export const NaturalEpisode = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    family: NaturalFamily,
    /** The agent who answers; every note is sent to it. */
    decider: Name,
    /** What the decider must answer, as a person would ask it. */
    question: z.string().min(1),
    answer: z.string().min(1),
    /** Other ways of writing the answer that count as correct. */
    accepted: z.array(z.string().min(1)),
    notes: z.array(NaturalNote).min(4),
  })
  .strict();
export type NaturalEpisode = z.infer<typeof NaturalEpisode>;

/** One file per domain: bench/corpus/natural/<domain>.json. */
export const NaturalDomain = z
  .object({
    domain: z.string().regex(/^[a-z0-9-]+$/),
    /** One line on what the domain is, for the corpus documentation. */
    description: z.string().min(1),
    episodes: z.array(NaturalEpisode).min(1),
  })
  .strict();
export type NaturalDomain = z.infer<typeof NaturalDomain>;

/**
 * The natural corpus's splits: the three every benchmark has, and three written to another brief (long
 * notes on several topics): `longform`, for evaluation only, which no model trains on;
 * `longform-validation`, on which operating points for long notes may be chosen before `longform`
 * is run and on which training reports long-note AUC apart; and `longform-train`, train text that
 * training reads only when asked (`training/featurize.ts --long-train`). `documents`, written to a
 * fourth brief (reports, timelines, tables pasted as text, letters), is for evaluation only too: it
 * shows whether what long notes taught holds on long text written otherwise; `documents-validation`
 * and `documents-train` are written to that brief as well, for a model that trains on such text
 * (`--documents-train`; docs/coordbench.md). `records`, written to a fifth brief (meeting transcripts and
 * minutes, ticket threads that quote earlier replies, system notifications, handover logs, forwarded mail,
 * chat exports), is for evaluation only and has no validation or train text: it is text no model trains on.
 * `agents`, written to a sixth brief (what software agents and tools post to each other in a multi-agent
 * workflow: markdown reports, tool results, step logs, hand-offs, self-corrections), is for evaluation only
 * too; `agents-validation` and `agents-train`, written to that brief later, are for a model that trains on
 * such text (`--agents-train`), for which `agents` is then text of its train text's brief. `engineering`,
 * written to a seventh brief after v15 trained on agents' messages (review comments, diff hunks and config
 * lines, CI and test output, commit messages, issue threads, coding agents' summaries, on-call chat), is
 * for evaluation only; `engineering-validation` and `engineering-train`, written to that brief after it was run,
 * are for a model that trains on such text (`--engineering-train`), for which `engineering` is then text of its
 * train text's brief. `spoken`, written to an eighth brief (voice notes through speech-to-text, call and voicemail
 * transcripts, texts typed on a phone, numbers said as words), is for evaluation only and has no train text: with
 * `records`, text no model trains on. `spoken-validation`, written to that brief after it was run, is for
 * choosing how such text is read (how speech is cut into segments, say) without looking at `spoken`.
 */
export const NaturalSplit = z.enum([
  ...Split.options,
  'longform',
  'longform-validation',
  'longform-train',
  'documents',
  'documents-validation',
  'documents-train',
  'records',
  'agents',
  'agents-validation',
  'agents-train',
  'engineering',
  'engineering-validation',
  'engineering-train',
  'spoken',
  'spoken-validation',
]);
export type NaturalSplit = z.infer<typeof NaturalSplit>;

/** The splits written to other briefs for evaluation only, each run in place of test (`readout-eval --test-split`). */
export const HELD_OUT_SPLITS: readonly NaturalSplit[] = ['longform', 'documents', 'records', 'agents', 'engineering', 'spoken'];

/** bench/corpus/natural/splits.json: every domain in exactly one split. */
export const NaturalSplits = z.record(NaturalSplit, z.array(z.string()));
export type NaturalSplits = z.infer<typeof NaturalSplits>;
