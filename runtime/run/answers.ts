import { HumanStepInputs, type JournalRecord } from '../store/journal.js';
import { canonical } from './event-log.js';
import { answerOutput, type HumanIO, type HumanQuestion } from './human-io.js';

/**
 * Answers tied to the question they answer. A question's id is its human step's id
 * (`approve#2`: the second time the run reached `approve`), so an answer meant for one
 * visit can never be applied to the next: it is checked against the journal, under
 * the run's lease, before anything runs.
 */
export interface QuestionAnswer {
  /** The id of the question answered (the human step id the run is waiting on). */
  question: string;
  value: unknown;
}

/** A question the journal shows asked, and its answer when it has one. */
export interface JournaledQuestion {
  id: string;
  question: HumanQuestion;
  /** The journaled answer, raw; absent while unanswered (or ended by its timeout). */
  answer?: { value: unknown } | { timedOut: true };
}

/** The answer cannot be applied: another question is waiting, or this one has a different answer already. */
export class AnswerRefused extends Error {
  override readonly name = 'AnswerRefused';
}

/** This very answer is in the journal already: applying it again must change nothing. */
export class AnswerAlreadyGiven extends Error {
  override readonly name = 'AnswerAlreadyGiven';
}

/** Every human question in the journal, in the order they were asked. */
export function journaledQuestions(records: JournalRecord[]): JournaledQuestion[] {
  const questions = new Map<string, JournaledQuestion>();
  for (const record of records) {
    if (record.kind !== 'step') continue;
    if (record.phase === 'start') {
      const inputs = HumanStepInputs.safeParse(record.inputs);
      if (inputs.success) questions.set(record.id, { id: record.id, question: { id: record.id, ...inputs.data } });
      continue;
    }
    const asked = questions.get(record.id);
    if (!asked || !record.result) continue;
    if (record.result.type === 'human') asked.answer = { value: record.result.answer };
    if (record.result.type === 'timeout') asked.answer = { timedOut: true };
  }
  return [...questions.values()];
}

/** The question the run waits on: the last one asked and not answered. */
export function waitingQuestion(records: JournalRecord[]): JournaledQuestion | undefined {
  return journaledQuestions(records).findLast((q) => q.answer === undefined);
}

/**
 * Throws unless `answer` answers the question the run waits on. The same answer to a
 * question already answered is `AnswerAlreadyGiven` (a repeated command does nothing);
 * any other answer to it, or an answer to a question that is not waiting, is refused.
 */
export function checkAnswer(runId: string, records: JournalRecord[], answer: QuestionAnswer): void {
  const asked = journaledQuestions(records).find((q) => q.id === answer.question);
  const waiting = waitingQuestion(records);
  const waitingText = waiting ? `it waits on question ${waiting.id} ("${waiting.question.prompt}")` : 'it waits on no question';
  if (!asked) throw new AnswerRefused(`run ${runId} never asked question ${answer.question}; ${waitingText}`);
  if (asked.answer && 'timedOut' in asked.answer) {
    throw new AnswerRefused(`question ${asked.id} of run ${runId} timed out before it was answered; ${waitingText}`);
  }
  if (asked.answer) {
    const before = normalized(asked.question, asked.answer.value);
    if (before !== undefined && before === normalized(asked.question, answer.value)) {
      throw new AnswerAlreadyGiven(`question ${asked.id} of run ${runId} was already answered ${JSON.stringify(asked.answer.value)}; nothing to do`);
    }
    throw new AnswerRefused(
      `question ${asked.id} of run ${runId} was already answered ${JSON.stringify(asked.answer.value)}; ` +
        `the answer ${JSON.stringify(answer.value)} was not applied (${waitingText})`,
    );
  }
  if (waiting?.id !== asked.id) throw new AnswerRefused(`run ${runId} does not wait on question ${asked.id}; ${waitingText}`);
}

/** Asks `fallback`, except for the one question `answer` answers, which gets it (once). */
export function questionAnswerIO(answer: QuestionAnswer, fallback: HumanIO): HumanIO {
  let used = false;
  return {
    ask: async (question, signal) => {
      if (used || question.id !== answer.question) return fallback.ask(question, signal);
      used = true;
      return answer.value;
    },
  };
}

/** The answer as the step records it, so `yes` and `true` compare equal; undefined when the step would not accept it. */
function normalized(question: HumanQuestion, value: unknown): string | undefined {
  try {
    return canonical(answerOutput(question, value));
  } catch {
    return undefined;
  }
}
