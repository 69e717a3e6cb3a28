#!/usr/bin/env bash
# `npm start -- --postgres [--scenario NAME]`: the demo on real databases. One throwaway
# PostgreSQL cluster holds central's and each store's Openbravo database, filled from the
# scenario (openbravo-sim --postgres-sql KEY: Openbravo's tables, agent/sql/), an
# openbravo-version-agent per server reads its own database through a read-only role, and the
# simulator serves the WebPOS, the login and the overview, routing the module's service paths
# to each server's agent as a reverse proxy in front of Tomcat would.
#
# Ports (flags): --central-port (8610) and --store-base-port (8611) as `npm start`,
# --agent-base-port (8710), --pg-port (8709); --release runs the release binaries (the
# bench). Ctrl-C (or SIGTERM) stops everything and removes
# the cluster. Prints `postgres demo ready` once every agent answers.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

scenario=mixed
central_port=8610
store_base_port=8611
agent_base_port=8710
pg_port=8709
profile=debug
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) ;;
    --scenario) scenario="$2"; shift ;;
    --central-port) central_port="$2"; shift ;;
    --store-base-port) store_base_port="$2"; shift ;;
    --agent-base-port) agent_base_port="$2"; shift ;;
    --pg-port) pg_port="$2"; shift ;;
    --release) profile=release ;;
    *) echo "start-postgres: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

say() { printf 'start-postgres: %s\n' "$*"; }

bin=$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort | tail -n 1 | xargs -r dirname)
[ -n "$bin" ] || { echo "start-postgres: PostgreSQL's server is not installed: run npm run setup (or apt-get install postgresql)" >&2; exit 1; }

if [ "$profile" = release ]; then
  cargo build --quiet --release -p openbravo-sim -p openbravo-version-agent
else
  cargo build --quiet -p openbravo-sim -p openbravo-version-agent
fi
sim=target/$profile/openbravo-sim
agent=target/$profile/openbravo-version-agent

dir=$(mktemp -d /tmp/webpos-postgres.XXXXXX)
as_db() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$dir"
  as_db() { runuser -u postgres -- "$@"; }
fi
pids=()
cleanup() {
  trap "" INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  as_db "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "a PostgreSQL cluster in $dir (port $pg_port)"
as_db "$bin/initdb" -D "$dir/data" -U owner --auth=trust -E UTF8 --no-sync >/dev/null
as_db "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
  -o "-p $pg_port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
psql_as() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U owner "$@"; }
psql_as -d postgres -c "CREATE ROLE version_agent LOGIN" >/dev/null

ports=(--central-port "$central_port" --store-base-port "$store_base_port")
token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$token" > "$dir/token"
agents=()
i=0
while read -r key port; do
  database="db_$i"
  psql_as -d postgres -c "CREATE DATABASE $database" >/dev/null
  psql_as -d "$database" -f agent/sql/openbravo-tables.sql >/dev/null
  "$sim" --scenario "$scenario" "${ports[@]}" --postgres-sql "$key" | psql_as -d "$database" >/dev/null
  psql_as -d "$database" -c "GRANT USAGE ON SCHEMA public TO version_agent; GRANT SELECT ON ALL TABLES IN SCHEMA public TO version_agent" >/dev/null
  agent_port=$((agent_base_port + i))
  "$agent" --database-url "host=127.0.0.1 port=$pg_port user=version_agent dbname=$database" \
    --listen "127.0.0.1:$agent_port" --server-key "$key" \
    --openbravo "http://127.0.0.1:$port/openbravo" --session-cookie "JSESSIONID_$port" \
    --token-file "$dir/token" >"$dir/agent-$key.log" 2>&1 &
  pids+=($!)
  agents+=(--agent "$key=http://127.0.0.1:$agent_port")
  i=$((i + 1))
done < <("$sim" --scenario "$scenario" "${ports[@]}" --postgres-servers)
say "$i agents on ports $agent_base_port and up"

"$sim" --scenario "$scenario" "${ports[@]}" --server-token "$token" "${agents[@]}" &
pids+=($!)
# Ready once central's agent answers through the simulator.
for _ in $(seq 1 100); do
  if node -e "fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "http://127.0.0.1:$central_port/openbravo/org.example.versionguard/ServerDefinitions"; then
    say "postgres demo ready"
    wait "${pids[-1]}"
    exit $?
  fi
  sleep 0.2
done
echo "start-postgres: the simulator or central's agent did not answer; see $dir/*.log" >&2
exit 1
