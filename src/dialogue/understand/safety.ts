/** How much a message's wording calls for care before any advice. */
export type SafetyLevel = 'none' | 'distress' | 'crisis';

// Every pattern reads normalized text (see normalize.ts): lowercase, contractions
// spelled out ("do not"), shorthand expanded ("kms" → "kill myself"), `.` between
// sentences. Phrases are specific on purpose: "this exam is killing me" and "dying to
// know my score" are ordinary talk, while any mention of ending one's life, however
// casual, gets the crisis reply — missing one is far worse than a kind reply too many.
const crisisPatterns: readonly RegExp[] = [
  /\b(?:kill|killing|hang|hanging|shoot|shooting|hurt|hurting|harm|harming|cut|cutting|poison|poisoning|drown|drowning|starve|starving|off) (?:my ?self|me ?self)\b/,
  /\bsuicid/,
  /\bselfharm/,
  /\bend(?:ing)? (?:my|my own) life\b/,
  /\bend(?:ing)? it all\b/,
  /\b(?:want|wanted|wanting|going|plan|planning|ready|deserve|wish|need) to end it\b/,
  /\btak(?:e|ing) my (?:own )?life\b/,
  /\b(?:want|wanted|wanting|plan|planning|ready|deserve|wish|like|need|try|trying|tried) to die\b/,
  /\b(?:would|will) rather (?:die|be dead)\b/,
  /\brather be dead\b/,
  /\bbetter off dead\b/,
  /\bwish i (?:was|were|had been|could be) dead\b/,
  /\bwish i (?:was|were|had) never (?:been )?born\b/,
  /\bwish i (?:did not|could not|do not) exist\b/,
  /\bwish i could (?:just )?(?:disappear|vanish|die|not wake up)\b/,
  /\bgoing to die\b(?! (?:of|from|laughing|waiting|before|when|if i do not))/,
  /\b(?:do not|not) want to (?:live|be alive|exist|be here anymore|wake up)\b/,
  /\bnot sure i want to (?:live|be alive|go on)\b/,
  /\b(?:no|not|never|nothing|lost|without|lack|can not|any)\b(?: \S+){0,4} (?:reason|point|will|purpose)(?: \S+){0,3}? (?:to|in|of|for) (?:keep |go on |carry on )?(?:live|living|go on|going on|keep going|be alive|being alive|exist|existing)\b/,
  /\b(?:do not|not|no longer) (?:want|wish|feel like|care) to (?:be here|be around|be alive|live|exist|keep living|go on living)\b/,
  /\b(?:do not|not) feel like (?:living|being alive|existing)\b/,
  /\b(?:not|no longer|never)\b(?: \S+){0,4} (?:want|wish|feel like|care|see myself) (?:\S+ ){0,2}?(?:to )?(?:be alive|live|living|exist|existing|be here anymore|be around anymore|wake up)\b/,
  /\b(?:feel like|feeling like|thinking (?:of|about)|think about|about to|going to|want to|ready to|plan to|planning to|might|should|will) (?:just )?end(?:ing)? (?:it|things|everything)\b/,
  /\b(?:sleep|go to sleep) forever\b/,
  /\bwant (?:it|everything|this|the pain|it all|my life) to (?:end|stop|be over)\b/,
  /\bcan not (?:live|keep living|go on living|carry on living|bear living)\b/,
  /\blife (?:is|feels) (?:pointless|meaningless|not worth living|not worth it)\b/,
  /\b(?:thoughts?|thinking|think|fantasi[sz]ing|dreaming) (?:of|about) (?:dying|death|ending it|ending my life|ending things|killing my ?self|suicide|not being (?:here|alive|around)|not waking up)\b/,
  /\bend (?:my|the) (?:suffering|pain)\b/,
  /\b(?:will not|wont|not going to) be (?:around|here|alive) (?:much longer|for long|tomorrow|anymore)\b/,
  /\bbetter off (?:if i (?:was|were|am) )?gone\b/,
  /\bi (?:should|might as well|may as well) (?:just )?die\b/,
  /\bgive up on (?:life|living)\b/,
  /\b(?:took|take|taking|swallow|swallowed|swallowing|stockpil\w*|saving up|collecting|hoarding) (?:\S+ ){0,3}?(?:pills|tablets|sleeping pills|paracetamol|tylenol|painkillers)\b(?<!(?:took|take|taking) my (?:pills|tablets))/,
  /\b(?:what is the|whats the) point (?:of|in) (?:living|life|going on|being alive)\b/,
  /\b(?:not|never) worth living\b/,
  /\blife (?:is|feels) not worth\b/,
  /\bcan not (?:go on|keep living|keep going on|live like this)\b/,
  /\btired of (?:living|being alive)\b/,
  /\b(?:everyone|everybody|my family|they) (?:would be|is|are|will be) better off without me\b/,
  /\b(?:nobody|no 1|no one) would (?:\S+ )?(?:miss|notice|care if) (?:me|i)\b/,
  /\b(?:miss me|better|easier) (?:if|when|once) i (?:was|were|am) gone\b/,
  /\b(?:sleep|go to sleep) and (?:never|not) wake up\b/,
  /\bnever wake up\b/,
  /\b(?:disappear|vanish) forever\b/,
  /\bgoodbye (?:forever|everyone|world|cruel)\b/,
  /\b(?:suicide|goodbye) (?:note|letter)\b/,
  /\boverdos/,
  /\bjump (?:off|from|in front of) (?:a |the )?(?:bridge|building|roof|train|balcony|window)\b/,
  /\bslit (?:my )?wrists?\b/,
  /\bquiero morir/,
  /\bme quiero matar\b/,
  /\bquero morrer\b/,
  /\bme matar\b/,
];

// A plain denial ("I'm not suicidal", "I would never kill myself") is still worth a
// kind word, but not the crisis reply.
const denials: readonly RegExp[] = [
  /\b(?:not|never|no longer) (?:suicidal|going to (?:kill|hurt|harm) my ?self)\b/,
  /\b(?:would|will) (?:never|not) (?:kill|hurt|harm) my ?self\b/,
  /\bnot (?:thinking|thought) (?:about|of) (?:suicide|killing my ?self)\b/,
];

const distressPatterns: readonly RegExp[] = [
  /\b(?:feel|feels|feeling|felt)(?: like)? (?:a |such a |so |completely |totally |really |a total |a complete |like a )?(?:failure|loser|worthless|useless|hopeless|broken|defeated|crushed|devastated|heartbroken|humiliated|ashamed|embarrassed|miserable|depressed|empty|numb|stupid|dumb|fraud|disappointment|mess|wreck|alone|trapped)\b/,
  /(?<!think )(?<!thinks )(?<!say )\bi am (?:a |such a |so |completely |totally |really |a total |a complete |just a |such an )?(?:failure|loser|worthless|useless|hopeless|broken|defeated|crushed|devastated|heartbroken|humiliated|ashamed|embarrassed|miserable|depressed|empty|numb|stupid|dumb|idiot|fraud|disappointment|mess|wreck|alone)\b/,
  /\b(?:such a|a total|a complete) (?:failure|loser|disappointment|fraud|idiot)\b/,
  /\b(?:can not|could not) stop (?:crying|shaking|thinking about it|panicking)\b/,
  /\b(?:crying|cried|in tears|sobbing|breaking down|broke down|falling apart|panic attacks?|panicking)\b/,
  /\b(?:can not|could not) (?:sleep|eat|breathe|focus|function|cope|think straight|handle (?:this|it)|take (?:this|it) anymore|do this anymore|bear it)\b/,
  /\b(?:heartbroken|devastated|hopeless|worthless|depressed|depression|miserable|ashamed|humiliated|shattered|despair)\b/,
  /\bhate (?:my ?self|my life)\b/,
  /\b(?:let|letting) (?:everyone|everybody|them|you|every 1|(?:my )?(?:whole |entire )?(?:family|parents)|my (?:mom|dad|mother|father|wife|husband|teachers)) down\b/,
  /\b(?:disappointed|disappointing|failed) my (?:family|parents|mother|father|mom|dad|wife|husband)\b/,
  /\b(?:lost|losing) (?:all )?hope\b/,
  /\bno hope\b/,
  /\b(?:dying|dead|broken|empty) inside\b/,
  /\b(?:want|wanted|going|ready) to give up\b/,
  /\bfeel like giving up\b/,
  /\b(?:so|really|extremely|super|completely) (?:stressed|anxious|overwhelmed|sad|down|upset|low)\b/,
  /\boverwhelmed\b/,
  /\b(?:mental )?breakdown\b/,
  /\bmy (?:father|mother|dad|mom|mum|parent|grandmother|grandfather|grandma|grandpa|brother|sister|wife|husband|son|daughter|best friend|friend|child|baby) (?:died|passed away|passed)\b/,
];

/**
 * Reads normalized text for signs of crisis (thoughts of ending one's life or
 * self-harm) or ordinary distress (shame, tears, hopelessness about the exam).
 * Not a diagnosis: it only decides whether to lead with crisis lines or with a kind
 * word before the advice.
 */
export function detectSafety(normalized: string): SafetyLevel {
  if (crisisPatterns.some((p) => p.test(normalized))) {
    const denied = denials.some((p) => p.test(normalized));
    return denied && !reaffirmed(normalized) ? 'distress' : 'crisis';
  }
  return distressPatterns.some((p) => p.test(normalized)) ? 'distress' : 'none';
}

// "I'm not suicidal but sometimes I want to die" still gets the crisis reply: a denial
// only cancels when nothing else in the message points the other way.
function reaffirmed(normalized: string): boolean {
  const withoutDenials = denials.reduce(
    (text, p) => text.replace(new RegExp(p, 'g'), ' '),
    normalized,
  );
  return crisisPatterns.some((p) => p.test(withoutDenials));
}
