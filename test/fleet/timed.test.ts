import { timed } from '../../src/fleet/timed';

describe('timed(): bounded waits on etcd calls', () => {
  it('passes a value through', async () => {
    await expect(timed(Promise.resolve(7), 1000, 'range')).resolves.toBe(7);
  });

  it('passes a failure through', async () => {
    await expect(timed(Promise.reject(new Error('UNAVAILABLE')), 1000, 'range')).rejects.toThrow(new Error('UNAVAILABLE'));
  });

  it('rejects with what and how long when the call does not answer in time', async () => {
    jest.useFakeTimers();
    try {
      const waiting = timed(new Promise<never>(() => undefined), 1500, 'acquire');
      jest.advanceTimersByTime(1500);
      await expect(waiting).rejects.toThrow(new Error('etcd acquire took longer than 1500 ms'));
    } finally {
      jest.useRealTimers();
    }
  });
});
