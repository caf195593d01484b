"""Period 2026 is fiscal year 2026 (1 July 2025 - 30 June 2026): what a formula reads for it."""

from openfisca_core.periods import period

from openfisca_ct_education.engine.simulation import build_simulation, current_law

fy2026 = period("2026")
print(f"period {fy2026}: starts {fy2026.start}, last_year = {fy2026.last_year}")

rates = current_law().parameters.cgs_10_262h.underfunded_increase_rate
print(f"phase-in rate read for period 2025 (FY2025): {rates(period('2025').start)}")
print(f"phase-in rate read for period 2026 (FY2026): {rates(fy2026.start)}")

simulation = build_simulation(2026)
hartford = list(simulation.populations["town"].ids).index("Hartford")
print(f"Hartford ecs_prior_year_entitlement<2026> = {simulation.calculate('ecs_prior_year_entitlement', '2026')[hartford]:,.0f}")
print(f"Hartford ecs_entitlement<2025>            = {simulation.calculate('ecs_entitlement', '2025')[hartford]:,.0f}")
