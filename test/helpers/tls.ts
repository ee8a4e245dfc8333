import selfsigned from 'selfsigned';

export interface TestCertificate {
  cert: string;
  key: string;
}

let cached: Promise<TestCertificate> | undefined;

/** A self-signed certificate for 127.0.0.1 and localhost, generated once per test file. */
export function testCertificate(): Promise<TestCertificate> {
  cached ??= (async () => {
    const pems = await (selfsigned as any).generate([{ name: 'commonName', value: '127.0.0.1' }], {
      days: 2,
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
      ],
    });
    return { cert: pems.cert, key: pems.private };
  })();
  return cached;
}
