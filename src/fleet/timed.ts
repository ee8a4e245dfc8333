/**
 * The promise, or a rejection after `ms`. The call itself goes on: the fleet bounds its own waits
 * instead of giving etcd calls a gRPC deadline, because etcd3 answers a call that missed its
 * deadline by closing every channel to that host, which also cuts the watch and the lease
 * renewals of the worker (on a loaded machine one slow call then failed dozens of others).
 */
export function timed<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`etcd ${what} took longer than ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
