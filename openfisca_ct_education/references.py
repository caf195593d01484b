"""Links the variables cite: the statute sections and the Public Acts that amended them.

One place for every address, so a moved page is fixed once. Parameters carry the same links in their
YAML ``metadata.reference``, keyed by the date each value took effect.
"""

CHAPTER_172 = "https://www.cga.ct.gov/current/pub/chap_172.htm"
SEC_10_262F = f"{CHAPTER_172}#sec_10-262f"
SEC_10_262H = f"{CHAPTER_172}#sec_10-262h"
SEC_10_262I = f"{CHAPTER_172}#sec_10-262i"
SEC_10_262J = f"{CHAPTER_172}#sec_10-262j"
SEC_10_262K = f"{CHAPTER_172}#sec_10-262k"  # grants for compensatory education programs
SEC_10_262K_2012 = "https://law.justia.com/codes/connecticut/2012/title-10/chapter-172/section-10-262k/"  # text read
SEC_10_262U = f"{CHAPTER_172}#sec_10-262u"
SEC_10_261 = f"{CHAPTER_172}#sec_10-261"  # definitions, incl. "average daily membership"
SEC_10_263C = f"{CHAPTER_172}#sec_10-263c"  # transitional school district grants
SEC_10_265M = f"{CHAPTER_172}#sec_10-265m"  # summer school grants for priority school districts
SEC_10_266P = f"{CHAPTER_172}#sec_10-266p"  # priority school district grant program
SEC_10_266T = f"{CHAPTER_172}#sec_10-266t"  # extended school hours grants
SEC_10_266U = f"{CHAPTER_172}#sec_10-266u"  # set-asides from the extended school hours appropriation
SEC_10_276A = f"{CHAPTER_172}#sec_10-276a"  # priority school district phase-out grants
SEC_7_545 = "https://www.cga.ct.gov/current/pub/chap_113.htm#sec_7-545"

_BILL_STATUS = "https://www.cga.ct.gov/asp/cgabillstatus/cgabillstatus.asp?selBillType=Bill"
PA_17_2_JSS = f"{_BILL_STATUS}&which_year=2017&bill_num=1502"  # SB 1502, June 2017 special session
PA_21_2_JSS = f"{_BILL_STATUS}&which_year=2021&bill_num=1202"  # SB 1202, June 2021 special session
PA_23_204 = f"{_BILL_STATUS}&which_year=2023&bill_num=6941"  # HB 6941
PA_23_208 = f"{_BILL_STATUS}&which_year=2023&bill_num=5003"  # sHB 5003 (s. 7: PSD phase-out)
PA_25_168 = f"{_BILL_STATUS}&which_year=2025&bill_num=7287"  # HB 7287

CSDE_ECS = "https://portal.ct.gov/sde/fiscal-services/education-cost-sharing"
CSDE_DRG = "https://portal.ct.gov/sde/performance/district-reference-groups"
PA_12_116 = f"{_BILL_STATUS}&which_year=2012&bill_num=458"  # SB 458, education reform (alliance districts)
CSDE_ALLIANCE = "https://portal.ct.gov/sde/alliance-districts/alliance-and-opportunity-districts"
CSDE_ACCOUNTABILITY = "https://portal.ct.gov/sde/accountability-in-ct-schools/next-generation-accountability-system"
CSDE_EDSIGHT = "https://public-edsight.ct.gov/"
CSDE_MBR = "https://portal.ct.gov/sde/fiscal-services/2023_24-minimum-budget-requirement_mbr"  # secondary source
PA_15_99_OLR = "https://www.cga.ct.gov/2015/SUM/2015SUM00099-R02HB-07019-SUM.htm"  # OLR summary of PA 15-99 (MBR)
MBR_PENALTY_PRESS = "https://crhsnews.com/4612/news/minimum-budget-requirements/"  # weak secondary source: the 2x penalty
