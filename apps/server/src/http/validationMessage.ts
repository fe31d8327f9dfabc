/**
 * Rewrites ajv's validation errors (from Fastify's request schemas) into one
 * sentence a person can act on: "`content` must be a string." instead of
 * "body/content must be string".
 */

/** The parts of an ajv error this uses (Fastify's `FastifySchemaValidationError`). */
export interface SchemaError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

/** Field-specific wording for `pattern` failures, where ajv's message would show a regular expression. */
const PATTERN_HINTS: Readonly<Record<string, string>> = {
  baseVersion: 'must be a version the server returned (64 hexadecimal digits)',
};

export function describeValidationError(errors: readonly SchemaError[], context: string | undefined): string {
  const where = context === 'querystring' ? 'query string' : context === 'params' ? 'URL' : context === 'body' || context === undefined ? 'request body' : context;
  const error = errors[0];
  if (!error) return `The ${where} is not valid.`;
  const field = fieldName(error.instancePath);
  const subject = field ? `\`${field}\`` : `The ${where}`;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${field ? `${subject} has` : `The ${where} has`} an unknown field \`${String(error.params['additionalProperty'])}\`.`;
    case 'required':
      return `The ${where} is missing \`${field ? `${field}.` : ''}${String(error.params['missingProperty'])}\`.`;
    case 'type':
      return field ? `${subject} must be ${withArticle(String(error.params['type']))}.` : `The ${where} must be a JSON object.`;
    case 'maxLength':
      return `${subject} is longer than ${String(error.params['limit'])} characters.`;
    case 'minLength':
      return `${subject} must not be empty.`;
    case 'minProperties':
      return `${subject} must name at least ${String(error.params['limit'])} field${error.params['limit'] === 1 ? '' : 's'}.`;
    case 'maxProperties':
      return `${subject} has more than ${String(error.params['limit'])} entries.`;
    case 'pattern':
      return `${subject} ${PATTERN_HINTS[field] ?? 'is not in the expected form'}.`;
    case 'enum':
      return `${subject} must be one of ${(error.params['allowedValues'] as unknown[]).map(String).join(', ')}.`;
    case 'minimum':
      return `${subject} must be at least ${String(error.params['limit'])}.`;
    case 'maximum':
      return `${subject} must be at most ${String(error.params['limit'])}.`;
    case 'minItems':
      return `${subject} must list at least ${String(error.params['limit'])}.`;
    case 'maxItems':
      return `${subject} lists more than ${String(error.params['limit'])} entries.`;
    case 'uniqueItems':
      return `${subject} lists the same entry twice (entries ${String(error.params['j'])} and ${String(error.params['i'])}).`;
    default:
      return `${subject} ${error.message ?? 'is not valid'}.`;
  }
}

/** `/overrides/flows~1a.yaml` → `overrides["flows/a.yaml"]`; `/generators/1` → `generators[1]`; `/content` → `content`. */
function fieldName(instancePath: string): string {
  if (!instancePath) return '';
  const [first, ...rest] = instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return `${first}${rest.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `[${JSON.stringify(s)}]`)).join('')}`;
}

function withArticle(type: string): string {
  const names: Record<string, string> = { object: 'a JSON object', array: 'a list', string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', null: 'null' };
  return names[type] ?? type;
}
