#!/usr/bin/env bash
# Runs the provider end to end against the bundled mock CallFire: no CallFire account and no
# network needed. Everything it creates (binaries, Terraform state, CLI config, the mock's
# data) lives in one temporary directory that is removed on exit.
#
#   make demo            (or: bash examples/demo/demo.sh)
#
# Set DEMO_KEEP=1 to keep the temporary directory for a look afterwards.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

bold=""; reset=""
if [ -t 1 ]; then bold=$'\033[1m'; reset=$'\033[0m'; fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$reset"; }
say() { printf '    %s\n' "$*"; }
die() { printf '\ndemo failed: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "go is not on PATH (see README.md, Requirements)"
command -v terraform >/dev/null 2>&1 ||
  die "terraform is not on PATH; install Terraform >= 1.11 and retry"

work="$(mktemp -d "${TMPDIR:-/tmp}/callfire-demo.XXXXXX")"
mock_pid=""
cleanup() {
  local status=$?
  if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then
    kill -TERM "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  if [ "${DEMO_KEEP:-}" = 1 ]; then
    printf '\nKept %s (DEMO_KEEP=1).\n' "$work"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/bin" "$work/config" "$work/home"

# Keep Terraform entirely inside the temporary directory and quiet towards the internet.
export CHECKPOINT_DISABLE=1
export TF_DATA_DIR="$work/config/.terraform"
export TF_CLI_CONFIG_FILE="$work/terraform.rc"
export TF_INPUT=0
unset TF_PLUGIN_CACHE_DIR TF_CLI_ARGS TF_CLI_ARGS_plan TF_CLI_ARGS_apply TF_WORKSPACE

step "1/8  Building the provider and the mock CallFire"
(cd "$repo" && go build -o "$work/bin/terraform-provider-callfire" .)
(cd "$repo" && go build -o "$work/bin/mockcallfire" ./internal/mockcallfire/cmd/mockcallfire)
say "provider: $work/bin/terraform-provider-callfire"
say "mock:     $work/bin/mockcallfire"

# A small client for the mock's admin endpoints, so the demo needs nothing but Go.
cat >"$work/mockctl.go" <<'GO'
// mockctl prints the mock CallFire's store or stats, or counts what the store holds.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
)

func main() {
	root, what := os.Args[1], os.Args[2]
	path := map[string]string{"store": "/_mock/store", "stats": "/_mock/stats", "count": "/_mock/store"}[what]
	req, err := http.NewRequest(http.MethodGet, root+path, nil)
	if err != nil {
		fail(err)
	}
	req.SetBasicAuth(os.Getenv("CALLFIRE_USERNAME"), os.Getenv("CALLFIRE_PASSWORD"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fail(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		fail(fmt.Errorf("GET %s: HTTP %d %s %v", path, resp.StatusCode, body, err))
	}
	if what == "count" {
		var store struct {
			Webhooks      []json.RawMessage `json:"webhooks"`
			Subscriptions []json.RawMessage `json:"subscriptions"`
		}
		if err := json.Unmarshal(body, &store); err != nil {
			fail(err)
		}
		fmt.Println(len(store.Webhooks), len(store.Subscriptions))
		return
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, body, "    ", "  ") != nil {
		pretty.Write(body)
	}
	fmt.Printf("    %s\n", pretty.String())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mockctl:", err)
	os.Exit(1)
}
GO
(cd "$work" && go build -o "$work/bin/mockctl" mockctl.go)

step "2/8  Starting the mock CallFire on a random loopback port"
export CALLFIRE_USERNAME="demo-user"
export CALLFIRE_PASSWORD="demo-password"
"$work/bin/mockcallfire" -listen 127.0.0.1:0 -url-file "$work/mock.url" \
  -username "$CALLFIRE_USERNAME" -password "$CALLFIRE_PASSWORD" \
  >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/mock.url" ] && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.log" >&2; die "the mock exited early"; }
  sleep 0.1
done
[ -s "$work/mock.url" ] || die "the mock did not start within 10 seconds"
root="$(head -n1 "$work/mock.url")"
export CALLFIRE_V2_BASE_URL="$root/v2"
export CALLFIRE_V1_BASE_URL="$root/api/1.1/rest"
say "API v2:   $CALLFIRE_V2_BASE_URL"
say "API v1.1: $CALLFIRE_V1_BASE_URL"
say "The provider reads these and the credentials from CALLFIRE_* environment variables."

step "3/8  Pointing Terraform at the freshly built provider (dev_overrides)"
cat >"$TF_CLI_CONFIG_FILE" <<EOF
# Written by demo.sh: use the provider built above instead of the registry's.
provider_installation {
  dev_overrides {
    "callfire/callfire" = "$work/bin"
  }
  direct {}
}
EOF
sed 's/^/    /' "$TF_CLI_CONFIG_FILE"
say "With every provider overridden, plan and apply need no 'terraform init' and no network."

cp "$repo"/examples/demo/*.tf "$work/config/"
cd "$work/config"
# Demo values only: real secrets belong in a secret manager, never in a script.
export TF_VAR_webhook_secret="demo-signing-key-texts"
export TF_VAR_delivery_secret="demo-signing-key-delivery"

step "4/8  terraform apply: creating 4 webhooks and 2 subscriptions, reading 2 data sources"
terraform apply -auto-approve -no-color

step "5/8  terraform plan again: a correct provider reports no changes"
set +e
terraform plan -detailed-exitcode -no-color
plan_status=$?
set -e
case "$plan_status" in
  0) say "No changes: what CallFire (the mock) holds matches the configuration." ;;
  2) die "the second plan wants changes right after apply (see the plan above)" ;;
  *) die "terraform plan failed (exit $plan_status)" ;;
esac

step "6/8  What the mock CallFire now holds (GET /_mock/store; secrets masked)"
"$work/bin/mockctl" "$root" store
say "Request counts (GET /_mock/stats):"
"$work/bin/mockctl" "$root" stats

step "7/8  terraform destroy"
terraform destroy -auto-approve -no-color

step "8/8  Checking that the mock is empty again"
read -r webhooks subscriptions < <("$work/bin/mockctl" "$root" count)
say "webhooks: $webhooks, subscriptions: $subscriptions"
if [ "$webhooks" != 0 ] || [ "$subscriptions" != 0 ]; then
  die "destroy left $webhooks webhook(s) and $subscriptions subscription(s) behind"
fi

printf '\n%sDemo finished:%s created, re-planned with no changes, destroyed, nothing left.\n' \
  "$bold" "$reset"
