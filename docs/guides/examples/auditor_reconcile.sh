# Compare the model with the FY2026 entitlements CSDE published; writes the report into reports/.
ct-education reconcile --year 2026 --output-dir reports
head -n 12 reports/reconciliation_fy2026.md
