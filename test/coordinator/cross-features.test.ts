import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CROSS_FEATURES, CROSS_FEATURE_NAMES, crossFeatures } from '../../runtime/coordinator/cross-features.js';

const feature = (values: Float32Array, row: number, name: (typeof CROSS_FEATURE_NAMES)[number]) =>
  values[row * CROSS_FEATURES + CROSS_FEATURE_NAMES.indexOf(name)]!;

const memory = [
  { text: 'The standup is in room 2 on Tuesdays.' },
  { text: "Priya can't do Tuesdays at all." },
  { text: "I'd slightly prefer mornings if possible." },
  { text: 'Update: the standup moved to room 4.' },
];

describe('cross features', () => {
  it('give CROSS_FEATURES numbers per candidate, in the candidates\' order', () => {
    const all = crossFeatures('Where is the standup?', memory, [0, 1, 2, 3]);
    expect(all.length).toBe(4 * CROSS_FEATURES);
    const two = crossFeatures('Where is the standup?', memory, [3, 0]);
    expect([...two.subarray(0, CROSS_FEATURES)]).toEqual([...all.subarray(3 * CROSS_FEATURES, 4 * CROSS_FEATURES)]);
  });

  it('match the query lexically, with BM25 relative to the best slot in memory', () => {
    const f = crossFeatures('Where is the standup?', memory, [0, 1, 2, 3]);
    expect(feature(f, 0, 'bm25_relative')).toBeGreaterThan(0);
    expect(Math.max(...[0, 3].map((r) => feature(f, r, 'bm25_relative')))).toBeCloseTo(1);
    expect(feature(f, 2, 'bm25_log')).toBe(0);
    expect(feature(f, 0, 'term_coverage')).toBe(1);
  });

  it('see that a later slot revisits and corrects an earlier one', () => {
    const f = crossFeatures('Where is the standup?', memory, [0, 1, 2, 3]);
    expect(feature(f, 0, 'later_correction')).toBeGreaterThan(0);
    expect(feature(f, 3, 'later_overlap')).toBe(0);
    expect(feature(f, 3, 'cue_update')).toBe(1);
  });

  it('measure a later slot\'s overlap as the Jaccard index of the two slots\' terms', () => {
    // Slot 0 {standup, room, 2, tuesdays}; slot 1 shares tuesdays (1/6), slot 3 standup and room (2/7, and it is an update).
    const f = crossFeatures('Where is the standup?', memory, [0]);
    expect(feature(f, 0, 'later_overlap')).toBeCloseTo(2 / 7, 6);
    expect(feature(f, 0, 'later_correction')).toBeCloseTo(2 / 7, 6);
    const withoutUpdate = crossFeatures('Where is the standup?', memory.slice(0, 3), [0]);
    expect(feature(withoutUpdate, 0, 'later_overlap')).toBeCloseTo(1 / 6, 6);
    expect(feature(withoutUpdate, 0, 'later_correction')).toBe(0);
  });

  it('see a later slot about the same part of the query, as a share of the slot\'s own match', () => {
    // The Deneb trip's contact, corrected by a later note that names the same trip but no word of the contact.
    const trip = [
      { text: 'Cordelia is managing the Deneb trip.' },
      { text: 'The Pollux trip leaves from gate N18.' },
      { text: 'Disregard the earlier detail: Henrik is the liaison for the Deneb trip.' },
    ];
    const f = crossFeatures('Who is the contact person for the Deneb trip?', trip, [0, 1, 2]);
    // Slot 0 matches on {deneb, trip}; slot 2 repeats both, so the whole of slot 0's match is revisited.
    expect(feature(f, 0, 'later_same_subject')).toBeCloseTo(1, 6);
    // Slot 1 matches on {trip} alone, which slot 2 repeats: its match is revisited too, all of it.
    expect(feature(f, 1, 'later_same_subject')).toBeCloseTo(1, 6);
    // The last slot has nothing after it; a slot that matches nothing has no share to revisit.
    expect(feature(f, 2, 'later_same_subject')).toBe(0);
    const none = crossFeatures('Who is the contact person for the Deneb trip?', [{ text: 'Lunch is at noon.' }, trip[2]!], [0]);
    expect(feature(none, 0, 'later_same_subject')).toBe(0);
    // Only the query's words count: a later slot sharing other words with slot 0 is no revisit of its subject.
    const offQuery = crossFeatures('Who runs the Deneb trip?', [trip[0]!, { text: 'Cordelia is off on Friday.' }], [0]);
    expect(feature(offQuery, 0, 'later_same_subject')).toBe(0);
    expect(feature(offQuery, 0, 'later_overlap')).toBeGreaterThan(0);
  });

  it('link slots on words the query lacks, and pass a match along the link', () => {
    const chain = [
      { text: "Dana's laptop is ticket 4471." },
      { text: 'The laptop trolley is in room 2.' },
      { text: '4471 went to the repair desk on level 3.' },
      { text: 'The trolley key is with Sam.' },
    ];
    const f = crossFeatures("Where is Dana's laptop?", chain, [0, 1, 2, 3]);
    // The ticket number links slots 0 and 2 (in either order); "laptop" links slots too but is the query's own word.
    expect(feature(f, 0, 'bridge')).toBeGreaterThan(0);
    expect(feature(f, 2, 'bridge')).toBeCloseTo(feature(f, 0, 'bridge'), 6);
    const unlinked = crossFeatures("Where is Dana's laptop?", [chain[0]!, chain[1]!], [0]);
    expect(feature(unlinked, 0, 'bridge')).toBe(0);
    // Slot 2 shares no query word, yet follows slot 0 (the best match) on part of its own IDF: "4471".
    expect(feature(f, 0, 'bm25_relative')).toBe(1);
    expect(feature(f, 2, 'bm25_log')).toBe(0);
    expect(feature(f, 2, 'follows_match')).toBeGreaterThan(0);
    expect(feature(f, 2, 'follows_match')).toBeLessThan(1);
    expect(feature(f, 2, 'precedes_match')).toBe(0);
    // Slot 0 precedes slot 2, which matches nothing: it inherits nothing, and follows nothing.
    expect(feature(f, 0, 'precedes_match')).toBe(0);
    expect(feature(f, 0, 'follows_match')).toBe(0);
    // Slot 3 follows slot 1 on "trolley"; slot 1 matches the query less well than slot 0, so slot 3 inherits less than 1.
    expect(feature(f, 3, 'follows_match')).toBeGreaterThan(0);
    expect(feature(f, 3, 'follows_match')).toBeLessThan(feature(f, 1, 'bm25_relative'));
    // A correction that repeats no word of the query inherits the match of the value it corrects.
    const lot = [{ text: 'Recall the Rosado, lot L24-118.' }, { text: 'Sorry, it is L24-113.' }, { text: 'Lunch is at one.' }];
    const g = crossFeatures('Which lot of the Rosado is recalled?', lot, [0, 1, 2]);
    expect(feature(g, 1, 'bm25_log')).toBe(0);
    expect(feature(g, 1, 'follows_match')).toBeGreaterThan(0);
    expect(feature(g, 0, 'precedes_match')).toBe(0);
    expect(feature(g, 2, 'follows_match')).toBe(0);
  });

  it('follow a slot\'s text when the same slot object is scored again with a new text', () => {
    const slots = memory.map((slot) => ({ ...slot }));
    const before = crossFeatures('Where is the standup?', slots, [0, 1, 2, 3]);
    slots[3]!.text = 'Nothing to add.';
    const after = crossFeatures('Where is the standup?', slots, [0, 1, 2, 3]);
    expect(after).toEqual(crossFeatures('Where is the standup?', slots.map((slot) => ({ ...slot })), [0, 1, 2, 3]));
    expect(feature(after, 3, 'cue_update')).toBe(0);
    expect(after).not.toEqual(before);
  });

  it("match a name the query gives in the possessive", () => {
    const memory = [{ text: 'Undine supervises Wystan as a mentor.' }, { text: 'Undine works at the Indigo Works.' }];
    const f = crossFeatures("Which country does Wystan's trainer work in?", memory, [0, 1]);
    expect(feature(f, 0, 'name_coverage')).toBe(1);
    expect(feature(f, 0, 'bm25_relative')).toBe(1);
    expect(feature(f, 1, 'name_coverage')).toBe(0);
  });

  it('give a sentence the match and the correction cue of the rest of its message', () => {
    // The burst's note names the street; the sentence that carries the job number only says "it".
    const notes = [
      { text: 'Bottled water is at the community hall.', message: 'm1' },
      { text: "Heol Brynmawr's off because of the burst on the 8in main.", message: 'm2' },
      { text: 'Raised it as WJ-4471 at 17:40.', message: 'm2' },
      { text: 'Scratch that, wrong street.', message: 'm3' },
      { text: 'It is Heol Fach.', message: 'm3' },
    ];
    const f = crossFeatures('When is the water back on for Heol Brynmawr?', notes, [0, 1, 2, 3, 4]);
    // The job number's sentence takes its message's best match, which is the best in memory.
    expect(feature(f, 1, 'bm25_relative')).toBeCloseTo(1, 6);
    expect(feature(f, 2, 'bm25_relative')).toBe(0);
    expect(feature(f, 2, 'message_match')).toBeCloseTo(1, 6);
    // A slot's own match is not its message's: a message of one segment has no other to take from.
    expect(feature(f, 1, 'message_match')).toBe(0);
    expect(feature(f, 0, 'message_match')).toBe(0);
    // "It is Heol Fach." has no cue of its own; the sentence before it in its message corrects.
    expect(feature(f, 4, 'cue_update')).toBe(0);
    expect(feature(f, 4, 'message_update')).toBe(1);
    expect(feature(f, 3, 'message_update')).toBe(0);
    // Without message ids (a memory that does not know them) neither feature is set.
    const bare = crossFeatures('When is the water back on for Heol Brynmawr?', notes.map(({ text }) => ({ text })), [2, 4]);
    expect(feature(bare, 0, 'message_match')).toBe(0);
    expect(feature(bare, 1, 'message_update')).toBe(0);
  });

  it("give a slot its message's length and whether it is its message's best match", () => {
    const notes = [
      { text: 'Bottled water is at the community hall.', message: 'm1' },
      { text: 'Morning all. The van is back from its MOT.', message: 'm2' },
      { text: "Heol Brynmawr's water is back on at six.", message: 'm2' },
      { text: 'Water for Heol Brynmawr is on the list.', message: 'm2' },
      { text: 'Lunch is on me.', message: 'm2' },
    ];
    const f = crossFeatures('When is the water back on for Heol Brynmawr?', notes, [0, 1, 2, 3, 4]);
    expect(feature(f, 0, 'message_size')).toBe(0);
    for (const row of [1, 2, 3, 4]) expect(feature(f, row, 'message_size')).toBeCloseTo(Math.log(4) / 2, 6);
    // One message's best match, and a one-line note that matches at all, are their messages' best.
    expect(feature(f, 2, 'message_best')).toBe(1);
    expect(feature(f, 3, 'message_best')).toBe(0);
    expect(feature(f, 0, 'message_best')).toBe(1);
    // A slot that matches nothing is no message's best, though its siblings match nothing either.
    const none = crossFeatures('Who won the cup?', notes, [1, 4]);
    expect(feature(none, 0, 'message_best')).toBe(0);
    expect(feature(none, 1, 'message_best')).toBe(0);
    // Without message ids every slot is a message of its own.
    const bare = crossFeatures('When is the water back on for Heol Brynmawr?', notes.map(({ text }) => ({ text })), [2, 3]);
    expect(feature(bare, 0, 'message_size')).toBe(0);
    expect(feature(bare, 1, 'message_best')).toBe(1);
  });

  it('place a slot after the share of the talk about the query that came before it', () => {
    const talk = [
      { text: 'The Greywater lobby password is gw4871.' },
      { text: 'Lunch is at noon.' },
      { text: 'gw4871 says wrong password for the Greywater lobby?' },
      { text: 'Typo on my end, it is gw4817.' },
    ];
    const f = crossFeatures('What is the Greywater lobby password?', talk, [0, 1, 2, 3]);
    const r = [0, 1, 2, 3].map((i) => feature(f, i, 'bm25_relative'));
    const total = r.reduce((a, b) => a + b, 0);
    expect(feature(f, 0, 'after_match')).toBe(0);
    expect(feature(f, 1, 'after_match')).toBeCloseTo(r[0]! / total, 6);
    expect(feature(f, 3, 'after_match')).toBeCloseTo(1, 6);
    // Nothing matches: no share to place a slot after.
    expect(feature(crossFeatures('Who won the cup?', talk, [3]), 0, 'after_match')).toBe(0);
  });

  it('mark hard constraints and soft wishes, numbers and names', () => {
    const f = crossFeatures('Which room suits Priya on Tuesday?', memory, [0, 1, 2, 3]);
    expect(feature(f, 1, 'cue_constraint')).toBe(1);
    expect(feature(f, 2, 'cue_soft')).toBe(1);
    expect(feature(f, 2, 'cue_constraint')).toBe(0);
    expect(feature(f, 0, 'has_number')).toBe(1);
    expect(feature(f, 1, 'name_coverage')).toBe(0.5); // Priya, not Tuesday (the slot says Tuesdays)
    const n = crossFeatures('Is it room 4?', memory, [3]);
    expect(feature(n, 0, 'number_shared')).toBe(1);
  });

  it('keep every share between 0 and 1, whatever the memory and the query', () => {
    const SHARES = ['bm25_relative', 'term_coverage', 'idf_coverage', 'name_coverage', 'age', 'later_overlap', 'later_correction', 'later_same_subject', 'follows_match', 'precedes_match', 'message_match', 'after_match', 'message_update', 'message_best'] as const;
    const word = fc.constantFrom('Deneb', 'trip', 'gate', 'L18', 'Henrik', 'moved', 'earlier', 'the', 'is', '8:15', "Cordelia's", 'now');
    const sentence = fc.array(word, { maxLength: 8 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(sentence, fc.array(sentence, { minLength: 1, maxLength: 8 }), (query, texts) => {
        // Messages of one to three segments, so that the message features see siblings.
        const memory = texts.map((text, i) => ({ text, message: `m${Math.floor(i / 3) + (i % 2)}` }));
        const f = crossFeatures(query, memory, memory.map((_, i) => i));
        for (let row = 0; row < memory.length; row++) {
          for (const name of SHARES) {
            const x = feature(f, row, name);
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(1 + 1e-6);
          }
        }
      }),
    );
  });

  it('are deterministic and finite on empty and odd text', () => {
    const odd = [{ text: '' }, { text: '!!! ??? ...' }, { text: '東京 2024年' }];
    const a = crossFeatures('', odd, [0, 1, 2]);
    expect([...a].every(Number.isFinite)).toBe(true);
    expect(crossFeatures('', odd, [0, 1, 2])).toEqual(a);
  });
});
