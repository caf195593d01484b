ct-education compare --year 2026 --as-if-in-force \
  --reform opportunity_network \
  --reform opportunity_network+differentiated_support+psd_consolidation+evidence_based_set_aside \
  --set opportunity_network.grant.cost_neutral=true \
  --format markdown --output network.md --chart network.png
sed -n '/^## Statewide/,/^## By District/p' network.md | sed '$d'
