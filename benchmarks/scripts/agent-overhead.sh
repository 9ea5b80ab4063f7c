#!/usr/bin/env bash
# App-thread time TraceFlow adds to one OpenAI SDK call: JMH (SampleTime) in forks without and with
# -javaagent:traceflow-agent.jar, medians subtracted, then a check of what the agent recorded.
# Figures and how to read them: docs/benchmarks.md.
#
#   benchmarks/scripts/agent-overhead.sh [AgentOverheadRun options, e.g. --forks 3 --benchmarks agentPathPaced]
#
# Needs the project built (mvn -DskipTests package). Downloads nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
for f in agent/target/traceflow-agent.jar benchmarks/target/benchmarks.jar; do
  [ -f "$f" ] || { echo "missing $f: build first (mvn -DskipTests package)" >&2; exit 1; }
done
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -n 2 | tail -n 1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp benchmarks/target/benchmarks.jar io.traceflow.benchmarks.agent.AgentOverheadRun \
  --agent agent/target/traceflow-agent.jar --forks 3 --warmup 12 --iterations 5 --time 1 "$@"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
