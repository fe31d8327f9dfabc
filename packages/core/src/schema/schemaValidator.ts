import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { KINDS, type FileKind } from '../kinds/index.ts';
import type { SourceDocument } from '../source/sourceDocument.ts';
import { toDiagnostics } from './schemaDiagnostics.ts';

// ajv-formats is CommonJS; its default export arrives as the module itself or as `.default`.
const addFormats = ((ajvFormats as { default?: unknown }).default ?? ajvFormats) as (ajv: Ajv2020, formats: string[]) => void;

/**
 * Validates file data against its kind's JSON Schema and turns ajv's errors
 * into diagnostics a designer understands. Create one per process (compiling
 * the schemas costs a few milliseconds) and pass it where it is needed.
 */
export class SchemaValidator {
  private readonly validators = new Map<FileKind, ValidateFunction>();
  private readonly ajv: Ajv2020;

  constructor() {
    this.ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, discriminator: true });
    addFormats(this.ajv, ['regex', 'date']);
  }

  validate(kind: FileKind, data: unknown, source: SourceDocument): Diagnostic[] {
    const validate = this.validatorFor(kind);
    if (validate(data)) return [];
    return toDiagnostics((validate.errors ?? []) as ErrorObject[], data, source);
  }

  private validatorFor(kind: FileKind): ValidateFunction {
    let validate = this.validators.get(kind);
    if (!validate) {
      validate = this.ajv.compile(KINDS[kind].schema);
      this.validators.set(kind, validate);
    }
    return validate;
  }
}
