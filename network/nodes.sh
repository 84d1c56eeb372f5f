# shellcheck shell=bash
# The branches' nodes on one machine, as lcnet (Fabric mode) and evmnet (EVM mode) start them: one
# node per branch, its own data, token and ledger identity; shanghai's also serves the auditor and
# the applicant's portal login, yangzhou's the beneficiary's. Sourced; the script that sources it
# provides: home, repo, branches, log, die, running NAME, node_port BRANCH, ledger_family (its
# lc.mode), node_ledger_yaml BRANCH (the node's lc.<mode> section) and node_peer_yaml MEMBER (what
# a member's signed requests are checked against, if the family needs it configured).

node_jar=""
node_jar() {
  [ -n "$node_jar" ] && return
  if [ -n "${LCNET_NODE_JAR:-}" ]; then # a given jar (lcnet's header)
    node_jar="$(realpath "$LCNET_NODE_JAR")"
    [ -f "$node_jar" ] || die "no node jar at $LCNET_NODE_JAR (LCNET_NODE_JAR)"
    return
  fi
  node_jar="$repo/node/target/lc-node.jar"
  if [ ! -f "$node_jar" ]; then
    log "building the node jar"
    (cd "$repo" && mvn -B -ntp -q -pl node -am package -DskipTests) >&2
  fi
}

# Tokens and portal passwords are made once and kept, so a restart serves the same credentials.
secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
write_node_secrets() {
  local f="$home/nodes/secrets.env" b up
  [ -f "$f" ] && return
  mkdir -p "$home/nodes"
  (
    umask 077
    {
      for b in "${branches[@]}" auditor; do
        up="$(tr '[:lower:]' '[:upper:]' <<<"$b")"
        echo "TOKEN_${up}=$(secret)"
      done
      echo "PASSWORD_APPLICANT=$(secret | cut -c1-16)"
      echo "PASSWORD_BENEFICIARY=$(secret | cut -c1-16)"
      echo "PASSWORD_AUDITOR=$(secret | cut -c1-16)"
    } >"$f"
  )
}

write_node_config() { # branch
  local b="$1" up dir="$home/nodes/$1"
  up="$(tr '[:lower:]' '[:upper:]' <<<"$b")"
  # shellcheck disable=SC1091
  . "$home/nodes/secrets.env"
  local token_var="TOKEN_$up"
  mkdir -p "$dir/data"
  (
    umask 077
    {
      echo "# Written by $(basename "$0"): the $b branch's node in $ledger_family mode."
      echo "server:"
      echo "  port: $(node_port "$b")"
      echo "  address: 127.0.0.1"
      echo "lc:"
      echo "  mode: $ledger_family"
      echo "  data-dir: $dir/data"
      echo "  branches: [$b]"
      echo "  tokens:"
      echo "    \"${!token_var}\": {branch: $b}"
      [ "$b" = shanghai ] && echo "    \"$TOKEN_AUDITOR\": {auditor: true}"
      echo "  portal-users:"
      case "$b" in
        shanghai)
          echo "    - {username: applicant, password: \"{noop}$PASSWORD_APPLICANT\", role: CLIENT, uscc: 91310000132200821H, branch: shanghai}"
          echo "    - {username: auditor, password: \"{noop}$PASSWORD_AUDITOR\", role: AUDITOR}" ;;
        yangzhou)
          echo "    - {username: beneficiary, password: \"{noop}$PASSWORD_BENEFICIARY\", role: CLIENT, uscc: 91321003MA1WCB7N6N, branch: yangzhou}" ;;
        *) echo "    []" ;;
      esac
      node_ledger_yaml "$b"
      # the other branches' nodes, for presented documents
      echo "  peers:"
      echo "    members:"
      local other
      for other in "${branches[@]}"; do
        echo "      $other: {url: \"http://127.0.0.1:$(node_port "$other")\"$(node_peer_yaml "$other")}"
      done
      echo "      auditor: {auditor: true$(node_peer_yaml auditor)}"
    } >"$dir/application.yml"
  )
}

wait_node() { # branch
  local i port; port="$(node_port "$1")"
  for i in $(seq 450); do
    curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && return 0
    running "node-$1" || die "node-$1 exited; see $home/logs/node-$1.log"
    sleep 0.2
  done
  die "node-$1 did not answer on $port; see $home/logs/node-$1.log"
}

# What scripts source to reach the nodes: each branch's base URL and token, and the auditor's.
write_nodes_env() {
  local f="$home/nodes.env" b up token_var
  # shellcheck disable=SC1091
  . "$home/nodes/secrets.env"
  (
    umask 077
    {
      echo "# Written by $(basename "$0") up --nodes: the branches' nodes in $ledger_family mode. Source it."
      for b in "${branches[@]}"; do
        up="$(tr '[:lower:]' '[:upper:]' <<<"$b")"
        token_var="TOKEN_$up"
        echo "LC_${up}=http://127.0.0.1:$(node_port "$b")"
        echo "LC_TOKEN_${up}=${!token_var}"
      done
      echo "LC_AUDITOR=http://127.0.0.1:$(node_port shanghai)"
      echo "LC_TOKEN_AUDITOR=$TOKEN_AUDITOR"
      echo "LC_PORTAL_APPLICANT=applicant:$PASSWORD_APPLICANT@http://127.0.0.1:$(node_port shanghai)/portal"
      echo "LC_PORTAL_BENEFICIARY=beneficiary:$PASSWORD_BENEFICIARY@http://127.0.0.1:$(node_port yangzhou)/portal"
      echo "LC_PORTAL_AUDITOR=auditor:$PASSWORD_AUDITOR@http://127.0.0.1:$(node_port shanghai)/audit"
    } >"$f"
  )
}
