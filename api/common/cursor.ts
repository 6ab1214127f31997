import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/**
 * Keyset pagination: a page ends with an opaque cursor holding the sort key of its last item, and
 * the next page starts strictly after that key (`WHERE (k1, k2, ...) < (...)`), so a page costs
 * the same at any depth and rows written meanwhile neither repeat nor vanish, as OFFSET would make them.
 */
export function encodeCursor(key: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor holds, checked against the kinds of value it must have; a 400 naming `cursor` otherwise. */
export function decodeCursor(cursor: string, kinds: ReadonlyArray<'string' | 'number' | 'instant'>): Array<string | number> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const fits =
    Array.isArray(key) &&
    key.length === kinds.length &&
    key.every((value, index) =>
      kinds[index] === 'number'
        ? Number.isInteger(value)
        : typeof value === 'string' && (kinds[index] === 'string' || !Number.isNaN(Date.parse(value))),
    );
  if (!fits) {
    const problem = 'not a cursor this list answered (use nextCursor as it came)';
    throw new BadRequestException({ message: `invalid fields: cursor (${problem})`, details: [{ field: 'cursor', problems: [problem] }] });
  }
  return key as Array<string | number>;
}

/** `limit` and `cursor` of a paginated list; `defaultLimit` and `maxLimit` per list. */
export function PageQuery(defaultLimit: number, maxLimit: number) {
  class PageQueryDto {
    @ApiPropertyOptional({ type: 'integer', default: defaultLimit, minimum: 1, maximum: maxLimit, description: 'Items per page' })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(maxLimit)
    limit?: number;

    @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page; absent for the first', maxLength: 1000 })
    @IsOptional()
    @IsString()
    @MaxLength(1000)
    cursor?: string;
  }
  return PageQueryDto;
}

/** A page of `limit + 1` rows fetched: the items, and a cursor when there is more. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => ReadonlyArray<string | number>): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null };
}
