import { z } from 'zod';
import { EVENTS_VERSION, RunEvent } from '../../runtime/events.js';
import { ProviderConfigFile } from '../../runtime/providers/config.js';
import { irJsonSchema } from '../ir/json-schema.js';
import { LintJson } from './output/json.js';
import { docsUrl, PACKAGE_NAME, packageVersion } from './package-info.js';

/**
 * The JSON Schemas coord publishes, generated from the zod schemas that coord itself parses and
 * writes with, so that they never disagree. The package ships each as schemas/<name>.schema.json
 * (`coord schema <name>` prints it; a test keeps the files equal to what it prints).
 */
export type JsonSchemaName = 'ir' | 'lint' | 'config' | 'events';

export const JSON_SCHEMAS: Record<JsonSchemaName, () => Record<string, unknown>> = {
  /** The workflow IR, what `coord compile` and the runtime read. */
  ir: () => irJsonSchema(),
  /** The output of `coord lint --format json`. */
  lint: () =>
    described(z.toJSONSchema(LintJson, { target: 'draft-2020-12', io: 'output', reused: 'inline' }), 'lint', {
      title: 'coord lint --format json',
      description: `The report of \`coord lint --format json\` (version 1: fields are only ever added). ${docsUrl('cli.md', 'json')}`,
    }),
  /** coord.config.json: provider keys, base URLs and request limits. */
  config: () =>
    described(z.toJSONSchema(ProviderConfigFile, { target: 'draft-2020-12', io: 'input', reused: 'inline' }), 'config', {
      title: 'coord.config.json',
      description: `coord's configuration file: provider keys, base URLs and request limits; environment variables win over it. ${docsUrl('providers.md')}`,
    }),
  /** One event of a run: a line of `coord run --json`, of the run log, and what the dashboard and the tracer read. */
  events: () =>
    described(z.toJSONSchema(RunEvent, { target: 'draft-2020-12', io: 'output', reused: 'inline' }), 'events', {
      title: `coord run events, version ${EVENTS_VERSION}`,
      description: `One event of a run, as a line of \`coord run --json\` and of the run log (version ${EVENTS_VERSION}: fields and event types are only ever added; run.started says the version). ${docsUrl('runtime.md', 'events')}`,
    }),
};

/** Where the package's copy of a schema is served over https, for `$schema` and `$id`. */
export function schemaUrl(name: JsonSchemaName): string {
  return `https://cdn.jsdelivr.net/npm/${PACKAGE_NAME}@${packageVersion()}/schemas/${name}.schema.json`;
}

function described(schema: Record<string, unknown>, name: JsonSchemaName, text: { title: string; description: string }): Record<string, unknown> {
  return { $schema: schema.$schema, $id: schemaUrl(name), ...text, ...schema };
}
