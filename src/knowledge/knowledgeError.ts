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
