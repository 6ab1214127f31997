import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/** A key as it reads in a field path, its NUL characters shown as `\u0000`. */
function shown(key: string): string {
  return key.replace(/\u0000/g, '\\u0000');
}

interface NulProblem {
  field: string;
  problem: string;
}

/**
 * The first NUL character (U+0000) in a value: in a string, or in a key or value of an object or
 * array at any depth. Walked with a stack of its own, so a deeply nested body cannot overflow the
 * call stack.
 */
function findNul(value: unknown, root: string, fallback: string): NulProblem | null {
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: root }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return { field: path || fallback, problem: 'must not contain NUL characters' };
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        pending.push({ value: current[index], path: path ? `${path}.${index}` : String(index) });
      }
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, child] = entries[index];
        const field = path ? `${path}.${shown(key)}` : shown(key);
        if (key.includes('\u0000')) return { field, problem: 'must not contain NUL characters in its name' };
        pending.push({ value: child, path: field });
      }
    }
  }
  return null;
}

/**
 * PostgreSQL refuses U+0000 in text and jsonb, so a NUL that got in would fail a query (a 500) or,
 * inside a ticket's workflow, its projection activity for ever. Every path parameter, query
 * parameter and body is refused with a 400 naming the field that holds one (`subject`,
 * `fields.product`, `incidents.0.subject`, `id`).
 */
export class NoNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const found = findNul(value, metadata.data ?? '', metadata.type);
    if (found) {
      throw new BadRequestException({
        message: `${found.field} ${found.problem}`,
        details: [{ field: found.field, problems: [found.problem] }],
      });
    }
    return value;
  }
}
