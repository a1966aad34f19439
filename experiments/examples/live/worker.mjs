// A worker for the live process-pool example: an HTTP service whose requests
// each hold one of CONCURRENCY slots for a service time (lognormal, median
// SERVICE_MS, shape SERVICE_SIGMA), queue behind busy slots up to
// QUEUE_LIMIT (then 503), and which becomes ready STARTUP_MS after it starts.
// It listens on HOST:PORT (default 127.0.0.1; a container sets HOST=0.0.0.0).
// It exposes Prometheus metrics with prom-client on /metrics:
//   worker_requests_total{code}          requests answered
//   worker_request_seconds               latency histogram (queueing + service)
//   worker_busy_seconds_total            slot-seconds busy / CONCURRENCY, so
//                                        rate() of it is the utilization of
//                                        this worker's capacity (0..1)
// Sleeping rather than burning CPU keeps the example honest on a shared
// machine: capacity is what the config says, not what the neighbours leave.
import { createServer } from 'node:http';
import client from 'prom-client';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const PORT = env('PORT', 19100);
const CONCURRENCY = env('CONCURRENCY', 1);
const SERVICE_MS = env('SERVICE_MS', 100);
const SIGMA = env('SERVICE_SIGMA', 0.25);
const QUEUE_LIMIT = env('QUEUE_LIMIT', 100);
const STARTUP_MS = env('STARTUP_MS', 2000);

const registry = new client.Registry();
const requests = new client.Counter({ name: 'worker_requests_total', help: 'Requests answered, by status code', labelNames: ['code'], registers: [registry] });
const latency = new client.Histogram({
  name: 'worker_request_seconds',
  help: 'Time from arrival to answer',
  buckets: [0.025, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 2, 5],
  registers: [registry],
});
const busy = new client.Counter({ name: 'worker_busy_seconds_total', help: 'Busy slot-seconds divided by the slot count', registers: [registry] });

let free = CONCURRENCY;
const queue = [];
let ready = false;

/** A lognormal service time, ms (Box–Muller; the worker is not part of any seeded run). */
function serviceMs() {
  const z = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
  return SERVICE_MS * Math.exp(SIGMA * z);
}

function serve(job) {
  free--;
  const ms = serviceMs();
  setTimeout(() => {
    free++;
    busy.inc(ms / 1000 / CONCURRENCY);
    requests.inc({ code: '200' });
    latency.observe((performance.now() - job.arrived) / 1000);
    job.res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    const next = queue.shift();
    if (next) serve(next);
  }, ms);
}

const server = createServer(async (req, res) => {
  if (req.url === '/metrics') {
    res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    return;
  }
  if (req.url === '/healthz') {
    res.writeHead(ready ? 200 : 503).end(ready ? 'ready\n' : 'starting\n');
    return;
  }
  const job = { res, arrived: performance.now() };
  if (free > 0) serve(job);
  else if (queue.length < QUEUE_LIMIT) queue.push(job);
  else {
    requests.inc({ code: '503' });
    res.writeHead(503).end('busy\n');
  }
});
server.keepAliveTimeout = 5000;
server.listen(PORT, process.env.HOST ?? '127.0.0.1');
setTimeout(() => (ready = true), STARTUP_MS);
process.on('SIGTERM', () => {
  ready = false;
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
});
