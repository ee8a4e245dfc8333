import { ETCD_INSTALL, etcdBinary } from '../../examples/cluster/etcd-server';

export { ETCD_INSTALL, EtcdServer, etcdBinary, metricSum } from '../../examples/cluster/etcd-server';

/**
 * `describe` when etcd is installed; otherwise the block is reported as skipped with the
 * install command. With FLEET_REQUIRE_ETCD=1 (set by CI) a missing etcd is a failure instead.
 */
export function describeWithEtcd(name: string, fn: () => void): void {
  if (etcdBinary()) return describe(name, fn);
  if (process.env.FLEET_REQUIRE_ETCD === '1') {
    describe(name, () => {
      it('needs etcd on PATH (FLEET_REQUIRE_ETCD=1)', () => {
        throw new Error(`etcd is not installed: ${ETCD_INSTALL}`);
      });
    });
    return;
  }
  console.warn(`${name}: skipped, etcd is not installed (${ETCD_INSTALL})`);
  describe.skip(`${name} [skipped: etcd not installed; ${ETCD_INSTALL}]`, fn);
}

