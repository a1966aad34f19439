/** A starter experiment: one service, a step load and a target-utilization autoscaler, with every field commented. */
export function scaffoldExperiment(name: string): string {
  return `# yaml-language-server: $schema=https://ctrlsim.dev/schema/experiment-v1.json
# ${name}: a starter ctrlsim experiment. Run it with: ctrlsim run ${name}.yaml
name: ${name}
description: One service under a load step, scaled by a target-utilization autoscaler.
seed: 1                 # same config + seed = byte-identical outputs
horizon: 2h             # virtual time covered
sampleEvery: 10s        # time-series resolution
slo:
  latency: 250ms        # mean-latency SLO
metrics:
  scrapeInterval: 15s   # how often utilization is scraped
  delay: 30s            # how stale controllers' data is
services:
  - name: web
    initialReplicas: 4
    capacity:
      rpsPerInstance: 100   # requests/s one instance serves at 100% utilization
      serviceTime: 50ms
    startupDelay: { kind: lognormal, median: 40s, sigma: 0.3 }
    load:
      - shape: step
        steps:
          - { at: 0s, rps: 250 }
          - { at: 30m, rps: 900 }
          - { at: 80m, rps: 300 }
controllers:
  autoscaler:
    kind: target-utilization
    service: web
    target: 0.6             # aim for 60% utilization
    minReplicas: 2
    maxReplicas: 40
    syncPeriod: 15s
    scaleDownCooldown: 5m
`;
}
