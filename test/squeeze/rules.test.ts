import { describe, expect, it } from 'vitest';
import { squeeze } from '../../runtime/squeeze/index.js';

const at = (level: 0 | 1 | 2 | 3, text: string) => squeeze(text, { level }).text;

describe('level 0: whitespace', () => {
  it('collapses runs of spaces, trailing spaces and extra blank lines', () => {
    expect(at(0, 'a  b\t\tc   \n\n\n\nd  ')).toBe('a b c\n\nd');
  });
  it('keeps indentation, which nests lists', () => {
    expect(at(0, '- a\n  - b')).toBe('- a\n  - b');
  });
  it('keeps the spacing inside code blocks', () => {
    const code = '```\nx  =  1\n\n\n\ny = 2\n```';
    expect(at(0, `Look:  \n${code}`)).toBe(`Look:\n${code}`);
  });
  it('removes nothing else', () => {
    const text = 'Sure! I think basically this is just fine. Hope this helps!';
    expect(squeeze(text, { level: 0 })).toEqual({ text, removed: [], edits: [] });
  });
});

describe('level 1: pleasantries, sign-offs and repeats', () => {
  it('drops courtesy openers and sign-offs and reports each one', () => {
    const result = squeeze('Sure! Happy to help. The build is green. I hope this helps! Let me know if you have any questions.', { level: 1 });
    expect(result.text).toBe('The build is green.');
    expect(result.removed).toEqual(['Sure!', 'Happy to help.', 'I hope this helps!', 'Let me know if you have any questions.']);
  });
  it('keeps a "let me know if" that asks for something specific', () => {
    expect(at(1, 'Deploy is done. Let me know if the build fails on ARM.')).toBe('Deploy is done. Let me know if the build fails on ARM.');
  });
  it('keeps a courtesy sentence that names someone', () => {
    expect(at(1, 'The fix is merged. Thanks, Alice!')).toBe('The fix is merged. Thanks, Alice!');
  });
  it('drops an opener in front of real content', () => {
    expect(at(1, 'Sure, here is the plan for today.')).toBe('Here is the plan for today.');
  });
  it('drops an exact repeat of a sentence', () => {
    expect(at(1, 'The cache is stale. We restarted it. The cache is stale.')).toBe('The cache is stale. We restarted it.');
  });
  it('drops a near-exact repeat but not a sentence that adds a fact', () => {
    expect(at(1, 'The deploy failed because the cache was stale. So the deploy failed because the cache was stale!')).toBe(
      'The deploy failed because the cache was stale.',
    );
    const text = 'Alice wrote the tests and Bob reviewed the code. Alice reviewed the code.';
    expect(at(1, text)).toBe(text);
  });
  it('never treats sentences with different negations or numbers as repeats', () => {
    const negated = 'The build on main is broken. The build on main is not broken.';
    expect(at(1, negated)).toBe(negated);
    const numbers = 'The p95 latency is 120 ms today. The p95 latency is 180 ms today.';
    expect(at(1, numbers)).toBe(numbers);
  });
  it('drops an affirmation only as the opener, where it is courtesy rather than an answer', () => {
    expect(at(1, 'Sure! The tests pass.')).toBe('The tests pass.');
    expect(at(1, 'Can we ship it today? Of course. The tests pass.')).toBe('Can we ship it today? Of course. The tests pass.');
  });
  it('never squeezes a message to nothing', () => {
    expect(at(3, 'Thanks!')).toBe('Thanks!');
    expect(at(3, 'Sure! Hope this helps.')).toBe('Sure! Hope this helps.');
  });
});

describe('level 2: hedges, filler and restatements', () => {
  it('drops clause-opening hedges and capitalises what follows', () => {
    expect(at(2, 'Basically, the cache is stale.')).toBe('The cache is stale.');
    expect(at(2, 'As you can see, the graph is flat.')).toBe('The graph is flat.');
  });
  it('drops "I think" and "it seems that" only before a full clause', () => {
    expect(at(2, 'I think the TTL is too short.')).toBe('The TTL is too short.');
    expect(at(2, 'It seems that the worker crashed.')).toBe('The worker crashed.');
    expect(at(2, 'I think so.')).toBe('I think so.');
    expect(at(2, 'It looks like a bug in the parser.')).toBe('It looks like a bug in the parser.');
  });
  it('keeps "I don\'t think", whose removal would flip the meaning', () => {
    expect(at(2, "I don't think we should ship.")).toBe("I don't think we should ship.");
  });
  it('drops filler words but not after a negation', () => {
    expect(at(2, 'We really need to actually restart the server.')).toBe('We need to restart the server.');
    expect(at(2, 'It is not just the API that is slow.')).toBe('It is not just the API that is slow.');
    expect(at(2, 'The fix is not really done yet.')).toBe('The fix is not really done yet.');
  });
  it('keeps "just" where it means "only" or "barely"', () => {
    expect(at(2, 'We have just 3 retries left.')).toBe('We have just 3 retries left.');
    expect(at(2, 'The average is just below the goal.')).toBe('The average is just below the goal.');
  });
  it('drops a restatement of the question', () => {
    expect(at(2, 'You asked about the cache. The cache is stale.')).toBe('The cache is stale.');
    expect(at(2, 'To answer your question, the cache is stale.')).toBe('The cache is stale.');
  });
  it('keeps every restatement with a negation, however many there are', () => {
    const text = 'You asked why the job does not retry. The job has no budget. You asked why the cron does not run. The cron has no slot.';
    expect(at(2, text)).toBe(text);
  });
  it('keeps a restatement that the next sentence refers back to', () => {
    expect(at(2, 'You asked me to check the logs. They are clean.')).toBe('You asked me to check the logs. They are clean.');
  });
  it('keeps a concession: "Sure, but…"', () => {
    expect(at(1, 'Sure, but the tests fail on main.')).toBe('Sure, but the tests fail on main.');
  });
  it('keeps a restatement that holds a protected span or a negation', () => {
    expect(at(2, 'You asked whether we can ship on Friday. We can.')).toBe('You asked whether we can ship on Friday. We can.');
    expect(at(2, 'You asked why the job does not retry. It has no budget.')).toBe('You asked why the job does not retry. It has no budget.');
  });
  it('reports each hedge it removed', () => {
    expect(squeeze('Honestly, I think the cache is stale.', { level: 2 }).removed).toEqual(['Honestly,', 'I think']);
  });
});

describe('level 3: list boilerplate and phrase shortening', () => {
  it('drops an announcement line right before a list', () => {
    expect(at(3, 'Here is a list of the changes:\n- raise the TTL\n- restart redis')).toBe('- raise the TTL\n- restart redis');
  });
  it('keeps an announcement that carries a number or is not followed by a list', () => {
    expect(at(3, 'Here are the 3 failing tests:\n- a\n- b\n- c')).toBe('Here are the 3 failing tests:\n- a\n- b\n- c');
    expect(at(3, 'Here is the summary: all green.')).toBe('Here is the summary: all green.');
  });
  it('shortens wordy phrases, keeping the capital', () => {
    expect(at(3, 'In order to fix this, we need a large number of retries due to the fact that the network is flaky.')).toBe(
      'To fix this, we need many retries because the network is flaky.',
    );
  });
  it('reports the replaced phrase and its replacement', () => {
    const { edits } = squeeze('We left prior to the storm.', { level: 3 });
    expect(edits).toEqual([{ rule: 'shorten', removed: 'prior to', replacement: 'before' }]);
  });
  it('drops "note that" only where a clause starts', () => {
    expect(at(3, 'Note that the cache is cold.')).toBe('The cache is cold.');
    expect(at(3, "I'd note that the cache is cold.")).toBe("I'd note that the cache is cold.");
  });
  it('leaves phrases whose short form would change the meaning in some contexts', () => {
    const text = 'It did as well as expected with respect to x.';
    expect(at(3, text)).toBe(text);
  });
  it('drops sequence words and bold markers', () => {
    expect(at(3, 'Firstly, the **cache** is stale.')).toBe('The cache is stale.');
  });
});

describe('other languages', () => {
  it('leaves French, German, Spanish, Russian, CJK, Arabic and Hindi sentences alone', () => {
    const texts = [
      'Bonjour ! Je pense que le serveur est en panne. Basically il faut redémarrer.',
      'Hallo! Ich denke, der Server ist eigentlich in Ordnung.',
      '¡Hola! Básicamente, el servidor funciona.',
      'Привет! Я думаю, что сервер работает.',
      '我觉得服务器没问题。谢谢！',
      'サーバーは大丈夫だと思います。',
      'أعتقد أن الخادم يعمل.',
      'मुझे लगता है कि सर्वर ठीक है।',
    ];
    for (const text of texts) expect(at(3, text)).toBe(text);
  });
  it('squeezes the English sentences of a mixed message and keeps the others exactly', () => {
    expect(at(2, 'Le rapport est prêt. Basically, the numbers are final.')).toBe('Le rapport est prêt. The numbers are final.');
  });
  it('keeps emoji and combining sequences whole', () => {
    const text = 'Deploy done 👍🏽 — the flag 🏳️‍🌈 and é (e + ́ ) stay.';
    expect(at(3, text)).toBe(text);
  });
});
