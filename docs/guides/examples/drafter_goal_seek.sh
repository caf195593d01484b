ct-education sweep --year 2026 --set cgs_10_262f.foundation=11525:14000:1@2026 \
  --target statewide_entitlement=2700000000@2026 | grep -v -e '^# package_version' -e '^# period_convention'
