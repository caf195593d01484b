# A bill raising the foundation from FY2027, over the biennium and the out-years: chained year to year.
ct-education compare --years 2027-2030 --set cgs_10_262f.foundation=12025@2027 --format markdown --output years.md
sed -n '/^## Statewide per year/,/^## Change of each town/p' years.md | sed '$d'
