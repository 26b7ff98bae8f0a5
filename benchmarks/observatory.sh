#!/usr/bin/env bash
# Grade atrophy-pwa with Mozilla's HTTP Observatory scanner (@mdn/mdn-http-observatory), locally, over HTTPS.
#
# Run from the repository root as root on Debian (meant to live at benchmarks/observatory.sh):
#
#     bash benchmarks/observatory.sh
#
# What it does, and undoes on exit:
#   1. installs nginx (Debian) and the scanner (npm, into $WORK), and the app into a venv if
#      `atrophy-pwa` is not on PATH;
#   2. makes a throw-away local CA and a server certificate for $HOST signed by it;
#   3. maps $HOST to 127.0.0.1 in /etc/hosts (one marked line, removed on exit);
#   4. starts `atrophy-pwa serve` on 127.0.0.1:$APP_PORT with ATROPHY_PWA_HTTPS=1 ATROPHY_PWA_PROXY_COUNT=1,
#      and nginx on 127.0.0.1:80 (301 to https) and 127.0.0.1:443 (TLS, proxy to the app);
#   5. runs the scanner against $HOST with NODE_EXTRA_CA_CERTS=<the local CA>, so the certificate is
#      verified as a real one would be (an unverified certificate fails the HSTS and redirection tests);
#   6. prints grade, score and every test, saves the full JSON to $WORK/result.json, and stops the app
#      and nginx.
# Exit status: 0 when the grade is A+ (or $OBSERVATORY_EXPECT), 1 otherwise, 2 when something could not run.
#
# Settings (environment): OBSERVATORY_HOST (atrophy.test), OBSERVATORY_APP_PORT (8000),
# OBSERVATORY_WORK (/tmp/atrophy-observatory), OBSERVATORY_SCANNER (@mdn/mdn-http-observatory@1.4.8),
# OBSERVATORY_EXPECT (A+).
set -euo pipefail

HOST=${OBSERVATORY_HOST:-atrophy.test}
APP_PORT=${OBSERVATORY_APP_PORT:-8000}
WORK=${OBSERVATORY_WORK:-/tmp/atrophy-observatory}
SCANNER=${OBSERVATORY_SCANNER:-@mdn/mdn-http-observatory@1.4.8}
EXPECT=${OBSERVATORY_EXPECT:-A+}
REPO=$PWD
HOSTS_MARK="# atrophy-pwa observatory.sh"

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'observatory.sh: %s\n' "$*" >&2; exit 2; }

[ "$(id -u)" = 0 ] || die "run as root (it installs packages, binds ports 80 and 443 and edits /etc/hosts)"
[ -f "$REPO/pyproject.toml" ] && grep -q 'atrophy' "$REPO/pyproject.toml" || die "run from the atrophy-pwa repository root"
for port in 80 443 "$APP_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "something already listens on 127.0.0.1:$port; stop it first"
    fi
done

mkdir -p "$WORK"
chmod 755 "$WORK"   # nginx's workers run as nobody and must reach $WORK/nginx/tmp
cd "$WORK"

APP_PID= NGINX_PID=
cleanup() {
    set +e
    if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -QUIT "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null
    fi
    if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
        kill -TERM "$APP_PID"; wait "$APP_PID" 2>/dev/null
    fi
    if grep -qF "$HOSTS_MARK" /etc/hosts; then
        # rewrite in place (/etc/hosts is often a bind mount, which sed -i cannot replace)
        grep -vF "$HOSTS_MARK" /etc/hosts > "$WORK/hosts.tmp"; cat "$WORK/hosts.tmp" > /etc/hosts; rm -f "$WORK/hosts.tmp"
    fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# --- 1. tools ---------------------------------------------------------------------------------------
apt_install() {
    # Keep Debian's own nginx service from starting on install (it would take port 80); only when no
    # policy-rc.d is there already, and removed again right after.
    local policy=/usr/sbin/policy-rc.d made=
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; made=1; fi
    local rc=0
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } || rc=$?
    [ -n "$made" ] && rm -f "$policy"
    return $rc
}
need=()
command -v nginx >/dev/null || need+=(nginx)
command -v openssl >/dev/null || need+=(openssl)
command -v curl >/dev/null || need+=(curl)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then say "apt-get install ${need[*]}"; apt_install "${need[@]}"; fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "the scanner needs Node.js 20 or newer (this is $(node --version)); Debian 13's nodejs is"

if command -v atrophy-pwa >/dev/null; then
    SERVE=(atrophy-pwa serve)
else
    say "installing the app into $WORK/venv"
    python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install -q "$REPO" > pip.log 2>&1 || { cat pip.log >&2; die "pip install failed"; }
    SERVE=("$WORK/venv/bin/atrophy-pwa" serve)
fi

SCANNER_DIR="$WORK/node_modules/@mdn/mdn-http-observatory"
if [ ! -f "$SCANNER_DIR/package.json" ]; then
    say "npm install $SCANNER"
    [ -f package.json ] || printf '{"private": true, "type": "module"}\n' > package.json
    # --ignore-scripts: the install scripts download a CA bundle (only the scanner's CLI wrapper uses it; we
    # give Node our own CA instead) and Chromium's HSTS preload list, which needs the open internet.
    npm install --ignore-scripts --no-audit --no-fund --loglevel=error "$SCANNER" >/dev/null
fi
if [ ! -s "$SCANNER_DIR/conf/hsts-preload.json" ]; then
    # The preload list only matters for hosts on it (it lets them skip the http->https redirect); $HOST is
    # not (.test is a reserved name), so an empty list grades it exactly as the full list would.
    (cd "$SCANNER_DIR" && timeout 60 node src/retrieve-hsts.js >/dev/null 2>&1) || true
    if [ -s "$SCANNER_DIR/conf/hsts-preload.json" ]; then
        say "fetched Chromium's HSTS preload list"
    else
        say "no HSTS preload list (closed network): using an empty one, which grades $HOST the same"
        echo '{}' > "$SCANNER_DIR/conf/hsts-preload.json"
    fi
fi

# --- 2. certificates: a local CA, and a server certificate for $HOST signed by it --------------------
if [ ! -f certs/server.pem ] || ! openssl x509 -in certs/server.pem -noout -checkhost "$HOST" | grep -q 'does match'; then
    say "making a local CA and a certificate for $HOST"
    mkdir -p certs
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=atrophy-pwa observatory test CA" \
        -keyout certs/ca.key -out certs/ca.pem \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$HOST" -keyout certs/server.key -out certs/server.csr 2>/dev/null
    printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:%s\n' "$HOST" > certs/server.ext
    openssl x509 -req -in certs/server.csr -CA certs/ca.pem -CAkey certs/ca.key -CAcreateserial \
        -days 30 -sha256 -extfile certs/server.ext -out certs/server.pem 2>/dev/null
fi
openssl verify -CAfile certs/ca.pem certs/server.pem >/dev/null || die "certificate does not verify against the local CA"

# --- 3. name -------------------------------------------------------------------------------------------
grep -qE "^[^#]*[[:space:]]$HOST([[:space:]]|\$)" /etc/hosts || echo "127.0.0.1 $HOST $HOSTS_MARK" >> /etc/hosts
[ "$(getent hosts "$HOST" | awk '{print $1; exit}')" = 127.0.0.1 ] || die "$HOST does not resolve to 127.0.0.1 (see /etc/hosts)"

# --- 4. app and nginx ------------------------------------------------------------------------------
say "starting the app on 127.0.0.1:$APP_PORT"
(cd "$REPO" && ATROPHY_PWA_HTTPS=1 ATROPHY_PWA_PROXY_COUNT=1 exec "${SERVE[@]}" --port "$APP_PORT") > app.log 2>&1 &
APP_PID=$!

mkdir -p nginx/tmp
rm -f nginx/access.log nginx/error.log
cat > nginx/nginx.conf <<EOF
# TLS-terminating proxy in front of atrophy-pwa, as a deployment would have it.
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 256; }
http {
    log_format scheme '\$scheme \$request \$status -> \$sent_http_location';
    access_log $WORK/nginx/access.log scheme;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    server_tokens off;

    # Plain HTTP only sends people to HTTPS on the same host (the Observatory's "redirection" test).
    server {
        listen 127.0.0.1:80;
        server_name $HOST;
        return 301 https://\$host\$request_uri;
    }

    server {
        listen 127.0.0.1:443 ssl;
        server_name $HOST;
        ssl_certificate $WORK/certs/server.pem;
        ssl_certificate_key $WORK/certs/server.key;
        ssl_protocols TLSv1.2 TLSv1.3;

        # The app sets every security header itself (Strict-Transport-Security too, with
        # ATROPHY_PWA_HTTPS=1): add none here, or the browser sees each one twice.
        location / {
            proxy_pass http://127.0.0.1:$APP_PORT;
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Host \$host;
        }
    }
}
EOF
nginx -t -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" 2>/dev/null || { nginx -t -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"; die "bad nginx config"; }
say "starting nginx on 127.0.0.1:80 and :443"
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -g 'daemon off;' &
NGINX_PID=$!

for _ in $(seq 100); do
    curl -fsS -o /dev/null --cacert certs/ca.pem "https://$HOST/healthz" 2>/dev/null && break
    kill -0 "$APP_PID" 2>/dev/null || { cat app.log >&2; die "the app exited"; }
    kill -0 "$NGINX_PID" 2>/dev/null || { cat nginx/error.log >&2; die "nginx exited"; }
    sleep 0.2
done
curl -fsS -o /dev/null --cacert certs/ca.pem "https://$HOST/healthz" || die "https://$HOST/healthz does not answer"

# --- 5. scan ---------------------------------------------------------------------------------------
cat > report.mjs <<'EOF'
// Run the Observatory scan (the same code as the public MDN HTTP Observatory) and print every test.
import { writeFileSync } from "node:fs";
import { scan } from "@mdn/mdn-http-observatory";

const [host, out, expect] = process.argv.slice(2);
let result;
try {
  result = await scan(host);
} catch (e) {
  console.error(`scan failed: ${e instanceof Error ? e.stack : e}`);
  process.exit(2);
}
writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
const s = result.scan;
console.log(`Observatory (algorithm ${s.algorithmVersion}) for ${host}: grade ${s.grade}, score ${s.score}, ` +
            `${s.testsPassed}/${s.testsQuantity} tests passed, final status ${s.statusCode}`);
const rows = Object.entries(result.tests).map(([name, t]) => [
  name, t.pass ? "pass" : "FAIL", (t.scoreModifier > 0 ? "+" : "") + t.scoreModifier, t.result]);
const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), ["test", "pass", "score", "result"][i].length));
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
console.log(line(["test", "pass", "score", "result"]));
rows.forEach((r) => console.log(line(r)));
for (const [name, t] of Object.entries(result.tests)) {
  if (!t.pass || t.scoreModifier < 0) {
    console.log(`\n${name}: ${t.scoreDescription.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim()}`);
  }
}
console.log(`\nfull result: ${out}`);
process.exit(s.grade === expect ? 0 : 1);
EOF
say "scanning $HOST (https://$HOST/ and http://$HOST/)"
set +e
# NODE_EXTRA_CA_CERTS: Node then verifies $HOST's certificate against the local CA, as it would a real one.
NODE_EXTRA_CA_CERTS="$WORK/certs/ca.pem" NO_PROXY="$HOST,${NO_PROXY:-}" no_proxy="$HOST,${no_proxy:-}" \
    node report.mjs "$HOST" "$WORK/result.json" "$EXPECT"
status=$?
set -e
[ $status -le 1 ] || status=2

# Not graded by the Observatory (it loads only /), but a proxy mistake shows here: the app's own absolute
# redirects (/en -> /en/) must stay on https, which needs X-Forwarded-Proto to reach the app.
location=$(curl -sS -o /dev/null -w '%{redirect_url}' --cacert certs/ca.pem "https://$HOST/en" || true)
case $location in
    https://*) echo "proxy check: https://$HOST/en redirects to $location" ;;
    *) echo "proxy check: WARNING https://$HOST/en redirects to '$location' (X-Forwarded-Proto not honoured)" ;;
esac
echo "requests the scan made (nginx log): $WORK/nginx/access.log"
exit $status
