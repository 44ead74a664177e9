// The official SARIF 2.1.0 schema (shipped in @microsoft/jest-sarif) as an Ajv validator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';

export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(join(__dirname, '../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  // The official schema is draft-04 (`id`); Ajv 8 reads it once the top-level id is spelled `$id`.
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // the schema's language pattern is not valid with /u
  return new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, logger: false }).compile(schema);
}
