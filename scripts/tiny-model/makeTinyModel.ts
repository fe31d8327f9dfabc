/**
 * `pnpm gen:tiny-model`: writes the project's own tiny transformers.js model, a
 * BERT-shaped feature-extraction model of a few hundred words, to
 * packages/nlu/test/fixtures/tiny-model/. The Hugging Face hub is out of reach
 * on build machines, so the `transformers` recognizer's real loading code
 * (config, tokenizer, ONNX session, pooling) is tested with this model.
 *
 * The model is one embedding lookup (`Gather`): each token's vector is its word
 * group's vector plus a little noise, so words of a group ("lost", "missing",
 * "stolen") land close together and sentences about the same thing have similar
 * mean-pooled embeddings. It is deterministic: running the script again writes
 * the same bytes (a test checks the committed files against it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mulberry32 } from '@colloquy/nlu';
import { DataType, floatTensor, modelBytes } from './onnxProto.ts';

export const TINY_MODEL_DIR = resolve(import.meta.dirname, '../../packages/nlu/test/fixtures/tiny-model');
const HIDDEN = 32;
const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/** Words that mean nearly the same land near each other; every other word has its own place. */
const WORD_GROUPS: readonly (readonly string[])[] = [
  ['lost', 'missing', 'stolen', 'gone', 'lose', 'misplaced'],
  ['card', 'debit', 'credit', 'cards'],
  ['balance', 'money', 'funds', 'account', 'savings'],
  ['transfer', 'send', 'pay', 'payment', 'move'],
  ['complaint', 'complain', 'unhappy', 'rude', 'angry', 'terrible'],
  ['close', 'cancel', 'leave', 'closing', 'quit'],
  ['address', 'move', 'moved', 'home', 'house'],
  ['weather', 'rain', 'sunny', 'forecast', 'snow', 'cold'],
  ['hello', 'hi', 'hey', 'morning', 'evening'],
  ['thanks', 'thank', 'cheers', 'bye', 'goodbye'],
  ['died', 'death', 'passed', 'bereavement', 'funeral'],
  ['arrived', 'arrive', 'delivered', 'received', 'came'],
  ['dispute', 'charge', 'transaction', 'refund', 'wrong'],
  ['branch', 'nearest', 'near', 'where', 'location', 'open', 'hours'],
];
const OTHER_WORDS = [
  'i', 'my', 'me', 'you', 'your', 'the', 'a', 'an', 'is', 'are', 'was', 'has', 'have', 'not', 'no', 'yes',
  'to', 'of', 'in', 'on', 'for', 'and', 'or', 'what', 'how', 'can', 'do', 'want', 'need', 'please', 'it',
  'this', 'that', 'with', 'today', 'new', 'old', 'bank', 'help', "'", 's', '?', '.', ',', '!',
];

function vocabulary(): string[] {
  const words = new Set<string>();
  for (const group of WORD_GROUPS) for (const word of group) words.add(word);
  for (const word of OTHER_WORDS) words.add(word);
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
  return [...SPECIAL, ...words, ...letters.filter((l) => !words.has(l)), ...letters.map((l) => `##${l}`)];
}

function embeddings(vocab: readonly string[]): Float32Array {
  const random = mulberry32(20261123);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const groupVectors = WORD_GROUPS.map(() => Array.from({ length: HIDDEN }, gaussian));
  const groupOf = new Map<string, number>();
  WORD_GROUPS.forEach((group, g) => group.forEach((word) => groupOf.has(word) || groupOf.set(word, g)));
  const table = new Float32Array(vocab.length * HIDDEN);
  vocab.forEach((token, row) => {
    const group = groupOf.get(token);
    for (let i = 0; i < HIDDEN; i++) {
      // [PAD] is all zeros; grouped words sit near their group's vector; the rest are on their own.
      const value = token === '[PAD]' ? 0 : group === undefined ? gaussian() : groupVectors[group]![i]! + 0.25 * gaussian();
      table[row * HIDDEN + i] = value;
    }
  });
  return table;
}

function tokenizerJson(vocab: readonly string[]): object {
  const id = (token: string) => vocab.indexOf(token);
  const special = (token: string) => ({ id: token, type_id: 0 });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content) => ({ id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: special('[CLS]') }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: special('[SEP]') }],
      pair: [
        { SpecialToken: special('[CLS]') },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: special('[SEP]') },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((token, i) => [token, i])),
    },
  };
}

/** The model's files, by path inside the model folder. */
export function tinyModelFiles(): Map<string, Uint8Array> {
  const vocab = vocabulary();
  const model = modelBytes(
    {
      name: 'colloquy_tiny_encoder',
      nodes: [{ op: 'Gather', name: 'embed', inputs: ['word_embeddings', 'input_ids'], outputs: ['last_hidden_state'], attributes: { axis: 0 } }],
      initializers: [floatTensor('word_embeddings', [vocab.length, HIDDEN], embeddings(vocab))],
      inputs: [{ name: 'input_ids', type: DataType.INT64, shape: ['batch_size', 'sequence_length'] }],
      outputs: [{ name: 'last_hidden_state', type: DataType.FLOAT, shape: ['batch_size', 'sequence_length', HIDDEN] }],
    },
    { opset: 13, producer: 'colloquy scripts/tiny-model' },
  );
  const json = (value: object) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  return new Map([
    ['config.json', json({ model_type: 'bert', architectures: ['BertModel'], hidden_size: HIDDEN, vocab_size: vocab.length, num_hidden_layers: 0, num_attention_heads: 1, max_position_embeddings: 512, pad_token_id: 0 })],
    ['tokenizer_config.json', json({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, unk_token: '[UNK]', sep_token: '[SEP]', pad_token: '[PAD]', cls_token: '[CLS]', mask_token: '[MASK]' })],
    ['tokenizer.json', json(tokenizerJson(vocab))],
    ['onnx/model.onnx', model],
  ]);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  for (const [path, bytes] of tinyModelFiles()) {
    mkdirSync(join(TINY_MODEL_DIR, path, '..'), { recursive: true });
    writeFileSync(join(TINY_MODEL_DIR, path), bytes);
    console.log(`wrote ${join(TINY_MODEL_DIR, path)} (${bytes.length} bytes)`);
  }
}
