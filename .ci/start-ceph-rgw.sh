#!/usr/bin/env bash
# .ci/start-ceph-rgw.sh - single-node Ceph (Debian 12: 16.2 "pacific") for tests: 1 monitor,
# 1 OSD on memstore (objects kept in RAM, capped below), no mgr, no auth (cephx off),
# plus radosgw serving S3 (and the Swift API) on 127.0.0.1. Must run as root.
# Idempotent: installs packages if missing; if mon, osd and radosgw are all running it reuses
# them, otherwise it starts a NEW EMPTY cluster (memstore data does not survive a restart);
# creates the S3 user and the test bucket, checks an authenticated S3 request, prints settings
# as NAME=value lines (S3_SERVICE_URL, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION, S3_BUCKET, ...).
# Env knobs: CEPH_RUN (/tmp/plankton-ceph) RGW_PORT (7480) CEPH_MON_PORT (6789)
#            CEPH_MEM_BYTES (8589934592 = 8 GiB cap on what the memstore OSD keeps in RAM)
#            S3_BUCKET (plankton-ci: created if missing; tests use a fresh key prefix per run)
# Written from ../shared/docs/distributed-engines.md (measured: ~2-3 s from an empty cluster
# when the packages are installed, ~15 s including apt). Stop with .ci/stop-ceph-rgw.sh.
set -euo pipefail
RUN="${CEPH_RUN:-/tmp/plankton-ceph}"
RGW_PORT="${RGW_PORT:-7480}"
MON_PORT="${CEPH_MON_PORT:-6789}"
MEM_BYTES="${CEPH_MEM_BYTES:-8589934592}"
BUCKET="${S3_BUCKET:-plankton-ci}"
ACCESS_KEY=plankton SECRET_KEY=plankton-secret SWIFT_KEY=plankton-swift-key

if ! command -v radosgw >/dev/null || ! command -v ceph-osd >/dev/null || \
   ! command -v ceph-mon >/dev/null || ! command -v uuidgen >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends ceph-mon ceph-osd radosgw ceph-common uuid-runtime >/dev/null
fi
CONF="$RUN/ceph.conf"
C="-c $CONF"
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
fail() { echo "ceph: $1; logs in $RUN/log" >&2; tail -n 20 "$RUN"/log/*.out >&2 || true; exit 1; }
# the ceph CLIs wait forever for a cluster that cannot serve them: bound every call
cephc() { timeout 30 ceph $C --connect-timeout 5 "$@"; }
rgwadm() { timeout 60 radosgw-admin $C "$@"; }

# memstore keeps objects in RAM: a stopped OSD does not come back with its data (seen: slow ops,
# radosgw never starts). So: all three daemons running -> reuse; anything else -> new cluster.
if [ -d "$RUN" ] && ! { alive "$RUN/run/mon.pid" && alive "$RUN/run/osd.pid" && alive "$RUN/run/rgw.pid"; }; then
  for n in rgw osd mon; do
    if alive "$RUN/run/$n.pid"; then
      pid=$(cat "$RUN/run/$n.pid"); kill -TERM "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
  done
  rm -rf "$RUN"
fi
mkdir -p "$RUN"/{mon,osd,rgw,run,log}

if [ ! -s "$RUN/mon/store.db/CURRENT" ]; then
  FSID=$(uuidgen)
  cat >"$CONF" <<CONF
[global]
fsid = $FSID
mon host = v1:127.0.0.1:$MON_PORT
public network = 127.0.0.0/8
ms bind ipv4 = true
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
osd crush chooseleaf type = 0
# the mon warns below 30 % free disk and stops below 5 %: off for a throwaway cluster
mon data avail warn = 1
mon data avail crit = 0
# map updates every 0.1 s instead of 1 s: radosgw's pool creation goes from ~10 s to <1 s
paxos propose interval = 0.1
run dir = $RUN/run
log file = $RUN/log/\$name.log
admin socket = $RUN/run/\$name.asok
keyring = $RUN/keyring
[mon.a]
mon data = $RUN/mon
public addr = v1:127.0.0.1:$MON_PORT
[osd.0]
osd data = $RUN/osd
osd objectstore = memstore
memstore device bytes = $MEM_BYTES
# pacific race: right after cluster creation the OSD may send these mon commands before it
# has the monmap (fsid 0 -> 'wrong fsid' -> OSD init aborts); we add it to CRUSH ourselves
osd class update on start = false
osd crush update on start = false
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $RUN/rgw
rgw thread pool size = 64
CONF
  ceph-authtool --create-keyring "$RUN/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  # --addv with an explicit v1 address: plain --add treats any port but 6789 as msgr2, and the
  # monitor then binds v2 only while the clients (mon host = v1:...) wait forever
  monmaptool --create --addv a "[v1:127.0.0.1:$MON_PORT]" --fsid "$FSID" "$RUN/monmap" >/dev/null
  ceph-mon $C --mkfs -i a --monmap "$RUN/monmap" --keyring "$RUN/keyring" >>"$RUN/log/mon-mkfs.out" 2>&1
fi

if ! alive "$RUN/run/mon.pid"; then setsid ceph-mon $C -i a -f >>"$RUN/log/mon.out" 2>&1 </dev/null & echo $! >"$RUN/run/mon.pid"; fi
up=0; for _ in $(seq 1 40); do timeout 5 ceph $C --connect-timeout 2 mon stat >/dev/null 2>&1 && { up=1; break; }; sleep 0.2; done
[ $up = 1 ] || fail "monitor did not start"

if [ ! -s "$RUN/osd/whoami" ]; then
  OSD_UUID=$(uuidgen)
  cephc osd new "$OSD_UUID" >/dev/null                       # -> osd id 0
  ceph-osd $C -i 0 --mkfs --osd-uuid "$OSD_UUID" >>"$RUN/log/osd-mkfs.out" 2>&1
  cephc osd crush add osd.0 1.0 host=localhost root=default >/dev/null 2>&1
fi
up=0
for _ in $(seq 1 150); do
  # (re)start the OSD if it is not running (also covers one that died during init)
  if ! alive "$RUN/run/osd.pid"; then setsid ceph-osd $C -i 0 -f >>"$RUN/log/osd.out" 2>&1 </dev/null & echo $! >"$RUN/run/osd.pid"; fi
  cephc osd stat 2>/dev/null | grep -q '1 up' && { up=1; break; }
  sleep 0.2
done
[ $up = 1 ] || fail "osd did not come up"

if ! alive "$RUN/run/rgw.pid"; then setsid radosgw $C -n client.rgw -f >>"$RUN/log/rgw.out" 2>&1 </dev/null & echo $! >"$RUN/run/rgw.pid"; fi
up=0; for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$RGW_PORT/" 2>/dev/null && { up=1; break; }; sleep 0.2; done
[ $up = 1 ] || fail "radosgw did not start"

if ! rgwadm user info --uid test >/dev/null 2>&1; then
  rgwadm user create --uid test --display-name test \
      --access-key "$ACCESS_KEY" --secret "$SECRET_KEY" >/dev/null
  rgwadm subuser create --uid test --subuser test:swift --access full \
      --key-type swift --secret "$SWIFT_KEY" >/dev/null
fi
# authenticated S3 round trip (ListBuckets, SigV4) before declaring readiness
up=0; for _ in $(seq 1 50); do
  # curl 7.88 does not add x-amz-content-sha256 itself (sha256 of the empty body here)
  curl -fsS -o /dev/null --aws-sigv4 "aws:amz:us-east-1:s3" --user "$ACCESS_KEY:$SECRET_KEY" \
       -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
       "http://127.0.0.1:$RGW_PORT/" 2>/dev/null && { up=1; break; }; sleep 0.2; done
[ $up = 1 ] || fail "authenticated S3 request failed"
# the bucket the tests use (PUT on a bucket we already own answers 200 on radosgw)
curl -fsS -o /dev/null -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" --user "$ACCESS_KEY:$SECRET_KEY" \
     -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
     "http://127.0.0.1:$RGW_PORT/$BUCKET" || fail "could not create bucket $BUCKET"
for n in mon osd rgw; do alive "$RUN/run/$n.pid" || fail "$n exited (port in use?)"; done
cat <<OUT
S3_SERVICE_URL=http://127.0.0.1:$RGW_PORT
S3_ACCESS_KEY=$ACCESS_KEY
S3_SECRET_KEY=$SECRET_KEY
S3_REGION=us-east-1
S3_BUCKET=$BUCKET
SWIFT_AUTH_URL=http://127.0.0.1:$RGW_PORT/auth/1.0
SWIFT_USER=test:swift
SWIFT_KEY=$SWIFT_KEY
OUT
