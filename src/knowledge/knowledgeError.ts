import type { z } from 'zod';

/** Bad content in a knowledge file: names the file, the path inside it and the problem. */
export class KnowledgeError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${file}${path ? ` at ${path}` : ''}: ${problem}`);
    this.name = 'KnowledgeError';
  }
}

/**
 * `content` validated against `schema`, or a {@link KnowledgeError} naming `file` and the
 * first problem's path: content errors stop start-up with a message a maintainer can act on.
 */
export function validKnowledge<T extends z.ZodType>(
  file: string,
  schema: T,
  content: unknown,
): z.infer<T> {
  const parsed = schema.safeParse(content);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new KnowledgeError(file, issue.path.join('.'), issue.message);
}
