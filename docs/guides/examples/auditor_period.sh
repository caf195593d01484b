python docs/guides/examples/period_convention.py
