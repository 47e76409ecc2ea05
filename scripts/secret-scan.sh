#!/usr/bin/env bash
# Scans the tracked tree for committed credentials with Debian's git-secrets (1.3.0, installed
# by .ci/run). The patterns live here, passed as git configuration for this run only, so no
# clone needs `git secrets --install`. git-secrets joins the patterns into one `git grep -E`:
# they must hold no space and not start with '-'. A fixture holding a fake key is allowed by its exact
# file and value, never by a wildcard (one bracketed letter keeps this line itself from matching).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
patterns=(
  'BEGIN[[:space:]]([A-Z]+[[:space:]])?PRIVATE[[:space:]]KEY'  # PEM private keys
  '(A3T[A-Z0-9]|AKIA|ASIA)[A-Z0-9]{16}'              # AWS access key ids
  '(sk|rk)_live_[0-9a-zA-Z]{10,}'                    # Stripe live secret and restricted keys
  'xox[abpr]-[0-9A-Za-z-]{10,}'                      # Slack tokens
  'gh[pousr]_[0-9A-Za-z]{36}'                        # GitHub tokens
)
allowed=(
  '^tests/secrets/VaultFileTest\.cpp:[0-9]+:.*"sk_live_[V]erySecretValue42"'
)
count=0
for pattern in "${patterns[@]}"; do
  export "GIT_CONFIG_KEY_$count=secrets.patterns" "GIT_CONFIG_VALUE_$count=$pattern"
  count=$((count + 1))
done
for pattern in "${allowed[@]}"; do
  export "GIT_CONFIG_KEY_$count=secrets.allowed" "GIT_CONFIG_VALUE_$count=$pattern"
  count=$((count + 1))
done
export GIT_CONFIG_COUNT=$count
git secrets --scan
echo "secret scan: no credentials in the tracked tree"
