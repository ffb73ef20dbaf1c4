import { Type, type Static, type TSchema } from 'typebox';

/** Shared schema pieces: every route builds its schemas from these. */

export function StringEnum<const T extends readonly string[]>(values: T, options: { description: string; example?: string }) {
  return Type.Enum([...values] as unknown as T[number][], { type: 'string', ...options });
}

/**
 * A value or null. A scalar becomes {type: [T, 'null']} rather than anyOf: validators and the
 * response serializer then check one schema instead of trying branches, on every field.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const { type, enum: values } = schema as { type?: unknown; enum?: unknown[] };
  if (typeof type !== 'string' || type === 'object' || type === 'array') return Type.Union([schema, Type.Null()]);
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'], ...(values ? { enum: [...values, null] } : {}) });
}

export const Uuid = (description: string) =>
  Type.String({ format: 'uuid', description, example: '5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e' });

export const E164 = Type.String({
  pattern: '^\\+[1-9][0-9]{6,14}$',
  description: 'A phone number in E.164 form.',
  example: '+14155552671',
});

export const Timestamp = (description: string) =>
  Type.String({ format: 'date-time', description, example: '2026-11-22T10:30:00.000Z' });

export const Money = (description: string) =>
  Type.String({ pattern: '^\\d{1,8}(\\.\\d{1,4})?$', description, example: '1.1500' });

/** A list parameter: repeat it (?status=a&status=b) or separate values with commas (?status=a,b). */
export const ListOf = <T extends TSchema>(item: T, description: string) =>
  Type.Array(item, { minItems: 1, maxItems: 20, description });

/** limit and cursor: the query of a list paged newest first by cursor. */
export const CursorPageQuery = (defaultLimit: number, maximum: number) =>
  Type.Object(
    {
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum, default: defaultLimit, description: 'Page size.', example: defaultLimit })),
      cursor: Type.Optional(
        Type.String({ maxLength: 200, description: 'next_cursor from the previous page.', example: 'MjAyNi0xMS0yMlQxMDozMDowMC4wMDBafDVmMGM4ZjRl' }),
      ),
    },
    { additionalProperties: false },
  );

/** A page of such a list. */
export const CursorPage = <T extends TSchema>(item: T, description: string) =>
  Type.Object({
    object: Type.Literal('list', { description: 'Always list.' }),
    data: Type.Array(item, { description }),
    has_more: Type.Boolean({ description: 'Whether another page follows.' }),
    next_cursor: Nullable(Type.String({ description: 'Pass as cursor for the next page.', example: 'MjAyNi0xMS0yMlQ' })),
  });

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A URN naming the error.', example: 'urn:dialtone:error:validation_failed' }),
    title: Type.String({ description: 'A short summary of the error.', example: 'Invalid request' }),
    status: Type.Integer({ description: 'The HTTP status.', example: 400 }),
    detail: Type.String({ description: 'What went wrong, for a person.', example: 'Unknown query parameter "colour".' }),
    code: Type.String({ description: 'The error code from the closed catalogue.', example: 'validation_failed' }),
    request_id: Type.String({ description: 'The id of the request, as logged.', example: 'req-1' }),
    parameter: Type.Optional(Type.String({ description: 'The query or path parameter at fault.', example: 'limit' })),
    pointer: Type.Optional(Type.String({ description: 'JSON pointer to the body field at fault.', example: '/number' })),
  },
  { additionalProperties: true, description: 'An RFC 9457 problem document.' },
);

/** The problem responses a route can give, by status. */
export function problems(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemSchema]));
}
