import {
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
} from 'discord.js';
import type { CommandName } from '../../dialogue/input.ts';
import { say } from '../../dialogue/say.ts';
import type { Knowledge } from '../../knowledge/schema.ts';
import type { Topic } from '../../rules/advice.ts';
import type { FactName } from '../../rules/profile.ts';

/** The decisions a slash command can answer at once from its options. */
export type QuickTopic = Extract<Topic, 'retake' | 'statement' | 'step3' | 'cycles'>;

/**
 * What running a slash command does: answer at once from the rules core (`quick`), take a turn
 * in the person's conversation (`turn`), or show the Discord help (`help`).
 */
export type SlashAction =
  | { kind: 'quick'; topic: QuickTopic }
  | { kind: 'turn'; command: CommandName; args?: string }
  | { kind: 'help' };

/**
 * Every slash command and what it does, in the order Discord lists them. Descriptions are
 * `discord.command.<name>` in knowledge/discord.yaml.
 */
export const slashActions = {
  retake: { kind: 'quick', topic: 'retake' },
  statement: { kind: 'quick', topic: 'statement' },
  step3: { kind: 'quick', topic: 'step3' },
  cycles: { kind: 'quick', topic: 'cycles' },
  advisor: { kind: 'turn', command: 'start' },
  outlook: { kind: 'turn', command: 'outlook' },
  plan: { kind: 'turn', command: 'plan' },
  why: { kind: 'turn', command: 'why' },
  scores: { kind: 'turn', command: 'scores', args: 'entry' },
  reminders: { kind: 'turn', command: 'reminders' },
  profile: { kind: 'turn', command: 'profile' },
  forget: { kind: 'turn', command: 'forget' },
  help: { kind: 'help' },
} as const satisfies Record<string, SlashAction>;

/** The name of one of the slash commands in {@link slashActions}. */
export type SlashCommandName = keyof typeof slashActions;

/**
 * The option name each profile fact gets on a quick-answer command (Discord option names are
 * lowercase, at most 32 characters). Every fact has one, so a decision whose flow gains a fact
 * gets its option without touching this file — and a new fact without a name fails to compile.
 */
export const factOptionNames: Record<FactName, string> = {
  failedExam: 'exam',
  failedAttempts: 'attempts',
  retakePassed: 'passed',
  retakeStrength: 'pass_strength',
  otherStepFailures: 'other_failures',
  practiceStanding: 'practice',
  extraTimeUseful: 'extra_time',
  fearOfFailing: 'afraid',
  failureCause: 'cause',
  monthsToApplication: 'months_to_apply',
  applyingThisCycle: 'applying_now',
  yearsSinceGraduation: 'years_since_grad',
  usce: 'usce',
  usLetters: 'us_letters',
  english: 'english',
  targetSpecialty: 'specialty',
  programMix: 'programs',
  cyclesApplied: 'cycles',
  interviewsLastCycle: 'interviews',
  strategyRealistic: 'realistic',
  scoresImproved: 'improved',
  ecfmgCertified: 'ecfmg',
  step3Time: 'prep_time',
  step3Confident: 'confident',
  visa: 'visa',
  strain: 'strain',
  role: 'role',
  failureRecency: 'when_failed',
  weeksToExam: 'weeks_to_exam',
};

/** One option of a quick-answer command: the fact it fills and the choices Discord offers. */
export interface QuickOption {
  name: string;
  fact: FactName;
  /** Discord's option type: yes/no facts are booleans, counts are integers, the rest strings. */
  type: 'string' | 'integer' | 'boolean';
  /** The question's own options (label and value); empty for booleans, which Discord shows as True/False. */
  choices: { name: string; value: string | number }[];
}

/** A slash command ready to register and to handle. */
export interface SlashCommand {
  name: SlashCommandName;
  action: SlashAction;
  /** The options of a quick-answer command, in its decision's flow order; none for the others. */
  options: QuickOption[];
  /** The definition as Discord's API takes it. */
  json: RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/**
 * The options of a quick-answer command: one per fact its decision's flow asks for, in the flow's
 * order, with the question's options as choices. Reading the flow keeps the command and the
 * guided flow asking for the same facts.
 */
export function quickOptions(topic: QuickTopic, kb: Knowledge): QuickOption[] {
  const facts = [...new Set((kb.flows[topic] ?? []).map((step) => step.fact))];
  return facts.map((fact) => {
    const question = kb.questions.get(fact);
    if (!question) throw new Error(`no question asks for "${fact}", so /${topic} can't offer it`);
    const values = question.options.map((o) => o.value);
    const type = values.every((v) => typeof v === 'boolean')
      ? 'boolean'
      : values.every((v) => typeof v === 'number')
        ? 'integer'
        : 'string';
    const choices =
      type === 'boolean'
        ? []
        : question.options.map((o) => ({ name: o.label, value: o.value as string | number }));
    return { name: factOptionNames[fact], fact, type, choices };
  });
}

/**
 * Every slash command, built with discord.js's builders (which check Discord's limits as they
 * go). The one place commands are defined: `deploy-commands` registers `json`, the handlers
 * dispatch on `action` and read quick answers through `options`.
 */
export function slashCommands(kb: Knowledge): SlashCommand[] {
  return (Object.keys(slashActions) as SlashCommandName[]).map((name) => {
    const action: SlashAction = slashActions[name];
    const options = action.kind === 'quick' ? quickOptions(action.topic, kb) : [];
    const builder = new SlashCommandBuilder()
      .setName(name)
      .setDescription(say(kb, `discord.command.${name}`))
      // Servers and direct messages with the bot; not installable on user accounts.
      .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
    for (const option of options) addOption(builder, option, kb);
    // A turn that takes words after the command ("/scores nbme 31 221") gets one free-text option.
    const argsName = action.kind === 'turn' ? action.args : undefined;
    if (argsName)
      builder.addStringOption((o) =>
        o
          .setName(argsName)
          .setDescription(say(kb, `discord.option.${argsName}`))
          .setMaxLength(200),
      );
    return { name, action, options, json: builder.toJSON() };
  });
}

function addOption(builder: SlashCommandBuilder, option: QuickOption, kb: Knowledge): void {
  const description = say(kb, `discord.option.${option.name}`);
  if (option.type === 'boolean') {
    builder.addBooleanOption((o) => o.setName(option.name).setDescription(description));
  } else if (option.type === 'integer') {
    builder.addIntegerOption((o) =>
      o
        .setName(option.name)
        .setDescription(description)
        .addChoices(...option.choices.map((c) => ({ name: c.name, value: Number(c.value) }))),
    );
  } else {
    builder.addStringOption((o) =>
      o
        .setName(option.name)
        .setDescription(description)
        .addChoices(...option.choices.map((c) => ({ name: c.name, value: String(c.value) }))),
    );
  }
}
