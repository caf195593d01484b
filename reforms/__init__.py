"""Reforms of Connecticut's education-finance law: the Opportunity Network recommendations of CSDE's
Report on the Effectiveness of the Alliance District Program (February 2026).

Each module holds one reform, usable alone or combined (in YAML tests with ``reforms:``, with
``ct-education compare --reform a+b``, and served by ``openfisca serve --reforms <dotted path>``):

========================  ======================================================================
short name                reform (Recommendation)
========================  ======================================================================
opportunity_network       OpportunityNetwork: identification by performance and need, need-sized grant (1)
differentiated_support    DifferentiatedSupport: intensive subset, desk monitoring for the rest (2)
psd_consolidation         PsdConsolidation: PSD grants consolidated into the network (3)
evidence_based_set_aside  EvidenceBasedSetAside: share of the grant for evidence-based programs (4)
========================  ======================================================================

Recommendation 5 (staged implementation) is the shared parameter
``opportunity_network.implementation.effective_fiscal_year``; ``ct-education compare --as-if-in-force``
applies the reforms to the data year as if they were already in force. Their parameters are in
``reforms/parameters/opportunity_network.yaml``.
"""

SHORT_NAMES = {
    "opportunity_network": "openfisca_ct_education.reforms.opportunity_network.OpportunityNetwork",
    "differentiated_support": "openfisca_ct_education.reforms.differentiated_support.DifferentiatedSupport",
    "psd_consolidation": "openfisca_ct_education.reforms.psd_consolidation.PsdConsolidation",
    "evidence_based_set_aside": "openfisca_ct_education.reforms.evidence_based_set_aside.EvidenceBasedSetAside",
}
