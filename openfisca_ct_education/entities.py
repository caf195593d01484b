"""The two entities of the model.

* ``town`` is the *person* entity: one per Connecticut town, identified by its name and
  carrying its CSDE town code (1-169, alphabetical). A town's local school district has the
  same code.
* ``state`` is a *group* entity holding every town. Statewide quantities the statutes use
  (medians, ranks, totals) are computed on it from all of its member towns.
"""

from openfisca_core.entities import build_entity

Town = build_entity(
    key="town",
    plural="towns",
    label="Connecticut town",
    doc="""
    A Connecticut town (one of 169), identified in a situation by its name and carrying its CSDE
    town code. Education Cost Sharing grants are computed and paid per town (C.G.S. 10-262h).
    """,
    is_person=True,
)

State = build_entity(
    key="state",
    plural="states",
    label="State of Connecticut",
    doc="""
    The State of Connecticut, holding all of its towns. Statewide medians (C.G.S. 10-262f), ranks and
    totals are computed on this entity from its member towns, so a state must hold all 169 towns, or
    be given those statewide figures as inputs.
    """,
    roles=[
        {
            "key": "member",
            "plural": "members",
            "label": "Member town",
            "doc": "A town of the state.",
        },
    ],
)

entities = [Town, State]
