import type { AgentStats, RequestCounts } from '../observe/stats';

/**
 * What a fleet's `status()` may say; every field is optional. `AgentFleet`'s status fits (it
 * gives `workerId`, `members`, `bots` and `leaseRenewals`); other fleets may give `held` instead of `bots`.
 */
export interface FleetStatusLike {
  /** This worker's id: the `fleet` label when no name is given. */
  workerId?: string;
  /** The live workers (a list or a count): `fleet_members`. */
  members?: unknown[] | number;
  /** The bots this worker runs, as `AgentFleet` lists them: counted when `held` is absent. */
  bots?: unknown[];
  /** The bots this worker holds (a list or a count). Without it and `bots`, acquired − released − lost since added. */
  held?: unknown[] | number;
  /** Lease keep-alives that succeeded. Without it, the `renewed` events since added. */
  leaseRenewals?: number;
}

/** What the fleet metrics read: the fleet's own status plus what its events counted. */
export interface FleetView {
  status: FleetStatusLike;
  acquired: number;
  released: number;
  lost: number;
  renewed: number;
  heldByEvents: number;
}

/** Extra label values and the value of one series. */
export type Sample = [labels: Record<string, string>, value: number];

/** One Prometheus metric: its name (after the prefix), kind, help, own labels and how to read it. */
export interface MetricSpec<V = any> {
  name: string;
  kind: 'counter' | 'gauge';
  help: string;
  labels: string[];
  read(source: V): Sample[];
}

const one = (value: number): Sample[] => [[{}, value]];
const byKey = (label: string, counts: Record<string, number>): Sample[] => Object.entries(counts).map(([key, n]) => [{ [label]: key }, n]);
const requests = (field: keyof RequestCounts) => (s: AgentStats): Sample[] => Object.entries(s.requests).map(([type, c]) => [{ type }, c[field]]);
const seconds = (ms: number | null) => (ms === null ? NaN : ms / 1000);
const count = (value: unknown): number | undefined => (typeof value === 'number' ? value : Array.isArray(value) ? value.length : undefined);

/** Per agent, labels `account` and `agent`; `type` is the request method or the notification type. */
export const AGENT_METRICS: ReadonlyArray<MetricSpec<AgentStats>> = [
  { name: 'agent_requests_sent_total', kind: 'counter', help: 'Requests written to the socket, by method.', labels: ['type'], read: requests('sent') },
  { name: 'agent_requests_answered_total', kind: 'counter', help: 'Requests answered with a code below 400, by method.', labels: ['type'], read: requests('answered') },
  {
    name: 'agent_requests_failed_total',
    kind: 'counter',
    help: 'Requests answered with an error, cut off by a close or dispose, cancelled, or refused while not connected, by method.',
    labels: ['type'],
    read: requests('failed'),
  },
  { name: 'agent_requests_timed_out_total', kind: 'counter', help: 'Requests not answered within requestTimeout, by method.', labels: ['type'], read: requests('timedOut') },
  { name: 'agent_requests_pending', kind: 'gauge', help: 'Requests waiting for their answer.', labels: [], read: (s) => one(s.pending) },
  { name: 'agent_notifications_total', kind: 'counter', help: 'Notifications received, by emitted type.', labels: ['type'], read: (s) => byKey('type', s.notifications) },
  { name: 'agent_errors_total', kind: 'counter', help: 'error events, by location.', labels: ['location'], read: (s) => byKey('location', s.errors) },
  { name: 'agent_connected', kind: 'gauge', help: '1 while the socket is open.', labels: [], read: (s) => one(s.connection.connected ? 1 : 0) },
  { name: 'agent_connected_seconds_total', kind: 'counter', help: 'Time with an open socket.', labels: [], read: (s) => one(s.connection.connectedMs / 1000) },
  { name: 'agent_socket_opens_total', kind: 'counter', help: 'Sockets that opened.', labels: [], read: (s) => one(s.connection.opens) },
  {
    name: 'agent_reconnect_attempts_total',
    kind: 'counter',
    help: 'Reconnect attempts, by cause (close:<code>, connect:<code>, requested).',
    labels: ['cause'],
    read: (s) => byKey('cause', s.reconnects.causes),
  },
  { name: 'agent_reconnects_total', kind: 'counter', help: 'Automatic reconnects that ended with an open socket.', labels: [], read: (s) => one(s.reconnects.succeeded) },
  {
    name: 'agent_request_latency_seconds',
    kind: 'gauge',
    help: 'Request round trip percentiles over the latest answers (at most 1024, none older than 60 s).',
    labels: ['quantile'],
    read: (s) => [
      [{ quantile: '0.5' }, seconds(s.latency.p50)],
      [{ quantile: '0.9' }, seconds(s.latency.p90)],
      [{ quantile: '0.99' }, seconds(s.latency.p99)],
    ],
  },
  { name: 'agent_request_latency_samples', kind: 'gauge', help: 'Answers the latency percentiles are computed from.', labels: [], read: (s) => one(s.latency.samples) },
];

/** Per fleet, label `fleet`. */
export const FLEET_METRICS: ReadonlyArray<MetricSpec<FleetView>> = [
  { name: 'fleet_bots_held', kind: 'gauge', help: 'Bots this worker holds.', labels: [], read: (f) => one(count(f.status.held) ?? count(f.status.bots) ?? f.heldByEvents) },
  { name: 'fleet_members', kind: 'gauge', help: 'Live workers of the fleet, as this worker sees them.', labels: [], read: (f) => one(count(f.status.members) ?? NaN) },
  { name: 'fleet_acquired_total', kind: 'counter', help: 'Bots this worker took on.', labels: [], read: (f) => one(f.acquired) },
  { name: 'fleet_handoffs_total', kind: 'counter', help: 'Bots this worker handed off gracefully (released).', labels: [], read: (f) => one(f.released) },
  { name: 'fleet_lost_total', kind: 'counter', help: 'Bots this worker lost (lease trouble).', labels: [], read: (f) => one(f.lost) },
  {
    name: 'fleet_lease_renewals_total',
    kind: 'counter',
    help: 'Lease renewals that succeeded.',
    labels: [],
    read: (f) => one(typeof f.status.leaseRenewals === 'number' ? f.status.leaseRenewals : f.renewed),
  },
];
