import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import { unsureOption } from '../../dialogue/prompts.ts';
import type { ReplyOption } from '../../dialogue/reply.ts';
import { choiceId, selectId } from './customId.ts';

/** One row of components in a message. */
export type ComponentRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** Discord's limits: five buttons in a row, five rows in a message, 25 options in a select menu. */
export const discordLimits = { buttonsPerRow: 5, rows: 5, selectOptions: 25 } as const;

/**
 * Up to this many options are buttons (two rows at most, so the question stays readable on a
 * phone); longer lists become a select menu.
 */
export const maxButtonOptions = 10;

const maxButtonLabel = 80;
const maxSelectLabel = 100;

/**
 * The options of a question as components: buttons in balanced rows (7 options are 4 + 3, not
 * 5 + 2) for short lists, a select menu for long ones — split over several menus, one per row,
 * if a list is longer than one menu holds. "I'm not sure" is a grey button; answers are blue.
 */
export function choiceComponents(
  questionId: string,
  options: readonly ReplyOption[],
): ComponentRow[] {
  if (options.length === 0) return [];
  if (options.length <= maxButtonOptions) return buttonRows(questionId, options);
  const pages = chunk(options, discordLimits.selectOptions).slice(0, discordLimits.rows);
  return pages.map((page, i) => ({
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: selectId(questionId, pages.length > 1 ? i : undefined),
        options: page.map((o) => ({ label: cut(o.label, maxSelectLabel), value: o.id })),
        min_values: 1,
        max_values: 1,
      } satisfies APIStringSelectComponent,
    ],
  }));
}

/** A single button, e.g. the one that continues a quick answer as a guided flow. */
export function buttonRow(customId: string, label: string, primary = true): ComponentRow {
  return {
    type: ComponentType.ActionRow,
    components: [button(customId, label, primary ? ButtonStyle.Primary : ButtonStyle.Secondary)],
  };
}

function buttonRows(questionId: string, options: readonly ReplyOption[]): ComponentRow[] {
  const buttons = options.map((o) =>
    button(
      choiceId(questionId, o.id),
      o.label,
      o.id === unsureOption ? ButtonStyle.Secondary : ButtonStyle.Primary,
    ),
  );
  const rowCount = Math.ceil(buttons.length / discordLimits.buttonsPerRow);
  return chunk(buttons, Math.ceil(buttons.length / rowCount)).map((row) => ({
    type: ComponentType.ActionRow,
    components: row,
  }));
}

function button(
  customId: string,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary,
): APIButtonComponent {
  return {
    type: ComponentType.Button,
    custom_id: customId,
    label: cut(label, maxButtonLabel),
    style,
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function cut(label: string, max: number): string {
  const chars = [...label];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : label;
}
