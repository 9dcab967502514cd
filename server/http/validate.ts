/** Parses and validates a JSON body with a zod schema at the edge; errors become 400s with the field. */
import type { Context } from 'hono';
import { z } from 'zod';
import { ID_PATTERN } from '../ids';
import { HttpError } from './errors';

/** Ids in paths (sessions, groups, slots, users, sign-ins): the one pattern for all of them. */
export const idParam = z.string().regex(ID_PATTERN);

export function zodProblem(error: z.ZodError): { field?: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { message: 'The request is invalid.' };
  const field = issue.path.length ? issue.path.join('.') : undefined;
  return { field, message: field ? `${field}: ${issue.message}` : issue.message };
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).');
  }
  const text = await c.req.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad_json', 'The request body is not valid JSON.');
  }
  const nul = nulPath(data);
  if (nul !== null) throw new HttpError(400, 'bad_request', 'Text must not contain NUL characters (U+0000).', nul || undefined);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const { field, message } = zodProblem(parsed.error);
    throw new HttpError(400, 'bad_request', message, field);
  }
  return parsed.data;
}

/**
 * Where a NUL character sits in a JSON value ('' at the top), or null. PostgreSQL's text cannot
 * hold one, so it is refused at the edge, on both engines alike, instead of failing in the store.
 */
function nulPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\0') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = nulPath(value[i], `${path}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\0')) return path;
      const p = nulPath(v, path ? `${path}.${k}` : k);
      if (p !== null) return p;
    }
  }
  return null;
}

export function parseParam<S extends z.ZodType>(schema: S, value: unknown, name: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, 'bad_request', `${name} is invalid.`, name);
  return parsed.data;
}
