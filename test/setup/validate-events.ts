import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, expect } from 'vitest';
import type { RunEvent } from '../../runtime/events.js';
import { EventLog } from '../../runtime/run/event-log.js';

/**
 * Every event any test produces, through any run, is checked against the JSON Schema the
 * package publishes (schemas/events.schema.json): the one place every event passes is the
 * run's event log, so it is watched there. A test file that produced an event the schema
 * refuses fails when it ends, naming the event and what was wrong with it.
 */
const schema = JSON.parse(readFileSync(new URL('../../schemas/events.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

const refused: string[] = [];
let checked = 0;
// `publish` is private to EventLog; tests are the only code that reaches past it.
const log = EventLog.prototype as unknown as { publish(event: RunEvent, replayed: boolean): void };
const publish = log.publish;
log.publish = function (this: EventLog, event: RunEvent, replayed: boolean) {
  checked++;
  if (!validate(event)) refused.push(`${JSON.stringify(event).slice(0, 300)}: ${ajv.errorsText(validate.errors)}`);
  publish.call(this, event, replayed);
};

afterAll(() => {
  expect(refused, `${refused.length} of ${checked} events do not match schemas/events.schema.json`).toEqual([]);
});
