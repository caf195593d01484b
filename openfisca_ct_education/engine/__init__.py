"""The engine room: building a simulation of the towns from checked data, and the law's arithmetic primitives (rounding, allocation, designations, parameter checks).

May import: ``data`` and the package's primitives (``errors``, ``entities``, the system in ``openfisca_ct_education``). Never the workbench, audit, reports, web or CLI.
"""
