PYTHONPATH=docs/guides/examples python docs/guides/examples/compare_bill.py
