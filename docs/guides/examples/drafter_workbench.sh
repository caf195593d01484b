ct-education compare --year 2026 --set cgs_10_262f.foundation=12500@2026 --format markdown --output bill.md
sed -n '/^## Statewide/,/^## Designations/p' bill.md | sed '$d'
