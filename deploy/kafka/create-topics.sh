#!/bin/sh
# Creates the topics of topics.txt that do not exist yet (re-runnable), each with retention.ms=-1 and
# cleanup.policy=delete, replication factor $REPLICATION_FACTOR (default 1). POSIX sh: it also runs in the
# apache/kafka image (docker-compose.yml).
#   create-topics.sh <bootstrap servers> <topics.txt> <kafka-topics command...>
# e.g. create-topics.sh kafka:19092 /etc/crm/topics.txt /opt/kafka/bin/kafka-topics.sh
#      create-topics.sh 127.0.0.1:9092 deploy/kafka/topics.txt java -cp 'libs/*' org.apache.kafka.tools.TopicCommand
set -eu

[ $# -ge 3 ] || { echo "usage: $0 <bootstrap servers> <topics.txt> <kafka-topics command...>" >&2; exit 2; }
bootstrap="$1"; topics_file="$2"; shift 2
replication="${REPLICATION_FACTOR:-1}"

# one JVM for --list, then one per missing topic (each JVM costs ~2 s)
existing="$("$@" --bootstrap-server "$bootstrap" --list 2>/dev/null)" \
  || { echo "error: could not list the topics on $bootstrap" >&2; exit 1; }

while read -r name parts rest; do
  case "$name" in ''|'#'*) continue ;; esac
  case "$parts" in ''|*[!0-9]*|0*) echo "error: $topics_file: bad partition count for $name" >&2; exit 1 ;; esac
  if printf '%s\n' "$existing" | grep -qxF "$name"; then continue; fi
  echo "creating topic $name ($parts partitions)"
  "$@" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" \
    --partitions "$parts" --replication-factor "$replication" \
    --config retention.ms=-1 --config cleanup.policy=delete >/dev/null \
    || { echo "error: could not create topic $name" >&2; exit 1; }
done <"$topics_file"
