import { describe, expect, it } from 'vitest';
import { squeeze } from '../../runtime/squeeze/index.js';

const at = (level: 0 | 1 | 2 | 3, text: string) => squeeze(text, { level }).text;
/** A fact after the padding, so that a message never consists of courtesy only (which is kept whole). */
const FACT = 'The build is green.';

describe('acknowledgements and offers of more help (level 1)', () => {
  it('drops acknowledgements of the contact itself', () => {
    for (const ack of ['Thanks for the ping!', 'Thank you for the message.', 'Thanks for looping me in.', 'Many thanks for the quick reply.', 'Thanks for flagging this.']) {
      expect(at(1, `${ack} ${FACT}`)).toBe(FACT);
    }
  });
  it('drops acknowledgement formulas as the opener only', () => {
    for (const ack of ['Got it.', 'Noted.', 'Sure thing!', 'Sounds good.', 'Will do.']) expect(at(1, `${ack} ${FACT}`)).toBe(FACT);
    expect(at(1, `Can we ship today? Sounds good. ${FACT}`)).toBe(`Can we ship today? Sounds good. ${FACT}`);
  });
  it('drops chained courtesy in one sentence', () => {
    expect(at(1, `Great question, and thanks for asking. ${FACT}`)).toBe(FACT);
    expect(at(1, `Absolutely, I can help with that. ${FACT}`)).toBe(FACT);
  });
  it('drops offers of more help and sign-offs, whatever their wording', () => {
    for (const closing of [
      'Let me know if you need anything else!',
      'Happy to help further!',
      'Happy to clarify any of this if needed.',
      'Do not hesitate to ask if something is missing.',
      'Just say the word if you need further information.',
      'Ping me if you need more details.',
      'I hope that is useful, and tell me if you want more detail.',
      'Hope you find this useful.',
      'Talk soon!',
      'Best,',
    ]) {
      expect(at(1, `${FACT} ${closing}`)).toBe(FACT);
    }
  });
  it('keeps "thanks" that carries content: a cause, or a deed with its details', () => {
    expect(at(3, `Thanks to the new cache, latency fell 30%. ${FACT}`)).toBe(`Thanks to the new cache, latency fell 30%. ${FACT}`);
    expect(at(3, `Thanks for fixing the login bug. ${FACT}`)).toBe(`Thanks for fixing the login bug. ${FACT}`);
  });
  it('keeps a "let me know" that asks for something specific, and a bare one after a question', () => {
    expect(at(3, `${FACT} Let me know by Friday whether the budget is 4,000.`)).toBe(`${FACT} Let me know by Friday whether the budget is 4,000.`);
    expect(at(3, `${FACT} Let me know what the vendor says about the SLA.`)).toBe(`${FACT} Let me know what the vendor says about the SLA.`);
    expect(at(3, `Can you review it today? Let me know.`)).toBe(`Can you review it today? Let me know.`);
  });
  it('leaves them all to level 1 and above', () => {
    const text = `Thanks for the ping! ${FACT} Happy to help further!`;
    expect(at(0, text)).toBe(text);
  });
});

describe('recaps (level 1)', () => {
  it('drops a recap that repeats an earlier sentence', () => {
    expect(at(1, 'The export stalls above 5,000 jobs. The retry limit is 3. To sum up, the export stalls above 5,000 jobs.')).toBe(
      'The export stalls above 5,000 jobs. The retry limit is 3.',
    );
  });
  it('recognises a repeat whose name opens one sentence and sits inside the other', () => {
    expect(at(1, 'Nadia works at the Beacon Studio. The studio is in Tilden. In short, Nadia works at the Beacon Studio.')).toBe(
      'Nadia works at the Beacon Studio. The studio is in Tilden.',
    );
  });
  it('keeps a summary that says something new', () => {
    const text = 'The export stalls above 5,000 jobs. To sum up, the queue needs a second worker.';
    expect(at(2, text)).toBe(text);
    expect(at(3, text)).toBe('The export stalls above 5,000 jobs. The queue needs a second worker.');
  });
  it('keeps a recap whose negations or numbers differ', () => {
    const text = 'The export stalls above 5,000 jobs. In short, the export never stalls above 5,000 jobs.';
    expect(at(3, text)).toBe(text);
    const numbers = 'The export stalls above 5,000 jobs. In short, the export stalls above 6,000 jobs.';
    expect(at(3, numbers)).toBe(numbers);
  });
});

describe('epistemic hedges (level 2)', () => {
  it('strips a sentence-initial hedge clause and keeps the proposition', () => {
    expect(at(2, 'I believe the meeting moved to 14:00.')).toBe('The meeting moved to 14:00.');
    for (const hedge of ['As far as I can tell,', 'If I remember correctly,', 'To the best of my knowledge,', 'From what I gather,', 'If memory serves,', 'My understanding is that', "I'm fairly sure"]) {
      expect(at(2, `${hedge} the cache is cold.`)).toBe('The cache is cold.');
    }
  });
  it('strips a trailing or parenthetical hedge', () => {
    expect(at(2, "The retry limit is 3, if I'm not mistaken.")).toBe('The retry limit is 3.');
    expect(at(2, 'The retry limit is 3, as far as I know.')).toBe('The retry limit is 3.');
    expect(at(2, 'The depot, as far as I know, is in Rotterdam.')).toBe('The depot is in Rotterdam.');
  });
  it('strips framings that only flag a statement', () => {
    for (const framing of ['Just to note,', 'Just so you know,', 'One thing to flag:', 'Please keep in mind that', 'For what it is worth,']) {
      expect(at(2, `${framing} the card expires in March.`)).toBe('The card expires in March.');
    }
  });
  it('keeps hedges that are the content, or carry a negation', () => {
    expect(at(3, "I'm not sure the old clients will cope.")).toBe("I'm not sure the old clients will cope.");
    expect(at(3, "I don't believe the fix works.")).toBe("I don't believe the fix works.");
    expect(at(3, 'I believe so.')).toBe('I believe so.');
    expect(at(3, 'As far as the depot in Porto goes, nothing changes.')).toBe('As far as the depot in Porto goes, nothing changes.');
  });
  it('leaves hedges alone at level 1', () => {
    expect(at(1, 'I believe the meeting moved to 14:00.')).toBe('I believe the meeting moved to 14:00.');
  });
});

describe('transition sentences (level 2)', () => {
  it('drops sentences that only announce more', () => {
    for (const transition of [
      'Here is another thing worth knowing.',
      "Here's what I have.",
      'Moving on to the next point.',
      'Let me walk you through it.',
      'Let me add something else.',
      'There is one more detail I should mention.',
      "I'm sharing the details I have on hand.",
      'Relaying everything I know.',
    ]) {
      expect(at(2, `The cache is cold. ${transition} ${FACT}`)).toBe(`The cache is cold. ${FACT}`);
    }
  });
  it('keeps announcements that name what follows or carry a fact', () => {
    for (const text of [
      'Here is the plan for Friday. The cache is cold.',
      'There are two more sources to check. Please cite both.',
      'Let me add the 3 failing tests. They are flaky.',
      'Here is the summary: all green.',
      'There is nothing else I should mention. The cache is cold.',
      'I will send the details. The cache is cold.',
    ]) {
      expect(at(2, text)).toBe(text);
    }
  });
  it('leaves an announcement that ends in a colon to the list rules of level 3', () => {
    const text = 'Let me add the limits:\n- search: 50\n- export: 10';
    expect(at(2, text)).toBe(text);
  });
});

describe('restatements of the task (level 2)', () => {
  it('drops restatements of what was asked, however framed', () => {
    for (const restatement of [
      'You asked me to compare the two vendors.',
      'If I understand correctly, the goal is to rank the venues.',
      'My understanding is that we need to rank the venues.',
      'So the task here is to rank the venues.',
      'So you would like me to pass on my notes.',
      'I understand you need the facts I have on hand.',
    ]) {
      expect(at(2, `${restatement} ${FACT}`)).toBe(FACT);
    }
  });
  it('drops "As requested," and keeps the rest', () => {
    expect(at(2, 'As requested, the cache is 4 GB.')).toBe('The cache is 4 GB.');
  });
  it('drops a restatement whose names the message states elsewhere, and keeps one that is their only place', () => {
    expect(at(2, 'You asked me to collect the hotel of the Vega trip. The Vega trip stays at the Dune Hotel.')).toBe(
      'The Vega trip stays at the Dune Hotel.',
    );
    const only = 'You asked me to collect the hotel of the Vega trip. The hotel is full.';
    expect(at(2, only)).toBe(only);
  });
  it('keeps a plan that is not framed as the task', () => {
    expect(at(2, 'We need to restart the server. The build is green.')).toBe('We need to restart the server. The build is green.');
  });
  it('keeps a restatement the next sentence leans on, but not for an anticipatory "it"', () => {
    expect(at(2, 'You asked me to check the logs. They are clean.')).toBe('You asked me to check the logs. They are clean.');
    expect(at(2, 'So the task here is to pick a venue. It would be nice to have a quiet room.')).toBe('It would be nice to have a quiet room.');
  });
});

describe('connectives (level 3)', () => {
  it('drops additive connectives and keeps contrastive ones', () => {
    expect(at(3, 'The cache is cold. Beyond that, the plan renews automatically.')).toBe('The cache is cold. The plan renews automatically.');
    expect(at(3, 'The cache is cold. In addition, the disk is full.')).toBe('The cache is cold. The disk is full.');
    expect(at(3, 'The cache is cold. However, the disk is fine.')).toBe('The cache is cold. However, the disk is fine.');
    expect(at(2, 'The cache is cold. Also, the disk is full.')).toBe('The cache is cold. Also, the disk is full.');
  });
});

describe('other languages', () => {
  it('never touches padding in other languages, at any level', () => {
    for (const text of [
      'Bonjour ! Merci pour votre message. Si je ne me trompe pas, la réunion est à 14h00. Bonne journée !',
      'Danke für die Nachricht. Soweit ich weiß, ist der Server wieder online. Lass mich wissen, wenn du noch etwas brauchst.',
      '¡Hola! Si no me equivoco, el pedido sale el martes. Avísame si necesitas algo más.',
      'ご連絡ありがとうございます。私の理解では、締め切りは金曜日です。',
    ]) {
      expect(at(3, text)).toBe(text);
    }
  });
  it('squeezes only the English sentences of a mixed message', () => {
    expect(at(2, 'Merci pour le rapport. As far as I can tell, the numbers are final.')).toBe('Merci pour le rapport. The numbers are final.');
  });
});
