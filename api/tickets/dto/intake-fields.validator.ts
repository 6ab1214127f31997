import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** Bounds of what a ticket keeps from intake: it lives in the workflow's state and every audit event. */
export const intakeFieldLimits = { fields: 50, nameLength: 64, valueLength: 2_000 } as const;
const fieldName = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** What is wrong with intake fields, one line per problem; empty when they are fine. */
export function intakeFieldProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['fields must be an object of named values'];
  const entries = Object.entries(value);
  const problems: string[] = [];
  if (entries.length > intakeFieldLimits.fields) problems.push(`fields may hold at most ${intakeFieldLimits.fields} values, not ${entries.length}`);
  for (const [name, field] of entries) {
    if (name.length > intakeFieldLimits.nameLength || !fieldName.test(name)) {
      problems.push(
        `fields.${name.slice(0, intakeFieldLimits.nameLength)}: a field name is a letter then letters, digits, '_', '.' or '-', at most ${intakeFieldLimits.nameLength} characters`,
      );
    } else if (typeof field === 'string') {
      if (field.length > intakeFieldLimits.valueLength) problems.push(`fields.${name} is longer than ${intakeFieldLimits.valueLength} characters`);
    } else if (typeof field !== 'boolean' && !(typeof field === 'number' && Number.isFinite(field))) {
      problems.push(`fields.${name} must be a string, a number or a boolean`);
    }
  }
  return problems;
}

/**
 * Intake fields are flat: a call-back number, a serial number, a version. Nested objects and
 * arrays are refused, naming the field, so what the ticket keeps is what a person can read.
 */
export function IsIntakeFields(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIntakeFields',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => intakeFieldProblems(value).length === 0,
        defaultMessage: (args?: ValidationArguments) => intakeFieldProblems(args?.value).join('; '),
      },
    });
}
