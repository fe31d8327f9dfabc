/**
 * The yes/no vocabulary, English. Phrases are matched as whole words after
 * folding (lower case, apostrophes dropped: "don't" is written "dont"), and
 * the longest phrase wins, which is how "no problem" means yes, "not really"
 * means no and "not sure" means neither.
 */
export type Polarity = 'yes' | 'no' | 'unsure';

const YES = [
  'yes', 'yeah', 'yea', 'yep', 'yup', 'ya', 'aye', 'sure', 'ok', 'okay', 'k', 'alright', 'all right', 'fine',
  'correct', 'right', 'thats right', 'that is right', 'thats correct', 'that is correct', 'exactly', 'indeed',
  'i do', 'i am', 'i have', 'i did', 'i would', 'i will', 'it is', 'that is it', 'thats it', 'true',
  'absolutely', 'definitely', 'certainly', 'of course', 'affirmative', 'agreed', 'i agree', 'confirm', 'confirmed',
  'go ahead', 'go for it', 'please do', 'do it', 'yes please', 'sounds good', 'why not', 'no problem', 'no worries',
  'dont mind', 'i dont mind', 'i think so', 'please', 'yes it is', 'yes i do',
] as const;

const NO = [
  'no', 'nope', 'nah', 'nay', 'not', 'never', 'negative', 'incorrect', 'wrong', 'false', 'no way',
  'dont', 'do not', 'i dont', 'i do not', 'didnt', 'did not', 'i didnt', 'i did not', 'isnt', 'is not', 'it isnt', 'it is not',
  'im not', 'i am not', 'havent', 'have not', 'i havent', 'i have not', 'wont', 'will not', 'i wont', 'wouldnt', 'i wouldnt',
  'no thanks', 'no thank you', 'not really', 'not now', 'not right now', 'not at the moment', 'not correct', 'not right', 'not ok',
  'not okay', 'not true', 'not at all', 'absolutely not', 'definitely not', 'certainly not', 'of course not', 'please dont',
  'dont do it', 'i dont think so', 'dont think so', 'i disagree', 'thats wrong', 'that is wrong', 'thats not right',
] as const;

const UNSURE = [
  'not sure', 'im not sure', 'i am not sure', 'unsure', 'maybe', 'perhaps', 'possibly', 'dunno', 'i dont know', 'dont know',
  'do not know', 'no idea', 'not certain', 'i dont remember', 'dont remember', 'cant remember', 'i cant remember', 'it depends',
  'depends', 'not sure yet', 'kind of', 'sort of',
] as const;

export const BOOLEAN_PHRASES: ReadonlyArray<readonly [string, Polarity]> = [
  ...YES.map((p) => [p, 'yes'] as const),
  ...NO.map((p) => [p, 'no'] as const),
  ...UNSURE.map((p) => [p, 'unsure'] as const),
];

/** Words that open a question ("what", "why"), folded like answers ("whats" is "what's"). */
export const INTERROGATIVES: ReadonlySet<string> = new Set([
  'what', 'whats', 'why', 'whys', 'how', 'hows', 'who', 'whos', 'when', 'whens', 'where', 'wheres', 'which', 'whose',
]);

/** Auxiliaries that open a question when their subject follows ("can you", "is that", "do I"). */
export const AUXILIARIES: ReadonlySet<string> = new Set([
  'do', 'does', 'did', 'is', 'are', 'am', 'was', 'were', 'can', 'could', 'will', 'would', 'should', 'shall', 'may', 'might',
  'must', 'have', 'has', 'had',
]);

/** Subjects after an auxiliary that make it a question: "is that", not "is not". */
export const QUESTION_SUBJECTS: ReadonlySet<string> = new Set(['i', 'you', 'we', 'they', 'he', 'she', 'it', 'that', 'this', 'there', 'my', 'your', 'the']);
