/**
 * Background utterances: things people say to an assistant that belong to no
 * customer-service workspace in particular (weather, trivia, chit-chat,
 * cooking, sport...). A workspace gives only its own intents' examples, so a
 * model recognizer trained on them alone has never seen what "none of these"
 * looks like, and on a small workspace its threshold comes from a handful of
 * held-out examples: it accepted "purple elephants sing opera tonight" as an
 * intent (docs/decisions/0009, addendum 3). These utterances play the part
 * CLINC150's `oos_train`/`oos_val` play in the benchmark: half train the
 * out-of-scope class, half choose the threshold (trainIntentClassifier).
 *
 * Written for this purpose, in British and American English, and
 * deliberately different from the simulator's out-of-scope probes
 * (packages/simulator/src/generate/probes.ts; a test keeps them apart), so a
 * simulation still measures out-of-scope behaviour on utterances the
 * recognizer never saw. A workspace whose domain overlaps one of them (a
 * travel assistant and "book a hotel") keeps its intents: utterances too close
 * to the workspace's own examples are left out (`backgroundFor`).
 */
import { dot, normalized } from './vectors.ts';

export const BACKGROUND_UTTERANCES: readonly string[] = [
  // weather and seasons
  'is it going to be sunny on Saturday',
  'how cold will it get tonight',
  "what's the forecast for the bank holiday weekend",
  'do I need an umbrella today',
  'when does spring start this year',
  // sport
  'what was the score in the cricket',
  'when is the next Formula 1 race',
  'who is top of the Premier League',
  'how do I get better at tennis',
  'what time does the marathon start',
  // food and cooking
  'how long do I boil an egg for',
  'what can I make with chicken and rice',
  'is it safe to eat raw cookie dough',
  'suggest a vegetarian dinner for four',
  'how do you make a cup of tea properly',
  'what wine goes with salmon',
  // travel and places
  'find me a hotel in Edinburgh for Friday',
  'how far is it from London to Paris',
  'what are the best beaches in Cornwall',
  'do I need a visa for Japan',
  'what time does the museum open',
  'is the motorway busy right now',
  // entertainment and music
  "what's on at the cinema this weekend",
  'play my running playlist',
  'who sang that song about the rain',
  'recommend a podcast about history',
  'when does the next series of that detective show come out',
  'turn the volume up',
  // technology that is not the workspace's
  'my laptop keeps freezing',
  'how do I take a screenshot',
  'what is the best phone to buy this year',
  'how do I reset my smart speaker',
  'why is my printer offline',
  // health and body
  'how many steps should I walk a day',
  'is it normal to sneeze this much in spring',
  'how much water should I drink',
  'what are the symptoms of hay fever',
  // science, maths, general knowledge
  'why is the sky blue',
  'what is twelve times fourteen',
  'how many moons does Jupiter have',
  'who painted the Mona Lisa',
  'when did the Second World War end',
  'what is the longest river in the world',
  'how does a rainbow form',
  'what is the square root of one hundred and forty four',
  'how many legs does a spider have',
  // language
  'how do you spell necessary',
  'what does serendipity mean',
  'how do you say thank you in German',
  'what is a synonym for happy',
  // home, garden, pets
  'when should I plant tulip bulbs',
  'how often should I water a cactus',
  'my dog keeps barking at night',
  'what do hamsters eat',
  'how do I get rid of ants in the kitchen',
  'set the heating to twenty degrees',
  'turn off the living room lights',
  // personal organiser
  'set an alarm for seven tomorrow',
  'remind me to call mum at six',
  'start a ten minute timer',
  'add milk to my shopping list',
  "what's on my calendar tomorrow",
  'what day of the week is Christmas this year',
  // cars and getting around
  'how do I check my tyre pressure',
  'where is the nearest petrol station',
  'when is my car due its MOT',
  'how long does it take to walk five kilometres',
  // chit-chat about the assistant
  'are you a robot',
  'do you like music',
  "what's your name",
  'tell me something interesting',
  'can you sing me a song',
  'who made you',
  'are you happy',
  'let us play a game',
  "I'm bored",
  'good night',
  // replies that answer nothing: at a question, these must not start another flow
  'hmm let me think',
  'erm',
  'not sure really',
  "I don't know",
  "can't remember",
  'one second',
  'wait a moment',
  'no clue',
  'whatever you think',
  'why do you need that',
  'does it matter',
  'what was the question',
  'ok then',
  'sorry what',
  // work, study, hobbies
  'help me write a cover letter',
  'how do I knit a scarf',
  'what is a good book for a long flight',
  'how do I start running',
  'explain photosynthesis simply',
  'how many players are on a rugby team',
  'what board games are good for families',
  'how do I learn to play the guitar',
];

/** Cosine similarity above which a background utterance is too close to a workspace example to count as "none of these". */
export const BACKGROUND_MAX_SIMILARITY = 0.6;

/**
 * The background utterances (with their embeddings) that are not close to any
 * of the workspace's examples: each is kept only when its cosine similarity to
 * every example is below `maxSimilarity`.
 */
export function backgroundFor<T extends { readonly embedding: Float32Array }>(
  background: readonly T[],
  examples: readonly { readonly embedding: Float32Array }[],
  maxSimilarity = BACKGROUND_MAX_SIMILARITY,
): T[] {
  const unit = examples.map((e) => normalized(e.embedding));
  return background.filter((b) => {
    const v = normalized(b.embedding);
    return unit.every((u) => dot(u, v) < maxSimilarity);
  });
}
