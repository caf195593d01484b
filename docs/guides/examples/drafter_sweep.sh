ct-education sweep --year 2026 --set cgs_10_262f.foundation=11000:13000:500@2026 --format csv --output sweep.csv
cut -d, -f1,7,8 sweep.csv
