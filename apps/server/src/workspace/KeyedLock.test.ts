import { describe, expect, it } from 'vitest';
import { KeyedLock } from './KeyedLock.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedLock', () => {
  it('runs work on one key one at a time, in order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const job = (name: string) => lock.run(['a.yaml'], async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    });
    await Promise.all([job('1'), job('2'), job('3')]);
    expect(log).toEqual(['1 start', '1 end', '2 start', '2 end', '3 start', '3 end']);
  });

  it('runs different keys in parallel and overlapping key sets without deadlock', async () => {
    const lock = new KeyedLock();
    let running = 0;
    let most = 0;
    const job = (keys: string[]) => lock.run(keys, async () => {
      most = Math.max(most, ++running);
      await tick();
      running--;
    });
    await Promise.all([job(['a']), job(['b'])]);
    expect(most).toBe(2);
    await expect(Promise.all([job(['a', 'b']), job(['b', 'a']), job(['a']), job(['b'])])).resolves.toHaveLength(4);
  });

  it('releases the key when the work fails', async () => {
    const lock = new KeyedLock();
    await expect(lock.run(['a'], async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run(['a'], async () => 'next')).resolves.toBe('next');
  });
});
