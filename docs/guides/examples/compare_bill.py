"""Compare current law with the bill for every town, FY2026, on the shipped data."""

from foundation_bill import FoundationIncrease

from openfisca_ct_education.engine.simulation import build_simulation, current_law

baseline = build_simulation(2026)
reformed = build_simulation(2026, tax_benefit_system=FoundationIncrease(current_law()))

towns = baseline.populations["town"].ids
before = baseline.calculate("ecs_entitlement", "2026")
after = reformed.calculate("ecs_entitlement", "2026")
gain = after - before

print(f"Statewide FY2026 ECS: current law ${before.sum():,.0f}, bill ${after.sum():,.0f}, change ${gain.sum():+,.0f}")
print(f"Towns gaining: {(gain > 0).sum()}; unchanged: {(gain == 0).sum()}; losing: {(gain < 0).sum()}")
print("Largest gains:")
for index in gain.argsort()[::-1][:5]:
    print(f"  {towns[index]:<15} ${before[index]:>13,.0f} -> ${after[index]:>13,.0f}  ({gain[index]:+,.0f})")
