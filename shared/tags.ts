/**
 * The one tag vocabulary of the problem library. A problem's `tags` must come from this list (the
 * schema refuses anything else), so the library filter stays short and free of near-duplicates
 * (saga/sagas, queues/queueing). Add a tag here only when no existing one fits; each line says what
 * it covers, including the synonyms it replaced.
 */
export const TAGS = {
  analytics: 'aggregations, OLAP stores, event-time windows',
  'batch-processing': 'offline pipelines, MapReduce-style jobs, periodic rebuilds',
  'blob-storage': 'object storage, chunked uploads, large files',
  caching: 'cache placement, eviction, invalidation, CDNs in front of reads',
  concurrency: 'contention on shared state: locks, atomic counters, inventory',
  'conflict-resolution': 'OT, CRDTs, offline edits and merges',
  consistency: 'consistency models, ordering, read-your-writes',
  'consistent-hashing': 'partitioning with rings and virtual nodes',
  coordination: 'leases, leader election, fencing tokens',
  crawling: 'URL frontiers, politeness, fetching the web',
  deduplication: 'content hashes, Bloom filters, seen-sets',
  'delivery-guarantees': 'at-least-once, exactly-once, ordering of delivery',
  'event-sourcing': 'append-only logs as the source of truth, snapshots',
  'fan-out': 'one write delivered to many readers',
  geospatial: 'geohash, quadtrees, S2, proximity queries',
  'hot-spots': 'hot keys, traffic spikes, waiting rooms',
  'id-generation': 'unique ids, short codes, hashing',
  idempotency: 'idempotency keys, safe retries, dedupe of requests',
  matching: 'pairing supply and demand: riders, orders, bids',
  media: 'video and audio: transcoding, adaptive bitrate, streaming playback',
  'ml-serving': 'GPU inference, batching, model rollout',
  'multi-region': 'geo-distribution, cross-region replication, failover between regions',
  'multi-tenancy': 'tenant isolation, quotas, fairness',
  payments: 'money movement, ledgers, processors',
  queues: 'message queues, logs such as Kafka, queueing and backpressure',
  ranking: 'ordering results: leaderboards, feed ranking, sorted sets',
  'rate-limiting': 'quotas, token buckets, politeness limits',
  'read-heavy': 'reads dominate writes by orders of magnitude',
  'real-time': 'WebSockets, long polling, presence, live updates',
  reconciliation: 'comparing two records of truth and repairing the difference',
  replication: 'replicas, quorums, failover',
  sagas: 'multi-step workflows with compensation',
  scheduling: 'timers, cron, priorities, recrawl schedules',
  search: 'inverted indexes, tries, typeahead, in-memory indexes',
  sharding: 'partitioning data and load across nodes',
  'stream-processing': 'streaming jobs, windows, watermarks',
  'time-series': 'metrics, downsampling, retention by age',
  'top-k': 'heavy hitters, count-min sketch, top-N per prefix or window',
  transactions: 'ACID transactions, distributed transactions, isolation',
  'write-heavy': 'writes dominate or drive the design',
} as const satisfies Record<string, string>;

export type Tag = keyof typeof TAGS;
export const TAG_IDS = Object.keys(TAGS) as [Tag, ...Tag[]];
