import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/**
 * Validates against the official SARIF 2.1.0 JSON schema (OASIS, rtm.5, the final 2.1.0 schema),
 * as shipped by Microsoft's @microsoft/jest-sarif package. The schema is draft-04, hence ajv-draft-04.
 * Both packages are CommonJS: under NodeNext their classes are the `default` of the import.
 */
export function sarifValidator() {
  const require = createRequire(import.meta.url);
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  // unicodeRegExp off: the official schema's `language` pattern has a stray `]` that is legal
  // only in a non-unicode regular expression. strict off: it uses draft-04 idioms ajv warns about.
  const ajv = new Ajv.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}
