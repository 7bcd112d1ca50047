#!/usr/bin/env bash
# Starts the compiled server (dist/) on a free loopback port with an in-memory database, checks
# /healthz, uploads an example rubric, and stops it: catches what unit tests cannot (paths in dist/,
# prompts/ found at run time, start-up wiring).
set -euo pipefail
cd "$(dirname "$0")/.."
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
key="smoke-test-key-0123456789"
log=$(mktemp)
PORT=$port HOST=127.0.0.1 DATABASE_URL=sqlite::memory: GRADER_API_KEYS=$key OPENAI_BASE_URL=http://127.0.0.1:9/v1 \
  node dist/src/main.js >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 50); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/healthz" | grep -q '"status":"ok"' || { cat "$log"; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/v1/rubrics" \
  -H "authorization: Bearer $key" -H 'content-type: application/yaml' --data-binary @rubrics/science-photosynthesis.yaml)
[ "$status" = "201" ] || { echo "rubric upload answered $status"; cat "$log"; exit 1; }
# The teacher page from dist/web (npm run build), found from the compiled code without GRADER_WEB_DIR.
page=$(curl -s -D - "http://127.0.0.1:$port/app/")
grep -qi '^content-security-policy: default-src' <<<"$page" || { echo "/app/ has no CSP"; exit 1; }
script=$(grep -o 'assets/app-[A-Za-z0-9]*\.js' <<<"$page" | head -n1)
[ -n "$script" ] || { echo "/app/ is not the built page"; echo "$page" | head -20; exit 1; }
asset=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "http://127.0.0.1:$port/app/$script")
[ "$asset" = "200 text/javascript; charset=utf-8" ] || { echo "/app/$script answered $asset"; exit 1; }
unauthorised=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v1/rubrics")
[ "$unauthorised" = "401" ] || { echo "missing key answered $unauthorised"; exit 1; }
# Nothing answers on port 9: readiness must say the provider is failing (liveness stays ok).
ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")
[ "$ready" = "503" ] || { echo "/readyz answered $ready with the provider down"; cat "$log"; exit 1; }
grep -q '"msg":"rubric-grader started"' "$log" || { echo "no start-up line"; cat "$log"; exit 1; }
grep -q '"model":"openai:gpt-4o-mini"' "$log" || { echo "the start-up line does not name the model"; cat "$log"; exit 1; }
if grep -q "$key" "$log"; then echo "an API key reached the log"; exit 1; fi
kill -TERM $pid
wait $pid || true

# The local-model path from the compiled code: node-llama-cpp is loaded from dist/ and grades once. One
# sample, and a long timeout: on one thread the toy model's grammar-constrained reply took 55 s here, and
# three samples at once ran past the default 60 s on a loaded CI machine.
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
PORT=$port HOST=127.0.0.1 DATABASE_URL=sqlite::memory: GRADER_MODEL=llamacpp:tests/fixtures/models/stories260K.gguf \
  LLAMACPP_THREADS=1 LLAMACPP_GPU=off LLAMACPP_CONTEXT_SIZE=8192 GRADER_TIMEOUT_MS=300000 node dist/src/main.js >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
curl -fsS -X POST "http://127.0.0.1:$port/v1/rubrics" -H 'content-type: application/yaml' \
  --data-binary @rubrics/science-photosynthesis.yaml >/dev/null || { cat "$log"; exit 1; }
rubric_id=$(grep -m1 '^id:' rubrics/science-photosynthesis.yaml | sed 's/^id: *//')
graded=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/v1/grade" -H 'content-type: application/json' \
  -d "{\"rubricId\": \"$rubric_id\", \"answer\": \"Plants use light and water to make sugar.\", \"samples\": 1}")
[ "$graded" = "200" ] || { echo "grading with the local model answered $graded"; cat "$log"; exit 1; }
kill -TERM $pid
wait $pid || true
# PostgreSQL (when GRADER_TEST_POSTGRES_URL names a server, as in .ci/run): two servers start together on
# one empty database, migrate it once between them, share its data, and never log the password.
if [ -n "${GRADER_TEST_POSTGRES_URL:-}" ]; then
  database="grader_smoke_$$"
  admin() { node -e 'const pg=require("pg");const c=new pg.Client({connectionString:process.argv[1]});c.connect().then(()=>c.query(process.argv[2])).then(()=>c.end()).catch((e)=>{console.error(e.message);process.exit(1)})' "$GRADER_TEST_POSTGRES_URL" "$1"; }
  admin "create database $database"
  pg_url=$(node -e 'const u=new URL(process.argv[1]);u.password="smoke-secret-pw";u.pathname="/"+process.argv[2];console.log(u.toString())' "$GRADER_TEST_POSTGRES_URL" "$database")
  ports=() pids=() logs=()
  for index in 0 1; do
    ports[index]=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    logs[index]=$(mktemp)
    PORT=${ports[index]} HOST=127.0.0.1 DATABASE_URL=$pg_url GRADER_API_KEYS=$key OPENAI_BASE_URL=http://127.0.0.1:9/v1 \
      node dist/src/main.js >"${logs[index]}" 2>&1 &
    pids[index]=$!
  done
  trap 'kill ${pids[*]} 2>/dev/null || true; rm -f "$log" ${logs[*]}; admin "drop database if exists $database with (force)" || true' EXIT
  for index in 0 1; do
    for _ in $(seq 1 100); do
      if curl -fsS "http://127.0.0.1:${ports[index]}/healthz" >/dev/null 2>&1; then break; fi
      sleep 0.2
    done
    curl -fsS "http://127.0.0.1:${ports[index]}/healthz" | grep -q '"status":"ok"' || { cat "${logs[index]}"; exit 1; }
    grep -q "\"database\":\"postgres 127.0.0.1:[0-9]*/$database" "${logs[index]}" || { echo "the start-up line does not name the database"; cat "${logs[index]}"; exit 1; }
    if grep -q "smoke-secret-pw" "${logs[index]}"; then echo "the database password reached the log"; exit 1; fi
  done
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:${ports[0]}/v1/rubrics" \
    -H "authorization: Bearer $key" -H 'content-type: application/yaml' --data-binary @rubrics/science-photosynthesis.yaml)
  [ "$status" = "201" ] || { echo "rubric upload on PostgreSQL answered $status"; cat "${logs[0]}"; exit 1; }
  rubric_id=$(grep -m1 '^id:' rubrics/science-photosynthesis.yaml | sed 's/^id: *//')
  curl -fsS "http://127.0.0.1:${ports[1]}/v1/rubrics" -H "authorization: Bearer $key" | grep -q "\"$rubric_id\"" ||
    { echo "the second server does not see the rubric"; cat "${logs[1]}"; exit 1; }
  kill -TERM "${pids[@]}"
  wait "${pids[@]}" || true
fi
echo "smoke test passed"
