#!/usr/bin/env bash
# Runs the sparkrl CLI on a Spark cluster through spark-submit, with what every sparkrl job needs:
# the shaded jar (spark-job/target/sparkrl-spark-job-<version>-submit.jar, built when missing),
# main class io.sparkrl.spark.cli.SparkrlCli, Spark's Java 17 --add-opens flags for the driver and the
# executors (from spark-job/target/java17-opens.txt, the pom's single copy), headless AWT for the
# report's charts, one OpenMP/BLAS thread per task, and Kryo with sparkrl's registrators.
#
#   scripts/submit.sh [spark-submit options] -- train --config conf/x.json --data D --output O
#   scripts/submit.sh train ...          (no '--': every argument goes to the CLI)
#
# Environment:
#   SPARK_HOME                     spark-submit is $SPARK_HOME/bin/spark-submit, else found on PATH
#   SPARKRL_OMP_THREADS            spark.executorEnv.OMP_NUM_THREADS (default 1; keep it equal to
#                                  the job setting omp_threads_per_task)
#   SPARKRL_DRIVER_JAVA_OPTS       extra driver JVM options (appended to the --add-opens flags;
#                                  a --conf spark.driver.extraJavaOptions would replace them)
#   SPARKRL_EXECUTOR_JAVA_OPTS     extra executor JVM options (likewise)
#   SPARKRL_REBUILD=1              rebuild the jar even if it exists
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/spark-job/target"
main_class="io.sparkrl.spark.cli.SparkrlCli"
# The value of SparkrlKryoRegistrator.REGISTRATORS.
kryo_registrators="io.sparkrl.spark.SparkrlKryoRegistrator"

if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  spark_submit="$SPARK_HOME/bin/spark-submit"
elif command -v spark-submit > /dev/null 2>&1; then
  spark_submit="$(command -v spark-submit)"
else
  echo "submit.sh: spark-submit not found: set SPARK_HOME or put spark-submit on PATH" >&2
  exit 1
fi

find_jar() {
  local jars=()
  shopt -s nullglob
  jars=("$target"/sparkrl-spark-job-*-submit.jar)
  shopt -u nullglob
  if ((${#jars[@]} > 0)); then
    printf '%s\n' "${jars[0]}"
  fi
}

jar="$(find_jar)"
if [[ "${SPARKRL_REBUILD:-0}" == "1" || -z "$jar" || ! -f "$target/java17-opens.txt" ]]; then
  echo "submit.sh: building the spark-submit jar (mvn -B -q -DskipTests package) ..." >&2
  (cd "$root" && mvn -B -q -DskipTests package) >&2
  jar="$(find_jar)"
fi
if [[ -z "$jar" ]]; then
  echo "submit.sh: no $target/sparkrl-spark-job-*-submit.jar after the build" >&2
  exit 1
fi

opens="$(tr '\n' ' ' < "$target/java17-opens.txt")"
driver_opts="$opens -Djava.awt.headless=true -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 ${SPARKRL_DRIVER_JAVA_OPTS:-}"
executor_opts="$opens -Djava.awt.headless=true -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 ${SPARKRL_EXECUTOR_JAVA_OPTS:-}"

spark_args=()
app_args=()
if [[ " $* " == *" -- "* ]]; then
  while (($# > 0)); do
    if [[ "$1" == "--" ]]; then
      shift
      break
    fi
    spark_args+=("$1")
    shift
  done
fi
app_args=("$@")

exec "$spark_submit" \
  --class "$main_class" \
  --conf "spark.driver.extraJavaOptions=$driver_opts" \
  --conf "spark.executor.extraJavaOptions=$executor_opts" \
  --conf "spark.executorEnv.OMP_NUM_THREADS=${SPARKRL_OMP_THREADS:-1}" \
  --conf "spark.serializer=org.apache.spark.serializer.KryoSerializer" \
  --conf "spark.kryo.registrator=$kryo_registrators" \
  "${spark_args[@]}" \
  "$jar" \
  "${app_args[@]}"
