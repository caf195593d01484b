ct-education compare --year 2026 \
  --scenario docs/guides/examples/hb_foundation.yaml \
  --scenario "Network at 0.50=docs/guides/examples/hb_network.yaml" \
  --format markdown --output bills.md
sed -n '/^## Scenarios/,/^## Statewide counts/p' bills.md | sed '$d'
# A mistake in a bill stops the comparison and says why; nothing is computed or written.
ct-education compare --year 2026 --set cgs_10_262f.need_students.low_income_weight=30 2>&1 || echo "exit status $?"
ct-education compare --year 2026 --set cgs_10_262f.foundation=12025@2027 2>&1 || echo "exit status $?"
