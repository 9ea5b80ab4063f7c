#!/usr/bin/env bash
# Start-up time and peak memory of a small OpenAI SDK app: without an agent, with TraceFlow's agent, and with the
# OpenTelemetry Java agent (exporters off) as a yardstick. Figures and how to read them: docs/benchmarks.md.
#
#   benchmarks/scripts/startup.sh [-n RUNS] [--decompose] [--otel-version V] [--out DIR] [--other-agent JAR]
#                                 [--scenarios "client call demo"]
#
# Needs: the project built (mvn -DskipTests package), java 17+, /usr/bin/time (Debian package "time").
# Downloads nothing except, once, the OpenTelemetry agent jar through Maven (mvn dependency:copy) into
# benchmarks/target/otel/ when it is not there yet.
#
# Three scenarios, each run RUNS times per configuration, configurations interleaved round-robin so that a change
# in machine load hits all of them alike; medians are reported:
#   client  java -cp benchmarks.jar io.traceflow.benchmarks.startup.StartupApp
#           builds an OpenAI client and exits. It prints the time from launch to main (JVM start-up plus any
#           premain) and the process CPU time at main.
#   call    the same app with "calls 1": one chat completion against the fake server on 127.0.0.1, started in
#           the app; reports the time from launch to the first answer (main + building the client + the call),
#           where an agent still installing in the background shows.
#   demo    java -jar examples/target/traceflow-demo.jar
#           five SDK calls (chat, streaming, tool call, Responses, embeddings) against the fake server on
#           127.0.0.1: with TraceFlow, its writer thread, SQLite and the rows are part of the process.
# For every run: wall time of the whole process, CPU time (user + sys) and peak RSS ("Maximum resident set
# size" of /usr/bin/time).
#
# --decompose adds, to the client scenario only, two reference agents compiled on the spot with javac:
# "noop-agent" (an empty premain: what -javaagent costs by itself) and "append-agent" (appends an empty jar to the
# bootstrap class path, as TraceFlow does: what losing CDS for non-boot classes costs); and "traceflow-noinst",
# TraceFlow with traceflow.instrumentations=none (configuration, runtime and writer, but no Byte Buddy).
# --other-agent JAR adds "traceflow-other" to the client scenario: another build of traceflow-agent.jar (say,
# of an older commit) measured in the same runs, for a before/after comparison.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

RUNS=10
SCENARIOS="client call demo"
DECOMPOSE=0
OTHER_AGENT=
OTEL_VERSION=2.33.1
OUT=$ROOT/benchmarks/target/startup
while [ $# -gt 0 ]; do
  case "$1" in
    -n) RUNS=$2; shift 2 ;;
    --decompose) DECOMPOSE=1; shift ;;
    --otel-version) OTEL_VERSION=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --other-agent) OTHER_AGENT=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

AGENT=$ROOT/agent/target/traceflow-agent.jar
BENCH=$ROOT/benchmarks/target/benchmarks.jar
DEMO=$ROOT/examples/target/traceflow-demo.jar
for f in "$AGENT" "$BENCH" "$DEMO"; do
  [ -f "$f" ] || { echo "missing $f: build first (mvn -DskipTests package)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }

OTEL=$ROOT/benchmarks/target/otel/opentelemetry-javaagent-$OTEL_VERSION.jar
if [ ! -f "$OTEL" ]; then
  mvn -B -ntp -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_VERSION:jar \
    -DoutputDirectory="$ROOT/benchmarks/target/otel"
fi

rm -rf "$OUT"; mkdir -p "$OUT"
TFDB=$OUT/traceflow-client.db
TFDEMO=$OUT/traceflow-demo.db

# name|JVM options (word-split on purpose: no spaces inside an option)
CONFIGS=(
  "none|"
  "traceflow|-javaagent:$AGENT -Dtraceflow.db=@DB@"
  "otel|-javaagent:$OTEL -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none"
)
if [ "$DECOMPOSE" = 1 ]; then
  REF=$OUT/ref-agents; mkdir -p "$REF/src" "$REF/classes"
  cat > "$REF/src/NoopAgent.java" <<'JAVA'
public class NoopAgent { public static void premain(String a, java.lang.instrument.Instrumentation i) { } }
JAVA
  cat > "$REF/src/AppendAgent.java" <<'JAVA'
public class AppendAgent {
    public static void premain(String a, java.lang.instrument.Instrumentation i) throws Exception {
        i.appendToBootstrapClassLoaderSearch(new java.util.jar.JarFile(System.getProperty("append.jar")));
    }
}
JAVA
  javac -d "$REF/classes" "$REF"/src/*.java
  printf 'Premain-Class: NoopAgent\n' > "$REF/noop.mf"; printf 'Premain-Class: AppendAgent\n' > "$REF/append.mf"
  mkdir -p "$REF/empty"; echo empty > "$REF/empty/empty.txt"; jar cf "$REF/empty.jar" -C "$REF/empty" empty.txt
  jar cfm "$REF/noop-agent.jar" "$REF/noop.mf" -C "$REF/classes" NoopAgent.class
  jar cfm "$REF/append-agent.jar" "$REF/append.mf" -C "$REF/classes" AppendAgent.class
  CONFIGS+=("noop-agent|-javaagent:$REF/noop-agent.jar" "append-agent|-javaagent:$REF/append-agent.jar -Dappend.jar=$REF/empty.jar"
    "traceflow-noinst|-javaagent:$AGENT -Dtraceflow.db=@DB@ -Dtraceflow.instrumentations=none")
fi

if [ -n "$OTHER_AGENT" ]; then
  CONFIGS+=("traceflow-other|-javaagent:$OTHER_AGENT -Dtraceflow.db=@DB@")
fi

# run SCENARIO CONFIG_NAME OPTS: appends "wall_ms cpu_ms rss_kb main_ms cpu_main_ms" to $OUT/SCENARIO-CONFIG.txt
run() {
  local scenario=$1 name=$2 opts=$3 db
  if [ "$scenario" = demo ]; then db=$TFDEMO; else db=$TFDB; fi
  opts=${opts//@DB@/$db}
  local app
  if [ "$scenario" = client ]; then
    app=(-cp "$BENCH" io.traceflow.benchmarks.startup.StartupApp)
  elif [ "$scenario" = call ]; then
    app=(-cp "$BENCH" io.traceflow.benchmarks.startup.StartupApp calls 1)
  else
    app=(-jar "$DEMO")
  fi
  local t0 t1 out
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  /usr/bin/time -f '%U %S %M' -o "$OUT/time.txt" \
    env -u OPENAI_API_KEY java $opts -Dstartup.launched="$(date +%s%N)" "${app[@]}" >"$OUT/stdout.txt" 2>"$OUT/stderr.txt"
  t1=$(date +%s%N)
  read -r user sys rss < <(tail -n 1 "$OUT/time.txt")
  local main=- cpumain=- first=-
  if [ "$scenario" != demo ]; then
    main=$(sed -n 's/.*startup: main=\([0-9.]*\) .*/\1/p' "$OUT/stdout.txt")
    cpumain=$(sed -n 's/.*cpu_main=\([0-9]*\) .*/\1/p' "$OUT/stdout.txt")
    first=$(sed -n 's/.*startup: main=\([0-9.]*\) client=\([0-9.]*\) calls=[0-9.]* first_call=\([0-9.]*\).*/\1 \2 \3/p' \
      "$OUT/stdout.txt" | awk '{printf "%.1f", $1 + $2 + $3}')
    [ "$scenario" = call ] || first=-
  elif ! grep -q '^embedding: ' "$OUT/stdout.txt"; then
    echo "demo run failed ($name):" >&2; cat "$OUT/stdout.txt" "$OUT/stderr.txt" >&2; exit 1
  fi
  echo "$(( (t1 - t0) / 1000000 )) $(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%d", (u+s)*1000}') $rss $main $cpumain $first" \
    >> "$OUT/$scenario-$name.txt"
}

is_main_config() { case "$1" in none|traceflow|otel) return 0 ;; *) return 1 ;; esac; }

median() { sort -n | awk '{a[NR]=$1} END{if (NR==0) {print "-"} else if (NR%2) {print a[(NR+1)/2]} else {printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}}'; }
col() { awk -v c="$1" '{print $c}' "$2" | grep -v '^-$' || true; }

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -n 2 | tail -n 1)"
echo "OpenTelemetry agent $OTEL_VERSION; runs per configuration: $RUNS; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
for scenario in $SCENARIOS; do
  for i in $(seq "$RUNS"); do
    for c in "${CONFIGS[@]}"; do
      case "$scenario:${c%%|*}" in
        client:*) ;;                                # every configuration
        call:traceflow-other) ;;                    # the before/after comparison, where it matters most
        *) is_main_config "${c%%|*}" || continue ;; # none, traceflow, otel
      esac
      run "$scenario" "${c%%|*}" "${c#*|}"
    done
    printf '.'
  done
  echo " $scenario done (load average $(cut -d' ' -f1-3 /proc/loadavg))"
done

echo
echo "Medians of $RUNS runs (ms, MB; 'added' = configuration minus none):"
echo
echo "| scenario | configuration | launch → main | added | launch → first answer | added | CPU at main | whole process (wall) | added | CPU total | added | peak RSS MB | added |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for scenario in $SCENARIOS; do
  base=$OUT/$scenario-none.txt
  bmain=$(col 4 "$base" | median); bwall=$(col 1 "$base" | median); bcpu=$(col 2 "$base" | median)
  brss=$(col 3 "$base" | median); bfirst=$(col 6 "$base" | median)
  for c in "${CONFIGS[@]}"; do
    name=${c%%|*}; f=$OUT/$scenario-$name.txt
    [ -f "$f" ] || continue
    main=$(col 4 "$f" | median); cmain=$(col 5 "$f" | median); wall=$(col 1 "$f" | median)
    cpu=$(col 2 "$f" | median); rss=$(col 3 "$f" | median); first=$(col 6 "$f" | median)
    diff() { if [ "$1" = - ] || [ "$2" = - ]; then echo -; else awk -v a="$1" -v b="$2" 'BEGIN{printf "%+.0f", a-b}'; fi; }
    mb() { awk -v k="$1" 'BEGIN{printf "%.0f", k/1024}'; }
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$scenario" "$name" "$main" \
      "$( [ "$name" = none ] && echo "" || diff "$main" "$bmain")" "$first" \
      "$( [ "$name" = none ] && echo "" || diff "$first" "$bfirst")" "$cmain" "$wall" \
      "$( [ "$name" = none ] && echo "" || diff "$wall" "$bwall")" "$cpu" \
      "$( [ "$name" = none ] && echo "" || diff "$cpu" "$bcpu")" "$(mb "$rss")" \
      "$( [ "$name" = none ] && echo "" || diff "$(mb "$rss")" "$(mb "$brss")")"
  done
done
echo
echo "Raw runs (wall_ms cpu_ms rss_kb main_ms cpu_main_ms first_answer_ms): $OUT/<scenario>-<configuration>.txt"
if [ -f "$TFDEMO" ]; then
  echo "TraceFlow recorded in the demo runs (the demo records 12 steps a run: expect $((RUNS * 12))):"
  java -jar "$AGENT" stats --db "$TFDEMO" | grep -E '^(steps|agent_runs|events dropped|events failed|advice errors) '
fi
