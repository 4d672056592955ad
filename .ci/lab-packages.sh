#!/bin/sh
# Installs the packages the Palisade lab needs on Debian 12 (run as root; idempotent).
# A policy-rc.d that exits 101 keeps package scripts from starting sshd, nginx or PostgreSQL in the root
# namespace: the lab starts its own instances inside network namespaces.
set -eu
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 0755 /usr/sbin/policy-rc.d
fi
export DEBIAN_FRONTEND=noninteractive
missing=""
for p in nftables iproute2 openssh-server openssh-client nginx-light libnginx-mod-stream dnsmasq-base bind9-dnsutils postgresql postgresql-client; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends $missing
fi
