# Start the web API in the background, wait until it answers, query it, then stop it.
PORT="${PORT:-5000}"
openfisca serve --country-package openfisca_ct_education --port "$PORT" > serve.log 2>&1 &
SERVER=$!
trap 'kill "$SERVER"; wait "$SERVER" 2>/dev/null' EXIT
until curl -sf "localhost:$PORT/parameters" > /dev/null; do sleep 0.5; done

# One parameter, with its values by effective date
curl -s "localhost:$PORT/parameter/cgs_10_262f.foundation" | jq '{id, description, values}'

# /calculate: the variables set to null in the request are computed
curl -s -X POST "localhost:$PORT/calculate" -H 'Content-Type: application/json' \
  --data @docs/guides/examples/hartford_fy2026.json \
  | jq '.towns.Hartford | {ecs_entitlement, ecs_base_aid_ratio}'

# /trace: the same request, with every step of the computation
curl -s -X POST "localhost:$PORT/trace" -H 'Content-Type: application/json' \
  --data @docs/guides/examples/hartford_fy2026.json \
  | jq '{requestedCalculations,
         "ecs_entitlement<2026>": .trace["ecs_entitlement<2026>"] | {value, dependencies},
         "ecs_phase_in_grant<2026>": .trace["ecs_phase_in_grant<2026>"] | {value, dependencies, parameters}}'
