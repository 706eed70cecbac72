#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the tests of `theorycheck slurm` and for trying it out:
#
#   scripts/slurm-local.sh start   # installs slurm-wlm and munge with apt-get where absent, starts munged,
#                                  # slurmctld and slurmd, waits for the node to be idle, prints `export SLURM_CONF=...`
#   scripts/slurm-local.sh stop    # cancels every job, stops the daemons it started, by pid
#   scripts/slurm-local.sh status  # the daemons' pids and `sinfo`
#
# Everything lives in its own directory, $THEORYCHECK_SLURM_DIR (default /tmp/theorycheck-slurm): the
# configuration, its own munge key and socket, state, spool, logs and pid files; nothing under /etc is written.
# Ports: $THEORYCHECK_SLURM_PORT (slurmctld, default 6817) and the next one (slurmd). Root is needed (slurmd
# starts jobs as their user).
set -euo pipefail

STATE=${THEORYCHECK_SLURM_DIR:-${TMPDIR:-/tmp}/theorycheck-slurm}
PORT=${THEORYCHECK_SLURM_PORT:-6817}
CPUS=${THEORYCHECK_SLURM_CPUS:-2}
CONF=$STATE/slurm.conf
NODE=$(hostname -s)
DAEMONS=(slurmd slurmctld munged)

say() { printf 'slurm-local: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

install_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null; then
    return
  fi
  command -v apt-get >/dev/null || die "slurm-wlm and munge are not installed and there is no apt-get to install them"
  [ "$(id -u)" = 0 ] || die "installing slurm-wlm and munge needs root"
  say "installing slurm-wlm and munge (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurm-wlm munge >/dev/null
  # The packages' own services (if any init started them) are not ours: ours run from $STATE.
}

write_config() {
  mkdir -p "$STATE"/{munge,ctld,spool,log}
  chmod 700 "$STATE/munge"
  if [ ! -s "$STATE/munge/munge.key" ]; then
    head -c 1024 /dev/urandom >"$STATE/munge/munge.key"
    chmod 400 "$STATE/munge/munge.key"
  fi
  cat >"$CONF" <<EOF
# A one-node cluster written by scripts/slurm-local.sh; everything under $STATE.
ClusterName=theorycheck
SlurmctldHost=$NODE
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
AuthInfo=socket=$STATE/munge/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
# No cgroups in a container: processes are tracked by parent pid, tasks are not bound.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
KillWait=5
# A job whose dependency can no longer be met (a cancelled shard) is cancelled instead of pending for ever.
DependencyParameters=kill_invalid_depend
# Finished jobs stay visible to squeue/scontrol for 10 minutes (there is no accounting database).
MinJobAge=600
NodeName=$NODE CPUs=$CPUS RealMemory=1000 State=UNKNOWN
PartitionName=local Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
}

pid_of() {
  local file=$STATE/$1.pid
  [ -s "$file" ] || return 1
  local pid
  pid=$(cat "$file")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

node_state() { SLURM_CONF=$CONF sinfo -h -n "$NODE" -o %T 2>/dev/null || true; }

start() {
  install_packages
  if pid_of slurmctld >/dev/null || pid_of slurmd >/dev/null || pid_of munged >/dev/null; then
    die "already running from $STATE (scripts/slurm-local.sh stop first)"
  fi
  write_config
  # What fails half-way stops what it started.
  trap 'say "start failed; stopping what was started (logs in $STATE/log)"; stop_daemons' ERR
  munged --socket="$STATE/munge/munge.socket" --key-file="$STATE/munge/munge.key" --pid-file="$STATE/munged.pid" \
    --log-file="$STATE/log/munged.log" --seed-file="$STATE/munge/munge.seed" --force
  slurmctld -f "$CONF"
  slurmd -f "$CONF"
  local waited=0
  until [[ "$(node_state)" == idle* ]]; do
    if [ $waited -ge 60 ]; then
      say "the node is not idle after 60 s (state: $(node_state)); see $STATE/log"
      false
    fi
    sleep 1
    waited=$((waited + 1))
  done
  trap - ERR
  say "node $NODE idle after ${waited} s: munged $(pid_of munged), slurmctld $(pid_of slurmctld), slurmd $(pid_of slurmd)"
  echo "export SLURM_CONF=$CONF"
}

# Ends one daemon by its pid file: SIGTERM, then SIGKILL after 10 s.
stop_one() {
  local pid
  pid=$(pid_of "$1") || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$STATE/$1.pid"; return 0; }
    sleep 0.1
  done
  say "$1 ($pid) did not stop in 10 s: killing it"
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$STATE/$1.pid"
}

stop_daemons() {
  for daemon in "${DAEMONS[@]}"; do stop_one "$daemon"; done
}

stop() {
  if pid_of slurmctld >/dev/null; then
    # Jobs first, while slurmd can still end their processes; wait (bounded) until none is left.
    SLURM_CONF=$CONF scancel --full --quiet --user="$(id -un)" 2>/dev/null || true
    for _ in $(seq 60); do
      [ -z "$(SLURM_CONF=$CONF squeue -h -t RUNNING,COMPLETING,PENDING,CONFIGURING -o %i 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  stop_daemons
  say "stopped (state kept in $STATE)"
}

status() {
  for daemon in "${DAEMONS[@]}"; do
    printf '%-10s %s\n' "$daemon" "$(pid_of "$daemon" || echo 'not running')"
  done
  [ -f "$CONF" ] && SLURM_CONF=$CONF sinfo 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 start|stop|status (state in \$THEORYCHECK_SLURM_DIR, default /tmp/theorycheck-slurm)" ;;
esac
