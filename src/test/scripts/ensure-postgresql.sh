#!/usr/bin/env bash
# Run by `mvn verify` before the integration tests: the PostgreSQL leg of the suite needs a server
# at 127.0.0.1:5432 (trust auth, database "test"). Starts the machine's cluster if it is down.
set -euo pipefail
host=127.0.0.1 port=5432
ready() { pg_isready -h "$host" -p "$port" -q 2>/dev/null; }
ready && exit 0
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "PostgreSQL is down; starting the local cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
  for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
fi
echo "PostgreSQL is not reachable at $host:$port; the integration suite needs it (database 'test', trust auth)." >&2
exit 1
