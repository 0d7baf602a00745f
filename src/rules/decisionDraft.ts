import type { Decision, Phase, Topic, Verdict } from './advice.ts';
import type { FactName, Profile } from './profile.ts';

type Facts = Decision['reasons'][number]['facts'];

/**
 * Collects one topic's decision as a rule module works through it, so each module
 * reads as its rules and nothing else. Knowledge ids default to the rule id.
 */
export class DecisionDraft<T extends Topic> {
  private verdict: Verdict<T> | undefined;
  private readonly reasons: Decision['reasons'] = [];
  private readonly actions: Decision['actions'] = [];
  private readonly assumptions: Decision['assumptions'] = [];
  private readonly questions: FactName[] = [];

  constructor(
    readonly topic: T,
    private readonly profile: Profile,
  ) {}

  /** Picks the facts a rule used, dropping the unknown ones. */
  facts(...names: FactName[]): Facts {
    const used: Facts = {};
    for (const name of names) {
      const value = this.profile[name];
      if (value !== undefined) used[name] = value;
    }
    return used;
  }

  /** Sets the verdict and records the rule that decided it. */
  decide(verdict: Verdict<T>, rule: string, facts: FactName[], knowledge = rule): this {
    this.verdict = verdict;
    return this.reason('basis', rule, facts, knowledge);
  }

  /** Records a rule that supports the verdict without changing it. */
  basis(rule: string, facts: FactName[], knowledge = rule): this {
    return this.reason('basis', rule, facts, knowledge);
  }

  /** Records a risk factor present in the profile. */
  risk(rule: string, facts: FactName[], knowledge = rule): this {
    return this.reason('risk', rule, facts, knowledge);
  }

  /** Records something the person should keep in mind. */
  caution(rule: string, facts: FactName[], knowledge = rule): this {
    return this.reason('caution', rule, facts, knowledge);
  }

  /** Adds an action, once. */
  act(knowledge: string, phase?: Phase): this {
    if (!this.actions.some((a) => a.knowledge === knowledge)) {
      this.actions.push(phase ? { knowledge, phase } : { knowledge });
    }
    return this;
  }

  /** Records what was assumed for an unknown fact, and asks for it. */
  assume(fact: FactName, knowledge: string): this {
    if (!this.assumptions.some((a) => a.fact === fact)) this.assumptions.push({ fact, knowledge });
    return this.ask(fact);
  }

  /** Names an unknown fact that would change or sharpen the answer. */
  ask(fact: FactName): this {
    if (this.profile[fact] === undefined && !this.questions.includes(fact)) {
      this.questions.push(fact);
    }
    return this;
  }

  /** The verdict reached so far, if any. */
  get current(): Verdict<T> | undefined {
    return this.verdict;
  }

  /** Takes over another decision's reasons, assumptions and questions (used by the plan). */
  absorb(other: Decision): this {
    for (const r of other.reasons) {
      if (!this.reasons.some((own) => own.rule === r.rule)) this.reasons.push(r);
    }
    for (const a of other.assumptions) this.assume(a.fact, a.knowledge);
    for (const q of other.nextQuestions) this.ask(q);
    return this;
  }

  /** The finished decision; a rule module that never decided is a bug. */
  finish(): Decision {
    if (this.verdict === undefined) throw new Error(`rules for ${this.topic} reached no verdict`);
    return {
      topic: this.topic,
      verdict: this.verdict,
      reasons: this.reasons,
      actions: this.actions,
      assumptions: this.assumptions,
      nextQuestions: this.questions,
    };
  }

  private reason(
    kind: 'basis' | 'risk' | 'caution',
    rule: string,
    facts: FactName[],
    knowledge: string,
  ): this {
    this.reasons.push({ rule, kind, facts: this.facts(...facts), knowledge });
    return this;
  }
}
