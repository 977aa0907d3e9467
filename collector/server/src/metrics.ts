import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The collector's Prometheus metrics, one registry per collector instance. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sluice_collector_' });
  return {
    registry,
    eventsIngested: new Counter({ name: 'sluice_events_ingested_total', help: 'Events durably stored.', registers: [registry] }),
    eventsDuplicate: new Counter({
      name: 'sluice_events_duplicate_total',
      help: 'Events received again (resend or replay) and not stored twice.',
      registers: [registry],
    }),
    eventsRejected: new Counter({
      name: 'sluice_events_rejected_total',
      help: 'Events refused, by error code.',
      labelNames: ['code'],
      registers: [registry],
    }),
    acks: new Counter({ name: 'sluice_acks_sent_total', help: 'Acknowledgements sent to agents.', registers: [registry] }),
    protocolErrors: new Counter({
      name: 'sluice_protocol_errors_total',
      help: 'Protocol errors sent to agents, by code.',
      labelNames: ['code'],
      registers: [registry],
    }),
    connections: new Gauge({ name: 'sluice_agent_connections', help: 'Open agent WebSocket connections.', registers: [registry] }),
    queueEvents: new Gauge({
      name: 'sluice_ingest_queue_events',
      help: 'Events received and waiting for the group commit.',
      registers: [registry],
    }),
    queueBatches: new Gauge({
      name: 'sluice_ingest_queue_batches',
      help: 'Batches received and waiting for the group commit.',
      registers: [registry],
    }),
    writeSeconds: new Histogram({
      name: 'sluice_write_duration_seconds',
      help: 'Duration of one group-commit transaction.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    writeEvents: new Histogram({
      name: 'sluice_write_batch_events',
      help: 'Events per group-commit transaction.',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
      registers: [registry],
    }),
    ackLatency: new Histogram({
      name: 'sluice_ack_latency_seconds',
      help: 'From receiving an event batch to acknowledging it (validation, queueing, durable commit).',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    flowPauses: new Counter({ name: 'sluice_flow_pauses_total', help: 'Times ingest paused agents because the writer lagged.', registers: [registry] }),
    policyPushes: new Counter({ name: 'sluice_policy_pushes_total', help: 'Signed policies sent to agents.', registers: [registry] }),
    storageErrors: new Counter({ name: 'sluice_storage_errors_total', help: 'Failed group commits.', registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
