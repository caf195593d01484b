python docs/guides/examples/explain_town.py Hartford 3
