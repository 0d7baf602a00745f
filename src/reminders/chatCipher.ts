import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A REMINDER_KEY that isn't 32 bytes of hex: a configuration error, named for the person fixing it. */
export class ReminderKeyError extends Error {
  override readonly name = 'ReminderKeyError';
  constructor() {
    super('REMINDER_KEY must be 64 hex characters (openssl rand -hex 32)');
  }
}

/**
 * Seals and opens the platform chat id a reminder is delivered to, with AES-256-GCM: the id is
 * the one thing sessions never store, so it lives only in the job payload, encrypted, and a
 * payload changed in Redis fails to open rather than reaching someone else.
 */
export class ChatCipher {
  private readonly key: Buffer;

  /** @param keyHex REMINDER_KEY: 32 bytes as 64 hex characters */
  constructor(keyHex: string) {
    if (!/^[0-9a-fA-F]{64}$/.test(keyHex)) throw new ReminderKeyError();
    this.key = Buffer.from(keyHex, 'hex');
  }

  /** `iv.tag.ciphertext`, each base64url; a fresh IV every time. */
  seal(chatId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(chatId, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url')).join('.');
  }

  /** The chat id, or undefined when the payload was not sealed with this key or was changed. */
  open(sealed: string): string | undefined {
    const [iv, tag, data] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
    if (!iv || !tag || !data || iv.length !== 12 || tag.length !== 16) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
