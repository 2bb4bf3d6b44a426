#!/usr/bin/env python3
"""Extract the appendix tables of the FPRI report (document ``fpri-2022``) as import CSVs.

Usage::

    python tools/extract_fpri_tables.py SOURCE_TEXT [OUT_DIR]

``SOURCE_TEXT`` is the text conversion of the report
(``shared/sources/002_f87dd54bf69b852b.txt``); ``OUT_DIR`` defaults to ``import/``
beside this script's repository. Standard library only; the committed CSVs are what
ships, this script only has to reproduce them exactly when rerun.

Files written (see ``docs/import-format.md``):

* ``sources.csv`` - the five source documents of the bundled dataset
* ``actors.csv`` - states, agencies, units, offices, institutions, companies, one person
* ``places.csv`` - where events took place
* ``topics.csv`` - normalised topic tags
* ``events-fpri-appendix.csv`` - one event per data row of appendices 1-6
* ``relations-fpri-appendix.csv`` - participants, places, topics, PART_OF/LOCATED_IN

Row counts (counted by hand from the text and asserted below in ``EXPECTED_ROWS``)::

    appendix 1  meetings      Kyrgyzstan 76, Kazakhstan 51, Uzbekistan 59,
                              Tajikistan 51, Turkmenistan 24          = 261
    appendix 2  SCO exercises (no sections)                            =  16
    appendix 3  bilateral exercises  Kyrgyzstan 5, Kazakhstan 2,
                              Uzbekistan 1, Tajikistan 4, Turkmenistan 0 =  12
    appendix 4  training/exchange    Kyrgyzstan 24, Kazakhstan 29,
                              Uzbekistan 29, Tajikistan 21, Turkmenistan 0 = 103
    appendix 5  transfers     Kyrgyzstan 18, Kazakhstan 6, Uzbekistan 6,
                              Tajikistan 13, Turkmenistan 2            =  45
    appendix 6  in-China programmes (a transposed table: one column each) =   3
                                                                total    440

"No public information available" (Turkmenistan in appendices 3 and 4) is not a row.

Curation lives in the tables below, each commented: typo corrections, entity
resolution (raw cell text -> actor id), place and topic normalisation, and per-row
labels written for this dataset (short labels, not the report's sentences).
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, OrderedDict
from pathlib import Path

SRC = "fpri-2022"

# --------------------------------------------------------------------------------------
# Expected counts: the script refuses to write anything if the parse disagrees.
# --------------------------------------------------------------------------------------
EXPECTED_ROWS: dict[tuple[int, str], int] = {
    (1, "kg"): 76,
    (1, "kz"): 51,
    (1, "uz"): 59,
    (1, "tj"): 51,
    (1, "tm"): 24,
    (2, ""): 16,
    (3, "kg"): 5,
    (3, "kz"): 2,
    (3, "uz"): 1,
    (3, "tj"): 4,
    (3, "tm"): 0,
    (4, "kg"): 24,
    (4, "kz"): 29,
    (4, "uz"): 29,
    (4, "tj"): 21,
    (4, "tm"): 0,
    (5, "kg"): 18,
    (5, "kz"): 6,
    (5, "uz"): 6,
    (5, "tj"): 13,
    (5, "tm"): 2,
    (6, ""): 3,
}

# --------------------------------------------------------------------------------------
# Sources (all five documents of the bundled dataset).
# --------------------------------------------------------------------------------------
SOURCES = [
    {
        "id": "irb-2015",
        "title": "Kyrgyzstan and China: The Shanghai Cooperation Organization (SCO), including "
        "relationship between China and Kyrgyzstan; activities of the organization involving "
        "the two countries (2012-2015) [ZZZ105073.E]",
        "publisher": "Research Directorate, Immigration and Refugee Board of Canada",
        "date": "2015",
        "kind": "response",
        "file": "000_089163dd074c673f.txt",
    },
    {
        "id": "sco-agenda-2011",
        "title": "The Dubious Agenda of the SCO",
        # The text names no magazine: publisher left blank (unknown).
        "publisher": "",
        "date": "2011",
        "kind": "article",
        "file": "001_838d88001a700f87.txt",
    },
    {
        "id": "fpri-2022",
        "title": "China's Security Management towards Central Asia",
        "publisher": "Foreign Policy Research Institute, Eurasia Program",
        "date": "2022-04",
        "kind": "report",
        "file": "002_f87dd54bf69b852b.txt",
    },
    {
        "id": "eprs-2015",
        "title": "China's leading role in the Shanghai Cooperation Organisation",
        "publisher": "European Parliamentary Research Service",
        "date": "2015",
        "kind": "briefing",
        "file": "003_80b6f02e9c2c6710.txt",
    },
    {
        "id": "icg-2013",
        "title": "China's Central Asia Problem (Asia Report N°244)",
        "publisher": "International Crisis Group",
        "date": "2013-02-27",
        "kind": "report",
        "file": "004_0ae2f1b97fff55f1.txt",
    },
]

# --------------------------------------------------------------------------------------
# States. Section headers name the Central Asian state; the other column is China.
# --------------------------------------------------------------------------------------
STATES = {
    # id: (name, adjective used in the tables, aliases seen in the tables)
    "cn": ("China", "Chinese", ["PRC"]),
    "kg": ("Kyrgyzstan", "Kyrgyz", []),
    "kz": ("Kazakhstan", "Kazakh", []),
    "uz": ("Uzbekistan", "Uzbek", []),
    "tj": ("Tajikistan", "Tajik", []),
    "tm": ("Turkmenistan", "Turkmen", []),
    "ru": ("Russia", "Russian", []),
    "pk": ("Pakistan", "Pakistani", []),
    "in": ("India", "Indian", []),
}
SECTION_STATE = {
    "KYRGYZSTAN": "kg",
    "KAZAKHSTAN": "kz",
    "UZBEKISTAN": "uz",
    "TAJIKISTAN": "tj",
    "TURKMENISTAN": "tm",
}
STATE_BY_NAME = {v[0]: k for k, v in STATES.items()}
SECTIONS = ["kg", "kz", "uz", "tj", "tm"]

# --------------------------------------------------------------------------------------
# Typo corrections. Months: "Feburary", "Janurary" (appendix 5). Titles: "Minster".
# --------------------------------------------------------------------------------------
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
MONTH_TYPOS = {"feburary": "february", "janurary": "january"}

# --------------------------------------------------------------------------------------
# Actors other than states and offices: (name, kind, PART_OF parent or None, note).
# Generic Central Asian agencies (ministries, armed forces) are made from
# CA_GENERIC below; everything else is listed here.
# --------------------------------------------------------------------------------------
CA_GENERIC = {
    # suffix: (name, kind, parent suffix or None)
    "mfa": ("Ministry of Foreign Affairs", "agency", None),
    "mia": ("Ministry of Internal Affairs", "agency", None),
    "mod": ("Ministry of Defense", "agency", None),
    "moj": ("Ministry of Justice", "agency", None),
    "armed-forces": ("Armed Forces", "agency", None),
    "border-service": ("Border Service", "agency", None),
    "national-guard": ("National Guard", "agency", None),
    "general-staff": ("General Staff of the Armed Forces", "agency", "armed-forces"),
}

ACTORS: dict[str, tuple[str, str, str | None, str]] = {
    # ---- China: ministries, military, party and state bodies
    "cn-mfa": ("Ministry of Foreign Affairs (China)", "agency", "cn", ""),
    "cn-mps": ("Ministry of Public Security (China)", "agency", "cn", ""),
    "cn-mod": ("Ministry of Defense (China)", "agency", "cn", ""),
    "cn-pla": ("People's Liberation Army", "agency", "cn", ""),
    "cn-pla-general-staff": ("General Staff of the People's Liberation Army", "unit", "cn-pla", ""),
    "cn-pla-lanzhou": ("Lanzhou Military Division (PLA)", "unit", "cn-pla", ""),
    "cn-pla-beijing": ("Beijing Military Division (PLA)", "unit", "cn-pla", ""),
    "cn-pla-western-theater": ("Western Theater Command (PLA)", "unit", "cn-pla", ""),
    "cn-cmc": (
        "Central Military Commission (China)",
        "agency",
        "cn",
        "the tables also write 'Central Military Council'",
    ),
    "cn-pap": ("People's Armed Police (China)", "agency", "cn", ""),
    "cn-border-guards": (
        "Border guards (China)",
        "agency",
        "cn",
        "the tables write Border Service, Border Guards and Border Guard Service",
    ),
    "cn-border-kizilsu": (
        "Kyzyl-Suu Border Guards (China)",
        "unit",
        "cn-border-guards",
        "border guards of the Kizilsu area of Xinjiang",
    ),
    "cn-qiannan-special-police": ("Qiannan Special Police Force (China)", "unit", "cn", ""),
    "cn-special-forces": ("Special Forces (China)", "unit", "cn", "which service the table does not say"),
    "cn-female-special-forces": ("Female Special Forces (China)", "unit", "cn", ""),
    "cn-state-council": ("State Council (China)", "agency", "cn", ""),
    "cn-npc": ("National People's Congress (China)", "institution", "cn", ""),
    "cn-cpc-ild": (
        "International Department of the Central Committee of the Communist Party of China",
        "agency",
        "cn",
        "a party body",
    ),
    "cn-cfac-office": (
        "Office of the Central Foreign Affairs Commission (China)",
        "agency",
        "cn",
        "a party body",
    ),
    "cn-cplac": ("Central Political and Legal Affairs Commission (China)", "agency", "cn", "a party body"),
    "cn-embassy-kg": ("Embassy of China in Kyrgyzstan", "agency", "cn-mfa", ""),
    "cn-embassy-kz": ("Embassy of China in Kazakhstan", "agency", "cn-mfa", ""),
    "cn-embassy-uz": ("Embassy of China in Uzbekistan", "agency", "cn-mfa", ""),
    "cn-embassy-uz-psd": (
        "Public security department of the Chinese Embassy in Tashkent",
        "agency",
        "cn-embassy-uz",
        "",
    ),
    "cn-consulate-osh": ("Consulate General of China in Osh", "agency", "cn-mfa", ""),
    "cn-mps-ctd": (
        "Anti-Terrorism Department of the Ministry of Public Security (China)",
        "agency",
        "cn-mps",
        "",
    ),
    "cn-mps-institute-1": (
        "First Research Institute of the Ministry of Public Security (China)",
        "institution",
        "cn-mps",
        "appendix 4 writes 'First Scientific Research Institute', appendix 6 "
        "'Beijing Research Institute No.1 of the Ministry of Public Security'",
    ),
    "cn-psd-beijing": ("Public security department of Beijing", "agency", "cn", ""),
    "cn-psd-nanjing": ("Public security department of Nanjing", "agency", "cn", ""),
    "cn-psd-inner-mongolia": ("Public security department of Inner Mongolia", "agency", "cn", ""),
    "cn-psd-xinjiang": ("Public security department of Xinjiang (XUAR)", "agency", "cn", ""),
    "cn-psb-yancheng": ("Public Security Bureau of Yancheng", "agency", "cn", ""),
    "cn-beijing-traffic": ("Central Traffic Safety Administration of Beijing", "agency", "cn", ""),
    "cn-naval-academy": ("China Naval Academy", "institution", "cn", ""),
    "cn-ndu": ("University of National Defense (China)", "institution", "cn", ""),
    "cn-cipuc": ("Criminal Investigation Police University of China", "institution", "cn", ""),
    "cn-ppsuc": ("People's Public Security University of China", "institution", "cn", ""),
    # companies: LOCATED_IN China, not PART_OF it
    "cn-avic": ("AVIC", "company", None, "aircraft maker; seller in appendix 5"),
    "cn-huawei": ("Huawei", "company", None, ""),
    "cn-mic": (
        "Military-industrial complex (China)",
        "company",
        None,
        "the tables name no firm: a generic term for China's arms industry",
    ),
    "cn-li-peng": (
        "Li Peng",
        "person",
        None,
        "named in place of an office in appendix 1 (Tajikistan, May 2002)",
    ),
    # The SCO Secretary-General appears in the China column of appendix 1. The SCO itself
    # is defined by the narrative dataset; this office is not linked to it here.
    "sco-office-secretary-general": (
        "Secretary General of the Shanghai Cooperation Organization",
        "office",
        None,
        "listed on the China side of appendix 1 (Kyrgyzstan, April 2005)",
    ),
    # ---- Kyrgyzstan
    "kg-border-service": (
        "State Border Service (Kyrgyzstan)",
        "agency",
        "kg",
        "the tables write State Border Service, Border Service, Border Guards, Border Guards Service",
    ),
    "kg-border-naryn": ("Naryn Border Guards (Kyrgyzstan)", "unit", "kg-border-service", ""),
    "kg-border-torugart": (
        "Torugart Border Guards Service (Kyrgyzstan)",
        "unit",
        "kg-border-service",
        "spelled 'Torugard' in appendix 5",
    ),
    "kg-gknb": (
        "State Committee for National Security (Kyrgyzstan)",
        "agency",
        "kg",
        "GKNB; appendix 1 writes 'Security Committee'",
    ),
    "kg-scda": (
        "State Committee for Defense (Kyrgyzstan)",
        "agency",
        "kg",
        "kept apart from kg-mod: the tables do not say how the two relate",
    ),
    "kg-mia-jalal-abad": (
        "Ministry of Internal Affairs in Jalal-Abad (Kyrgyzstan)",
        "agency",
        "kg-mia",
        "the ministry's directorate in Jalal-Abad",
    ),
    # ---- Kazakhstan
    "kz-knb": ("National Security Committee (Kazakhstan)", "agency", "kz", "NSC"),
    "kz-naval-forces": ("Naval Forces (Kazakhstan)", "agency", "kz-armed-forces", ""),
    "kz-mia-almaty": ("Ministry of Internal Affairs in Almaty (Kazakhstan)", "agency", "kz-mia", ""),
    # ---- Uzbekistan
    "uz-sgb": ("State Security Service (Uzbekistan)", "agency", "uz", ""),
    "uz-tashkent-police": (
        "Tashkent City Internal Affairs Directorate (Uzbekistan)",
        "agency",
        "uz-mia",
        "the Tashkent city police",
    ),
    "uz-mia-academy": (
        "Academy of the Ministry of Internal Affairs (Uzbekistan)",
        "institution",
        "uz-mia",
        "also called the Uzbek Police Academy in appendix 4",
    ),
    "uz-armed-forces-academy": (
        "Academy of the Armed Forces (Uzbekistan)",
        "institution",
        "uz-armed-forces",
        "",
    ),
    "uz-special-forces": ("Special Forces (Uzbekistan)", "unit", "uz", ""),
    "uz-female-special-forces": ("Female Special Forces (Uzbekistan)", "unit", "uz", ""),
    "uz-safe-tourism": ("Department of Safe Tourism (Uzbekistan)", "agency", "uz", ""),
    # ---- Tajikistan
    "tj-scns": ("State Committee for National Security (Tajikistan)", "agency", "tj", "SCNS"),
    "tj-special-police": ("Special Police Force (Tajikistan)", "unit", "tj", ""),
    "tj-cesd": ("Committee for Emergency Situations and Civil Defense (Tajikistan)", "agency", "tj", ""),
    "tj-anti-drug-dept": (
        "Anti-drug trafficking department (Tajikistan)",
        "agency",
        "tj",
        "the table does not say which ministry it belongs to",
    ),
    "tj-national-guard-hospital": ("National Guard Hospital (Tajikistan)", "institution", "tj", ""),
}
# Actors LOCATED_IN a place or state (embassies, companies, local bodies).
ACTOR_LOCATED_IN = {
    "cn-embassy-kg": "kg",
    "cn-embassy-kz": "kz",
    "cn-embassy-uz": "place-tashkent",
    "cn-consulate-osh": "place-osh",
    "cn-avic": "cn",
    "cn-huawei": "cn",
    "cn-mic": "cn",
    "kg-mia-jalal-abad": "place-jalal-abad",
    "kz-mia-almaty": "place-almaty",
    "uz-tashkent-police": "place-tashkent",
    "cn-mps-institute-1": "place-beijing",
}
# Extra aliases seen in the text that are not bare cell values (cell values that resolve
# to an actor are added as aliases automatically).
EXTRA_ALIASES = {
    "cn-mps": ["MPS", "PRC MPS", "Ministry of Public Security", "PRC Ministry of Public Security"],
    "cn-pla": ["PLA", "PRC PLA"],
    "kg-mia": ["MIA", "Kyrgyz MIA"],
    "kz-mia": ["Kazakh MIA"],
    "uz-mia": ["Uzbek MIA"],
    "tj-mia": ["Tajik MIA"],
    "kg-gknb": ["GKNB", "Security Committee"],
    "kg-border-service": ["State Border Service", "Border Service", "Kyrgyz Border Guard Service"],
    "cn-border-guards": ["Border Service"],
    "kg-general-staff": ["General Staff of Armed Forces"],
    "kz-knb": ["NSC", "Kazakh NSC"],
    "tj-scns": ["SCNS"],
    "cn-npc": ["NPC"],
    "cn-cmc": ["PRC Central Military Council"],
    "cn-pla-general-staff": ["PRC General Staff of the PLA", "General Staff of PLA"],
    "cn-pla-western-theater": ["PRC Western Theater Command", "Western Theater"],
    "cn-pap": ["PRC Armed Police Force"],
    "cn-psb-yancheng": ["PRC Public Security Bureau of Yancheng"],
    "cn-mps-institute-1": [
        "PRC First Scientific Research Institute",
        "Beijing Research Institute No.1 of the Ministry of Public Security",
    ],
    "uz-mia-academy": [
        "Uzbek Police Academy",
        "Uzbek Academy of the Ministry of Internal Affairs",
        "Uzbek Academy of Ministry of Internal Affairs",
    ],
    "uz-armed-forces-academy": ["Academy of Uzbek Armed Forces"],
    "cn-ppsuc": ["PRC Public Security University"],
    "cn-ndu": ["PRC University of National Defense"],
    "cn-special-forces": ["PRC Special Forces"],
    "cn-female-special-forces": ["PRC Female Special Forces"],
    "uz-special-forces": ["Uzbek Special Forces"],
    "uz-female-special-forces": ["Uzbek Female Special Forces"],
    "uz-safe-tourism": ["Uzbek Department of Safe Tourism"],
    "kz-naval-forces": ["Kazakh Naval Forces"],
    "kz-mod": ["Kazakh Ministry of Defense"],
    "cn-embassy-uz": ["PRC Embassy"],
    "cn-cpc-ild": [
        "International Department of the Central Committee of Party",
        "International Liaison Department of Central Committee of the Party",
    ],
    "cn-cfac-office": ["Central Foreign Affairs Commission Office"],
    "cn-mic": ["China's military-industrial complex"],
    "cn-naval-academy": ["China Naval Academy"],
    "cn-beijing-traffic": ["Central Traffic Safety Administration of Beijing"],
}

# --------------------------------------------------------------------------------------
# Offices (appendix 1). Raw cell text -> canonical title(s). A canonical title is an
# office of the row's side, unless NON_OFFICE maps it to another actor.
# --------------------------------------------------------------------------------------
# Central Asian side: raw -> (canonical, note on the participation or "")
CA_RAW = {
    "Minster of Defense": ("Minister of Defense", "cell misspells 'Minster'"),
    "Minster of Internal Affairs": ("Minister of Internal Affairs", "cell misspells 'Minster'"),
    # An acting holder holds the office: same office node, the relation notes it.
    "Acting President": ("President", "acting president"),
    "Acting Minister of Foreign Affairs": ("Minister of Foreign Affairs", "acting minister"),
    # Two wordings of the head of the Kyrgyz General Staff.
    "Chief of Staff of the Armed Forces": ("Head of General Staff of Armed Forces", ""),
    # The Tashkent City Internal Affairs Directorate is the Tashkent city police.
    "Deputy Chief of Tashkent Police": ("Deputy Head of the Tashkent City Internal Affairs Directorate", ""),
}
# Central Asian canonical office -> parent (agency suffix, or "" for the state itself).
CA_OFFICES = {
    "President": "",
    "First President": "",
    "Prime Minister": "",
    "First Deputy Prime Minister": "",
    "Deputy Prime Minister": "",
    "Vice Prime Minister": "",
    "Secretary of State": "",
    "Speaker of Parliament": "",
    "Chairman of the Senate": "",
    "Chairman of Lower House of Parliament": "",
    "Deputy Chairman of Supreme Judicial Council": "",
    "Secretary of Security Council": "",
    # Kazakhstan: the wording could mean the Security Council secretary or the head of
    # the National Security Committee; kept as worded, attached to the state.
    "Secretary of Security Committee": "",
    "Minister of Foreign Affairs": "mfa",
    "Deputy Minister of Foreign Affairs": "mfa",
    "Ambassador to China": "mfa",
    "Minister of Internal Affairs": "mia",
    "Deputy Minister of Internal Affairs": "mia",
    "Head of Department of Transport Security of Ministry of Internal Affairs": "mia",
    "Deputy Head of the Tashkent City Internal Affairs Directorate": "tashkent-police",
    "Minister of Defense": "mod",
    "Deputy Minister of Defense": "mod",
    "Minister of Justice": "moj",
    "Head of State Border Service": "border-service",
    "Commander of Border Service": "border-service",
    "Chief of Staff of Border Guards": "border-service",
    "Head of General Staff of Armed Forces": "general-staff",
    # Kyrgyz "Security Committee" = the GKNB (State Committee for National Security).
    "Chairman of Security Committee": "gknb",
}
# Cells on the Central Asian side that are not offices.
CA_NON_OFFICE = {"State Security Service": "uz-sgb"}

# China side: raw -> list of canonical titles (a cell may name two offices).
CN_RAW = {
    "Minister of Defense, Chief of Joint Staff of Central Military Council": [
        "Minister of Defense",
        "Chief of Joint Staff of the Central Military Commission",
    ],
    "Deputy Chairman of Central Military Council": ["Vice Chairman of the Central Military Commission"],
    "State Counciller": ["State Councillor"],
    "State councillor": ["State Councillor"],
    "Vice Premier of State Council": ["Vice Premier"],
    "Chairman of the Standing Committee of the NPC": [
        "Chairman of the Standing Committee of the National People's Congress"
    ],
    "Vice Chairperson of the Standing Committee of the National People's Congress": [
        "Vice Chairman of the Standing Committee of the National People's Congress"
    ],
    "Commissioner of External Security of Ministry of Foreign Affairs": [
        "External Security Commissioner of the Ministry of Foreign Affairs"
    ],
    "External Security Commissioner of the Foreign Ministry": [
        "External Security Commissioner of the Ministry of Foreign Affairs"
    ],
    "Deputy Head of International Department of the Central Committee of Party": [
        "Deputy Head of the International Department of the CPC Central Committee"
    ],
    "Deputy Minister of the International Department of the Central Committee of the Party": [
        "Deputy Head of the International Department of the CPC Central Committee"
    ],
    "Director of the International Liaison Department of Central Committee of the Party": [
        "Head of the International Department of the CPC Central Committee"
    ],
    "Chief of Staff of the People's Liberation Army": ["Chief of Staff of the People's Liberation Army"],
}
# China canonical office -> parent actor id.
CN_OFFICES = {
    "President": "cn",
    "Vice President": "cn",
    "Premier": "cn-state-council",
    "Vice Premier": "cn-state-council",
    "State Councillor": "cn-state-council",
    "Minister of Foreign Affairs": "cn-mfa",
    "Deputy Minister of Foreign Affairs": "cn-mfa",
    "Assistant Minister of Foreign Affairs": "cn-mfa",
    "External Security Commissioner of the Ministry of Foreign Affairs": "cn-mfa",
    # Possibly the same post as the External Security Commissioner (created 2019 per the
    # report's text); the table words it differently, so it is kept apart.
    "Special Representative of External Security Issues of the Ministry of Foreign Affairs": "cn-mfa",
    "Deputy Head of Foreign Security Department of Ministry of Foreign Affairs": "cn-mfa",
    "Ambassador to Kyrgyzstan": "cn-embassy-kg",
    "Minister of Public Security": "cn-mps",
    "Deputy Minister of Public Security": "cn-mps",
    "Deputy Head of Railway Department of Ministry of Public Security": "cn-mps",
    "Deputy Head of International Cooperation Department of Ministry of Public Security": "cn-mps",
    "Minister of Defense": "cn-mod",
    "Vice Chairman of the Central Military Commission": "cn-cmc",
    "Chief of Joint Staff of the Central Military Commission": "cn-cmc",
    "Chief of Staff of the People's Liberation Army": "cn-pla-general-staff",
    "Deputy Head of the Office of Foreign Relations of the General Staff of PLA": "cn-pla-general-staff",
    "Commander of People's Liberation Army": "cn-pla",
    "Deputy Commander of People's Liberation Army": "cn-pla",
    "Commander of Lanzhou Military Division": "cn-pla-lanzhou",
    "Deputy Commander of Lanzhou Military Division": "cn-pla-lanzhou",
    "Deputy Commander of Beijing Military Division": "cn-pla-beijing",
    "Commander of Western Theater": "cn-pla-western-theater",
    "Director of Border Service": "cn-border-guards",
    "Deputy Director of Border Service": "cn-border-guards",
    "Chairman of the Standing Committee of the National People's Congress": "cn-npc",
    "Vice Chairman of the Standing Committee of the National People's Congress": "cn-npc",
    "Head of the International Department of the CPC Central Committee": "cn-cpc-ild",
    "Deputy Head of the International Department of the CPC Central Committee": "cn-cpc-ild",
    "Director of the Central Foreign Affairs Commission Office": "cn-cfac-office",
    "Secretary of the Central Political and Legal Affairs Commission": "cn-cplac",
}
# China-side cells that are not offices: departments, a person, an SCO office.
CN_NON_OFFICE = {
    "Ministry of Public Security representatives": "cn-mps",
    "Department of Public Security of Beijing": "cn-psd-beijing",
    "Department of Public Security of Embassy in Tashkent": "cn-embassy-uz-psd",
    "Department of Public Security of Inner Mongolia": "cn-psd-inner-mongolia",
    "Department of Public Security of Nanjing": "cn-psd-nanjing",
    "Department of Public Security of XUAR": "cn-psd-xinjiang",
    "Anti-Terrorism Department of Ministry of Public Security": "cn-mps-ctd",
    "Li Peng": "cn-li-peng",
    "Secretary General of Shanghai Cooperation Organization": "sco-office-secretary-general",
}
# Office names that read badly as "<title> of <State>" or "<title> (<State>)".
OFFICE_NAME_OVERRIDE = {
    "kg-office-ambassador-china": "Ambassador of Kyrgyzstan to China",
    "cn-office-ambassador-kyrgyzstan": "Ambassador of China to Kyrgyzstan",
}
# Short id slugs for long titles (default: the title, lower-cased, without of/the/to).
OFFICE_SLUG = {
    "Deputy Head of the International Department of the CPC Central Committee": "ild-deputy-head",
    "Head of the International Department of the CPC Central Committee": "ild-head",
    "Special Representative of External Security Issues of the Ministry of Foreign Affairs": "mfa-special-rep-external-security",  # noqa: E501
    "External Security Commissioner of the Ministry of Foreign Affairs": "external-security-commissioner",
    "Deputy Head of Foreign Security Department of Ministry of Foreign Affairs": "mfa-foreign-security-deputy-head",  # noqa: E501
    "Vice Chairman of the Central Military Commission": "cmc-vice-chairman",
    "Chief of Joint Staff of the Central Military Commission": "cmc-chief-joint-staff",
    "Chief of Staff of the People's Liberation Army": "pla-chief-of-staff",
    "Deputy Head of the Office of Foreign Relations of the General Staff of PLA": "pla-foreign-relations-deputy-head",  # noqa: E501
    "Commander of People's Liberation Army": "pla-commander",
    "Deputy Commander of People's Liberation Army": "pla-deputy-commander",
    "Commander of Lanzhou Military Division": "lanzhou-commander",
    "Deputy Commander of Lanzhou Military Division": "lanzhou-deputy-commander",
    "Deputy Commander of Beijing Military Division": "beijing-md-deputy-commander",
    "Commander of Western Theater": "western-theater-commander",
    "Chairman of the Standing Committee of the National People's Congress": "npc-chairman",
    "Vice Chairman of the Standing Committee of the National People's Congress": "npc-vice-chairman",
    "Director of the Central Foreign Affairs Commission Office": "cfac-office-director",
    "Secretary of the Central Political and Legal Affairs Commission": "cplac-secretary",
    "Deputy Head of International Cooperation Department of Ministry of Public Security": "mps-intl-cooperation-deputy-head",  # noqa: E501
    "Deputy Head of Railway Department of Ministry of Public Security": "mps-railway-deputy-head",
    "Head of Department of Transport Security of Ministry of Internal Affairs": "mia-transport-security-head",
    "Deputy Head of the Tashkent City Internal Affairs Directorate": "tashkent-police-deputy-head",
    "Head of General Staff of Armed Forces": "chief-general-staff",
    "Chairman of Security Committee": "gknb-chairman",
}
# Titles naming a body read "<title> (<State>)"; others "<title> of <State>".
BODY_WORDS = (
    "Ministry",
    "Department",
    "Commission",
    "Committee",
    "Congress",
    "Directorate",
    "Division",
    "Council",
    "Army",
    "Theater",
    "PLA",
    "Service",
    "Staff",
    "Parliament",
    "Senate",
    "Guards",
    "Organization",
)
# Cell values that are not names of the actor they resolve to (not kept as aliases).
NOT_ALIASES = {"Ministry of Public Security representatives"}

# --------------------------------------------------------------------------------------
# Topics: appendix 1 agenda phrases (lower-cased) -> tags. Every phrase must be listed.
# --------------------------------------------------------------------------------------
AGENDA_TOPICS = {
    "three evils": ["three evils"],
    "combating three evils": ["three evils"],
    "regional security": ["regional security"],
    "reginal security": ["regional security"],  # typo in the table
    "transnational crime": ["transnational crime"],
    "anti-terrorism": ["terrorism"],
    "international terrorism": ["terrorism"],
    "anti-extremism": ["extremism"],
    "anti-extremist": ["extremism"],
    "anti-seperatist": ["separatism"],  # typo in the table
    "anti-separatist": ["separatism"],
    "anti-separatism": ["separatism"],
    "anti-seperatists in the territory of kyrgyzstan against china": ["separatism"],
    "against east turkestan": ["East Turkestan movement"],
    "against east turkestan movement": ["East Turkestan movement"],
    "east turkestan": ["East Turkestan movement"],
    "drug trafficking": ["drug trafficking"],
    "anti-drug trafficking": ["drug trafficking"],
    "drug-trafficking": ["drug trafficking"],
    "drug crime": ["drug trafficking"],
    "drug and weapon trafficking": ["drug trafficking", "weapon trafficking"],
    "weapon trafficking": ["weapon trafficking"],
    "human trafficking": ["human trafficking"],
    "cyber security": ["cyber security"],
    "cyber crimes": ["cyber crime"],
    "information security": ["information security"],
    "informational security": ["information security"],
    "law enforcement cooperation": ["law enforcement cooperation"],
    "law enforcement": ["law enforcement cooperation"],
    "strengthening law enforcement cooperation": ["law enforcement cooperation"],
    "development of law enforcement cooperation": ["law enforcement cooperation"],
    "deepen law enforcement cooperation": ["law enforcement cooperation"],
    "defense and law enforcement cooperation": ["defence cooperation", "law enforcement cooperation"],
    "defense cooperation": ["defence cooperation"],
    "defense": ["defence cooperation"],
    "military cooperation": ["defence cooperation"],
    "develop military cooperation": ["defence cooperation"],
    "military exchange": ["defence cooperation"],
    "military exchange and cooperation": ["defence cooperation"],
    "military and defense exchange": ["defence cooperation"],
    "introduction to chinese military": ["defence cooperation"],
    "implementing military-technical agreement signed in june 2018": ["military-technical cooperation"],
    "military education": ["military education"],
    "military education and exchange": ["military education"],
    "military training": ["military training"],
    "joint military training": ["military training"],
    "military training and exchanges": ["military training"],
    "joint exercises": ["military training"],
    "afghanistan": ["Afghanistan"],
    "situation in afghanistan": ["Afghanistan"],
    "border security": ["border security"],
    "strengthening of borders": ["border security"],
    "practical border management": ["border security"],
    "resolve border issues": ["border issues"],
    "training": ["law enforcement training"],
    "training personnel": ["law enforcement training"],
    "officers training": ["law enforcement training"],
    "law enforcement training": ["law enforcement training"],
    "training and exchanges": ["law enforcement training"],
    "intelligence sharing": ["intelligence sharing"],
    "information exchange": ["intelligence sharing"],
    "information sharing": ["intelligence sharing"],
    "anti-terrorism intelligence sharing": ["terrorism", "intelligence sharing"],
    "internal conflict in kyrgyzstan": ["internal conflict in Kyrgyzstan"],
    "stability in tajikistan": ["stability of Tajikistan"],
    "safety of chinese nationals in kyrgyzstan": ["safety of Chinese nationals"],
    "pipeline security": ["pipeline security"],
    "pipeline protection": ["pipeline security"],
    "joint investigation": ["joint investigation"],
    "equipment exchange": ["equipment supply"],
    "police equipment exchange": ["equipment supply"],
    "departmental ties": ["departmental ties"],
    "anti-china sentiment": ["anti-China sentiment"],
    "legal cooperation": ["legal cooperation"],
    "strengthen legal cooperation": ["legal cooperation"],
    "security cooperation": ["security cooperation"],
    "expand security cooperation": ["security cooperation"],
    "increase anti-terrorism cooperation": ["terrorism", "security cooperation"],
    "search for wanted persons": ["wanted persons"],
    "investment security": ["investment security"],
    "investment of large projects": ["investment projects"],
    "fight against crime": ["crime"],
    "experience exchange": ["experience exchange"],
    "establishment of rats in bishkek": ["RATS"],
    "establishment of joint anti-terrorism center": ["terrorism", "joint anti-terrorism centre"],
}
# Notes on a few topic tags.
TOPIC_NOTES = {
    "three evils": "terrorism, separatism and extremism, as one phrase",
    "East Turkestan movement": "Uyghur separatist movement(s) as named in the tables",
    "RATS": "the SCO Regional Anti-Terrorist Structure (its founding in Bishkek)",
    "defence cooperation": "military/defence cooperation and exchange",
    "law enforcement training": "training of police and security personnel",
}

# --------------------------------------------------------------------------------------
# Places: raw location cell -> place id; place id -> (name, kind, located in, aliases).
# --------------------------------------------------------------------------------------
PLACES = {
    "place-xiamen": ("Xiamen", "city", ["cn"], []),
    "place-chebarkul": ("Chebarkul", "city", ["ru"], []),
    "place-korla": ("Korla", "city", ["cn"], []),
    "place-issyk-kul": ("Issyk-Kul", "region", ["kg"], []),
    "place-tokmok": ("Tokmok", "city", ["kg"], []),
    "place-inner-mongolia": ("Inner Mongolia", "region", ["cn"], []),
    # The table spells it "Symkent": Shymkent, Kazakhstan.
    "place-shymkent": ("Shymkent", "city", ["kz"], ["Symkent"]),
    "place-sughd": ("Sughd", "region", ["tj"], []),
    "place-kashgar": ("Kashgar", "city", ["cn"], []),
    "place-saratov": ("Saratov", "city", ["ru"], []),
    "place-otar": ("Otar", "site", ["kz"], []),
    "place-chelyabinsk": ("Chelyabinsk", "city", ["ru"], []),
    "place-semipalatinsk": ("Semipalatinsk", "city", ["kz"], []),
    "place-ili-valley": ("Ili River valley", "region", ["cn"], []),
    "place-urumqi": ("Urumqi", "city", ["cn"], []),
    "place-artush": ("Artush", "city", ["cn"], []),
    "place-torugart": ("Torugart checkpoint", "site", ["place-border-cn-kg"], []),
    "place-ust-kamenogorsk": ("Ust'-Kamenogorsk", "city", ["kz"], []),
    "place-jizzakh": ("Jizzakh", "city", ["uz"], []),
    "place-badakhshan": ("Badakhshan", "region", ["tj"], []),
    "place-dushanbe": ("Dushanbe", "city", ["tj"], []),
    "place-kulob": ("Kulob", "city", ["tj"], []),
    "place-border-cn-kg": ("China-Kyrgyzstan border", "border", ["cn", "kg"], []),
    "place-border-cn-kz": ("China-Kazakhstan border", "border", ["cn", "kz"], []),
    "place-border-cn-tj": ("China-Tajikistan border", "border", ["cn", "tj"], []),
    "place-jalal-abad": ("Jalal-Abad", "city", ["kg"], []),
    "place-osh": ("Osh", "city", ["kg"], []),
    "place-almaty": ("Almaty", "city", ["kz"], []),
    "place-almaty-region": ("Almaty region", "region", ["kz"], []),
    "place-aktau": ("Aktau", "city", ["kz"], []),
    "place-tashkent": ("Tashkent", "city", ["uz"], []),
    "place-shanghai": ("Shanghai", "city", ["cn"], []),
    "place-beijing": ("Beijing", "city", ["cn"], []),
    "place-wuhan": ("Wuhan", "city", ["cn"], []),
}

# --------------------------------------------------------------------------------------
# Appendix 2 (SCO exercises): location cell -> (place, state); per-row topics and labels.
# --------------------------------------------------------------------------------------
A2_LOCATIONS = {
    "Xiamen, China": "place-xiamen",
    "Chebarkul, Russia": "place-chebarkul",
    "Korla, China": "place-korla",
    "Issyk-Kul, Kyrgyzstan": "place-issyk-kul",
    "Tokmok, Kyrgyzstan": "place-tokmok",
    "Inner Mongolia, China": "place-inner-mongolia",
    "Symkent Kazakhstan": "place-shymkent",
    "Sughd, Tajikistan": "place-sughd",
    "Kashgar, China": "place-kashgar",
    "Saratov, Russia": "place-saratov",
    "Otar, Kazakhstan": "place-otar",
    "Chelyabinsk, Russia": "place-chelyabinsk",
    "Semipalatinsk, Kazakhstan": "place-semipalatinsk",
    "Ili River valley, China": "place-ili-valley",
}
# row -> (summary in our words, topics, note)
A2_ROWS = {
    1: (
        "online counter-extremism drill: spotting recruitment and propaganda online",
        ["terrorism", "online extremism", "intelligence sharing"],
        "",
    ),
    2: ("field drill: assault on a terrorist base", ["terrorism", "joint investigation"], ""),
    3: (
        "online counter-extremism drill: detecting extremist websites",
        ["terrorism", "online extremism", "intelligence sharing"],
        "",
    ),
    4: ("combat and marksmanship drills", ["military training"], ""),
    5: (
        "mountain counter-terrorism drill with a cross-border air strike",
        ["terrorism", "hostage rescue"],
        "",
    ),
    6: (
        "online counter-extremism drill: removing cross-border attack propaganda",
        ["terrorism", "online extremism", "intelligence sharing"],
        "",
    ),
    7: ("mountain counter-terrorism drill with hostage rescue", ["terrorism", "hostage rescue"], ""),
    8: (
        "urban counter-terrorism drill with hostage rescue",
        ["terrorism", "hostage rescue", "joint investigation"],
        "",
    ),
    9: (
        "drill against a cross-border terrorist group in a village",
        ["terrorism", "intelligence sharing", "hostage rescue"],
        "",
    ),
    10: ("assault on a mountain training camp under one command", ["terrorism"], ""),
    11: (
        "RATS-led drill against an East Turkestan cell crossing into China",
        ["terrorism", "East Turkestan movement", "hostage rescue"],
        "the table says the drill was commanded by RATS",
    ),
    12: (
        "special-forces hostage rescue drill",
        ["terrorism", "hostage rescue"],
        "the table says the drill was commanded by RATS",
    ),
    13: (
        "assault on a terrorist base in a residential area, with a cross-border air strike",
        ["terrorism"],
        "",
    ),
    14: (
        "urban counter-terrorism drill with UAVs, jets and hostage rescue",
        ["terrorism", "hostage rescue", "joint investigation"],
        "",
    ),
    15: ("hijacked-airliner drill", ["terrorism", "hostage rescue"], ""),
    16: (
        "urban attack drill and strike on border training camps",
        ["terrorism", "border security"],
        "the agenda cell mentions a joint Chinese-Kyrgyz strike",
    ),
}

# --------------------------------------------------------------------------------------
# Appendix 3 (bilateral exercises).
# --------------------------------------------------------------------------------------
# Unit cells per side. Central Asian generic cells map to "<state>-<suffix>".
A3_CA_UNITS = {
    "Armed Forces": "armed-forces",
    "Border Guards": "border-service",
    "National Guard": "national-guard",
}
A3_SPECIAL_UNITS = {
    ("kg", "Naryn Border Guards"): "kg-border-naryn",
    ("tj", "Special Police Force"): "tj-special-police",
    ("cn", "Armed Police Force"): "cn-pap",
    ("cn", "People's Armed Police"): "cn-pap",
    ("cn", "Border Guards"): "cn-border-guards",
    ("cn", "Kyzyl-Suu Border Guards"): "cn-border-kizilsu",
    ("cn", "People's Liberation Army"): "cn-pla",
    ("cn", "Qiannan Special Police Force"): "cn-qiannan-special-police",
}
# Location cell -> place; "Border" depends on the section.
A3_LOCATIONS = {
    "Urumqi": "place-urumqi",
    "Artush": "place-artush",
    "Torugart checkpoint": "place-torugart",
    "Ust'-Kamenogorsk": "place-ust-kamenogorsk",
    "Jizzakh": "place-jizzakh",
    "Badakhshan": "place-badakhshan",
    "Dushanbe": "place-dushanbe",
    "Kulob": "place-kulob",
}
BORDER_PLACE = {"kg": "place-border-cn-kg", "kz": "place-border-cn-kz", "tj": "place-border-cn-tj"}
# (section, row) -> (summary, topics)
A3_ROWS = {
    ("kg", 1): ("strike on a terrorist camp near the border", ["terrorism", "border security"]),
    ("kg", 2): ("terrorists crossing into China: border drill", ["terrorism", "border security"]),
    ("kg", 3): ("joint border management drill", ["border security"]),
    ("kg", 4): ("terrorists crossing into China: checkpoint drill", ["terrorism", "border security"]),
    ("kg", 5): ("terrorists crossing into China: first PLA drill abroad", ["terrorism", "border security"]),
    ("kz", 1): ("night strike on terrorist camps", ["terrorism"]),
    ("kz", 2): ("terrorist attack on a checkpoint", ["terrorism", "border security"]),
    ("uz", 1): ("strike on an armed terrorist group", ["terrorism"]),
    ("tj", 1): ("strike on a terrorist group in the mountains", ["terrorism"]),
    ("tj", 2): ("strike on an armed terrorist group", ["terrorism"]),
    ("tj", 3): ("strike on an armed cross-border criminal group", ["transnational crime"]),
    ("tj", 4): (
        "rescue of Chinese workers held by terrorists",
        ["terrorism", "hostage rescue", "safety of Chinese nationals"],
    ),
}

# --------------------------------------------------------------------------------------
# Names of appendix 2 and 3 exercises. The tables give no names; the documents name some
# of them ("Peace Mission-2007"). Each name is an alias of the row's event, and the
# passage that spells it is a further citation of that event (after the row's own):
# event id -> [(document id, locator, [names exactly as spelt there])]. Most names are in
# the titles of the FPRI footnotes; the footnote is attached to the paragraph about the
# exercise (line given in the comment), which is what ties the name to the row. The
# script checks that each name occurs verbatim in the cited lines (docs/dataset-tables.md).
# Left out: "Joint-2003" (fn 44, 116: its paragraph, line 329, mixes rows 15 and 16);
# "Cooperation-2019" (fn 86-92: one name for three rows, kg-01, tj-01 and uz-01);
# "Peaceful Mission-2014" (irb-2015 line 61) for now, see docs/dataset-tables.md;
# "Peace Mission 2010" and "Peace Mission 2007" of icg-2013 (lines 1151, 1161: footnotes
# on the peace missions in general).
# --------------------------------------------------------------------------------------
EVENT_NAMES: dict[str, list[tuple[str, str, list[str]]]] = {
    # Xiamen 2019: third cyber exercise, "again in Xiamen" (line 383, fn 64)
    "fpri-a2-01": [("fpri-2022", "line 401", ["Xiamen-2019"])],
    # Chebarkul 2018: the 2018 SCO exercise (lines 357 and 375, fn 56)
    "fpri-a2-02": [("fpri-2022", "line 385", ["Peace Mission-2018"])],
    # Xiamen 2017: second cyber exercise (line 383, fn 62)
    "fpri-a2-03": [("fpri-2022", "line 397", ["Xiamen-2017"])],
    # Issyk-Kul 2016: mountains, a Chinese jet supporting the attack in Kyrgyzstan (line
    # 355, fn 55); not Korla 2016 (row 4, an army training, line 381)
    "fpri-a2-05": [("fpri-2022", "line 373", ["Peace Mission-2016"])],
    # Inner Mongolia 2014 (line 353, fn 53-54; eprs-2015: August 2014, 7 000 troops,
    # Inner Mongolia, in the same sentence)
    "fpri-a2-08": [
        ("fpri-2022", "lines 369-371", ["Peace Mission-2014"]),
        ("eprs-2015", "line 95", ["Peace Mission 2014"]),
    ],
    # Sughd 2012: the 2012 mountain exercise (line 347, fn 51); icg-2013 fn 137: "8-14
    # June 2012 in Tajikistan"
    "fpri-a2-10": [
        ("fpri-2022", "line 365", ["Peace Mission-2012"]),
        ("icg-2013", "lines 1158-1159", ["Peace Mission 2012"]),
    ],
    # Kashgar 2011: RATS exercise of the PRC, Kyrgyzstan and Tajikistan (line 377, fn 57-58)
    "fpri-a2-11": [("fpri-2022", "lines 387-389", ["Tianshan-2 (2011)"])],
    # Otar 2010: the mock UN Security Council approval (line 345, fn 48-49); not Saratov
    # 2010 (row 12)
    "fpri-a2-13": [("fpri-2022", "lines 359-361", ["Peace Mission-2010"])],
    # Chelyabinsk 2007: the only 2007 row (line 333, fn 46-47)
    "fpri-a2-14": [("fpri-2022", "lines 339-341", ["Peace Mission-2007", "Peace Mission 2007"])],
    # Kyrgyz border, June 2017: the 2017 PRC-Kyrgyz border exercise (line 551, fn 84)
    "fpri-a3-kg-02": [("fpri-2022", "line 559", ["Tianshan-3 (2017)"])],
    # Torugart, August 2013: the 2013 PRC-Kyrgyz border exercise (line 531, fn 79)
    "fpri-a3-kg-04": [("fpri-2022", "line 539", ["Border Defense Joint Determination-2013"])],
    # Ust'-Kamenogorsk, October 2019: the PRC-Kazakh exercise (line 555, fn 89)
    "fpri-a3-kz-01": [("fpri-2022", "line 569", ["Fox Hunt-2019"])],
    # Kazakh border, August 2006: checkpoint attack scenario (line 513, fn 76)
    "fpri-a3-kz-02": [("fpri-2022", "line 521", ["Tianshan-1"])],
    # Badakhshan, October 2016: the 2016 PRC-Tajik exercise (lines 535 and 549, fn 83)
    "fpri-a3-tj-02": [("fpri-2022", "line 557", ["Collaboration-2016"])],
}

# --------------------------------------------------------------------------------------
# Appendix 4 (training and exchange). TYPE column -> event kind. "Joint Operation"
# rows are operations (joint patrols, arrests), not training: kind "operation".
# --------------------------------------------------------------------------------------
A4_KIND = {"Education": "training", "Field Visit": "exchange", "Joint Operation": "operation"}
# "<...> of <Adjective> MIA" department wording -> extra topic.
A4_DEPT_TOPICS = {
    "drug control department": ["drug trafficking"],
    "pipeline security officials": ["pipeline security"],
    "anti-extremism department": ["extremism"],
    "investigation department": ["criminal investigation"],
    "criminal investigation department": ["criminal investigation"],
    "immigration department": ["migration control"],
    "tourist police": ["tourism security"],
    "public transport safety department": ["transport security"],
    "border guards": ["border security"],
    "police management": ["police management"],
}
# Trainee cells of MPS programmes that are not "<...> of <Adj> MIA".
A4_TRAINEES = {
    "GKNB": "kg-gknb",
    "Kazakh NSC": "kz-knb",
    "SCNS": "tj-scns",
    "Uzbek prosecutors": "uz",
    "Tajik prosecutors": "tj",
}
# Rows that need an explicit reading (keyed by the cleaned cell text). Each gives:
# label (ours), roles {role: [actor ids]}, held_in [ids], topics, size, size_note, note.
A4_ROWS: dict[str, dict] = {
    "Kyrgyz cadets received graduation ceremony from military education in PRC": dict(
        label="Kyrgyz cadets graduate from military study in China",
        roles={"trainer": ["cn"], "trainee": ["kg"]},
        held_in=["cn"],
        topics=["military education"],
    ),
    "Kyrgyz colonel finished 148-day senior commander class in PRC": dict(
        label="Kyrgyz colonel completes a 148-day senior command course in China",
        roles={"trainer": ["cn"], "trainee": ["kg"]},
        held_in=["cn"],
        topics=["military education"],
    ),
    "Kyrgyz cadres received graduation ceremony from military education in PRC": dict(
        label="Kyrgyz cadres graduate from military study in China",
        roles={"trainer": ["cn"], "trainee": ["kg"]},
        held_in=["cn"],
        topics=["military education"],
    ),
    "PRC Public Security Bureau of Yancheng delegation visited Ministry of internal Affairs in Jalal-Abad": dict(  # noqa: E501
        label="Yancheng police delegation visits the Jalal-Abad interior directorate",
        roles={"guest": ["cn-psb-yancheng"], "host": ["kg-mia-jalal-abad"]},
        held_in=["place-jalal-abad"],
        topics=["law enforcement cooperation"],
        aliases={"kg-mia-jalal-abad": "Ministry of internal Affairs in Jalal-Abad"},
    ),
    "SCO Secret Services examined bombing of PRC Embassy in Kyrgyzstan": dict(
        label="SCO security services investigate the bombing of the Chinese embassy in Bishkek",
        roles={},
        held_in=["kg"],
        topics=["terrorism", "joint investigation"],
        note="participants named only as 'SCO Secret Services'; no actor linked",
        related=[("cn-embassy-kg", "bombing target investigated")],
    ),
    "6-day joint legal enforcement operation between border guards": dict(
        label="six-day joint border-guard enforcement operation",
        roles={"participant": ["kg-border-service", "cn-border-guards"]},
        held_in=[],
        topics=["border security", "law enforcement cooperation"],
    ),
    "Joint operation against wildlife smugglers": dict(
        label="joint operation against wildlife smuggling",
        roles={"participant": ["kg", "cn"]},
        held_in=[],
        topics=["wildlife smuggling"],
    ),
    "PRC General Staff of the PLA delegation visited Kyrgyz Border Guard Service and military school": dict(
        label="PLA General Staff delegation visits Kyrgyz border guards and a military school",
        roles={"guest": ["cn-pla-general-staff"], "host": ["kg-border-service"]},
        held_in=["kg"],
        topics=["defence cooperation", "border security"],
    ),
    "Chief of Staff of Border Guards visited PRC Armed Police Force": dict(
        label="Kyrgyz border guard chief of staff visits the Chinese armed police",
        roles={"guest": ["kg-office-chief-staff-border-guards"], "host": ["cn-pap"]},
        held_in=["cn"],
        topics=["border security"],
    ),
    "Minister of Defense visited guard of honor of PRC Army, Navy and Air Force": dict(
        label="Kyrgyz defence minister visits a PLA honour guard",
        roles={"guest": ["kg-office-minister-defense"], "host": ["cn-pla"]},
        held_in=["cn"],
        topics=["defence cooperation"],
    ),
    "PRC PLA trained Kazakh senior military prosecutors": dict(
        label="PLA course for senior Kazakh military prosecutors",
        roles={"trainer": ["cn-pla"], "trainee": ["kz"]},
        held_in=[],
        topics=["military education"],
    ),
    "PRC Western Theater Command delegation visited the military units of the Almaty region": dict(
        label="Western Theater Command delegation visits military units in Almaty region",
        roles={"guest": ["cn-pla-western-theater"], "host": ["kz-armed-forces"]},
        held_in=["place-almaty-region"],
        topics=["defence cooperation"],
    ),
    "PRC and Kazakh drug trafficking departments arrested drug smugglers": dict(
        label="joint arrest of drug smugglers",
        roles={"participant": ["cn", "kz"]},
        held_in=[],
        topics=["drug trafficking"],
        note="the drug-control departments are not named further",
    ),
    "PRC Ministry of Public Security delegation inspected Ministry of Internal Affairs in Almaty": dict(
        label="MPS delegation inspects the Almaty interior directorate",
        roles={"guest": ["cn-mps"], "host": ["kz-mia-almaty"]},
        held_in=["place-almaty"],
        topics=["law enforcement cooperation"],
        aliases={"kz-mia-almaty": "Ministry of Internal Affairs in Almaty"},
    ),
    "Two Kazakh naval officers studying in China Naval Academy": dict(
        label="two Kazakh naval officers study at a Chinese naval academy",
        roles={"trainer": ["cn-naval-academy"], "trainee": ["kz-naval-forces"]},
        held_in=["cn"],
        topics=["military education"],
        size="2",
        size_note="two officers",
    ),
    "PRC Central Military Council delegation visited Kazakh Naval Forces in Aktau": dict(
        label="CMC delegation visits the Kazakh navy in Aktau",
        roles={"guest": ["cn-cmc"], "host": ["kz-naval-forces"]},
        held_in=["place-aktau"],
        topics=["defence cooperation"],
    ),
    "PRC and Kazakh police exchanged cross border criminals": dict(
        label="handover of cross-border criminals between police forces",
        roles={"participant": ["cn", "kz"]},
        held_in=[],
        topics=["transnational crime"],
    ),
    "20 Kazakh military personnels studying at China's Military Schools": dict(
        label="20 Kazakh servicemen study at Chinese military schools",
        roles={"trainer": ["cn-pla"], "trainee": ["kz-armed-forces"]},
        held_in=["cn"],
        topics=["military education"],
        size="20",
    ),
    "Kazakh Ministry of Defense delegation visited China's military-industrial complex": dict(
        label="Kazakh defence ministry delegation tours Chinese arms industry",
        roles={"guest": ["kz-mod"], "host": ["cn-mic"]},
        held_in=["cn"],
        topics=["defence cooperation"],
    ),
    "PRC University of National Defense delegation toured Kazakhstan": dict(
        label="Chinese National Defense University delegation tours Kazakhstan",
        roles={"guest": ["cn-ndu"], "host": ["kz"]},
        held_in=["kz"],
        topics=["military education"],
    ),
    "Uzbek Department of Safe Tourism trained in Shanghai": dict(
        label="Uzbek safe-tourism department trained in Shanghai",
        roles={"trainee": ["uz-safe-tourism"]},
        held_in=["place-shanghai"],
        topics=["law enforcement training", "tourism security"],
        note="the trainer is not named",
    ),
    "Uzbek Police Academy exchange program for PRC Public Security University": dict(
        label="exchange programme between Uzbek and Chinese police universities",
        roles={"participant": ["uz-mia-academy", "cn-ppsuc"]},
        held_in=[],
        topics=["law enforcement training"],
    ),
    "PRC Special Forces trained Uzbek Special Forces": dict(
        label="Chinese special forces train Uzbek special forces",
        roles={"trainer": ["cn-special-forces"], "trainee": ["uz-special-forces"]},
        held_in=[],
        topics=["military training"],
    ),
    "PRC Female Special Forces trained Uzbek Female Special Forces": dict(
        label="Chinese female special forces train Uzbek counterparts",
        roles={"trainer": ["cn-female-special-forces"], "trainee": ["uz-female-special-forces"]},
        held_in=[],
        topics=["military training"],
    ),
    "PRC Ministry of Public Security delegation visited various Tashkent security agencies": dict(
        label="MPS delegation visits security agencies in Tashkent",
        roles={"guest": ["cn-mps"], "host": ["uz"]},
        held_in=["place-tashkent"],
        topics=["law enforcement cooperation"],
        note="hosts named only as 'various Tashkent security agencies'",
    ),
    "Uzbek Minister of Internal Affairs visited PRC First Scientific Research Institute": dict(
        label="Uzbek interior minister visits the MPS First Research Institute",
        roles={"guest": ["uz-office-minister-internal-affairs"], "host": ["cn-mps-institute-1"]},
        held_in=["cn"],
        topics=["law enforcement cooperation"],
    ),
    "Uzbek Deputy Minister of Internal Affairs visited PRC Safe City implementation": dict(
        label="Uzbek deputy interior minister views a Chinese Safe City system",
        roles={"guest": ["uz-office-deputy-minister-internal-affairs"], "host": ["cn"]},
        held_in=["cn"],
        topics=["surveillance"],
    ),
    "Uzbek Academy of the Ministry of Internal Affairs visited PRC Police Academies": dict(
        label="Uzbek interior ministry academy visits Chinese police academies",
        roles={"guest": ["uz-mia-academy"], "host": ["cn"]},
        held_in=["cn"],
        topics=["law enforcement training"],
        note="the Chinese police academies are not named",
    ),
    "PRC Embassy Attache delivered lecture at Academy of Uzbek Armed Forces": dict(
        label="Chinese embassy attache lectures at the Uzbek armed forces academy",
        roles={"trainer": ["cn-embassy-uz"], "trainee": ["uz-armed-forces-academy"]},
        held_in=["uz"],
        topics=["military education"],
    ),
    "PRC Ministry of Public Security delegation visited Uzbek Academy of Ministry of Internal Affairs": dict(
        label="MPS delegation visits the Uzbek interior ministry academy",
        roles={"guest": ["cn-mps"], "host": ["uz-mia-academy"]},
        held_in=["uz"],
        topics=["law enforcement training"],
    ),
    "5000 Tajik and Chinese officers arrested 38 drug smugglers": dict(
        label="joint Tajik-Chinese operation arrests drug smugglers",
        roles={"participant": ["tj", "cn"]},
        held_in=[],
        topics=["drug trafficking"],
        size="5000",
        note="38 smugglers arrested",
    ),
    "Tajik Minister of Internal Affairs visited Central Traffic Safety Administration of Beijing": dict(
        label="Tajik interior minister visits Beijing traffic safety administration",
        roles={"guest": ["tj-office-minister-internal-affairs"], "host": ["cn-beijing-traffic"]},
        held_in=["place-beijing"],
        topics=["law enforcement cooperation"],
    ),
    "30 Tajik military officers sent to Chinese military schools annually": dict(
        label="Tajik officers sent yearly to Chinese military schools",
        roles={"trainer": ["cn-pla"], "trainee": ["tj-armed-forces"]},
        held_in=["cn"],
        topics=["military education"],
        size="30",
        size_note="30 annually",
    ),
}
# Offices first named in appendix 4 (not in appendix 1 of the same state).
A4_OFFICES = {
    "kg-office-chief-staff-border-guards": ("kg", "Chief of Staff of Border Guards"),  # default slug
}

# --------------------------------------------------------------------------------------
# Appendix 5 (transfers). Party cells -> actor ids; per-row label, topics, note.
# --------------------------------------------------------------------------------------
A5_CA_GENERIC = {
    "Ministry of Defense": "mod",
    "Ministry of Internal Affairs": "mia",
    "Ministry of Interior": "mia",
    "Armed Forces": "armed-forces",
    "Ministry of Foreign Affairs": "mfa",
    "Border Guards Service": "border-service",
    "General Staff of Armed Forces": "general-staff",
}
A5_SPECIAL = {
    ("kg", "Ministry of Interior in Jalal-Abad"): "kg-mia-jalal-abad",
    ("kg", "State Committee for Defense"): "kg-scda",
    ("kg", "Torugard Border Guards Service"): "kg-border-torugart",
    ("tj", "Committee for Emergency Situations and Civil Defense"): "tj-cesd",
    ("tj", "Anti-drug trafficking department"): "tj-anti-drug-dept",
    ("tj", "National Guard Hospital"): "tj-national-guard-hospital",
    ("cn", "People's Liberation Army"): "cn-pla",
    ("cn", "Ministry of Defense"): "cn-mod",
    ("cn", "Ministry of Public Security"): "cn-mps",
    ("cn", "Embassy of PRC in Kyrgyzstan"): "cn-embassy-kg",
    ("cn", "Embassy of PRC in Kazakhstan"): "cn-embassy-kz",
    ("cn", "Consulate General of PRC in Osh"): "cn-consulate-osh",
    ("cn", "Ambassador to Kyrgyzstan"): "cn-office-ambassador-kyrgyzstan",
    ("cn", "AVIC"): "cn-avic",
    ("cn", "Military-industrial complex"): "cn-mic",
    ("cn", "Huawei"): "cn-huawei",
    ("cn", "Central Military Commission"): "cn-cmc",
    ("cn", "Border Guard Service"): "cn-border-guards",
}
# (section, row) -> (label, topics, note). Values stay in the label; notes flag oddities.
A5_ROWS = {
    ("kg", 1): (
        "military and civilian vehicles",
        ["military equipment"],
        "dated May 2021, after the 2002-2020 range in the table's title",
    ),
    ("kg", 2): ("COVID-19 aid worth USD 480,000", ["COVID-19 aid"], ""),
    ("kg", 3): ("COVID-19 aid", ["COVID-19 aid"], ""),
    ("kg", 4): ("COVID-19 aid worth USD 10,000", ["COVID-19 aid"], ""),
    ("kg", 5): ("equipment worth 30M RMB", ["police equipment"], ""),
    ("kg", 6): (
        "cars of various types, 30M RMB",
        ["police equipment"],
        "cell reads '$30M RMB': currency as printed",
    ),
    ("kg", 7): ("police station facilities and seven cars", ["police equipment"], ""),
    ("kg", 8): ("equipment worth 1M RMB", ["border security"], ""),
    ("kg", 9): ("aid worth 100K RMB", ["military aid"], ""),
    ("kg", 10): ("equipment worth 300K RMB", ["border security"], ""),
    ("kg", 11): ("apartments", ["military housing"], ""),
    ("kg", 12): ("police equipment", ["police equipment"], ""),
    ("kg", 13): ("police equipment", ["police equipment"], ""),
    ("kg", 14): ("USD 2.5m grant for border guards and the army", ["military aid", "border security"], ""),
    ("kg", 15): ("40 cars", ["police equipment"], ""),
    ("kg", 16): ("military-technical aid", ["military aid", "military-technical cooperation"], ""),
    ("kg", 17): ("military aid, 10m RMB", ["military aid"], "cell reads '$10m RMB': currency as printed"),
    ("kg", 18): (
        "aid, 8M RMB",
        ["military aid", "border security"],
        "cell reads '$8M RMB': currency as printed",
    ),
    ("kz", 1): ("facilities at a military academy", ["military education"], ""),
    ("kz", 2): ("Chinese-language classroom at a military academy", ["military education"], ""),
    ("kz", 3): ("purchase of Y8F200W military aircraft", ["arms sales"], ""),
    ("kz", 4): ("purchase of UAVs", ["arms sales"], ""),
    ("kz", 5): ("truck tractors and platforms", ["military equipment"], "cell spells 'plato-forms'"),
    ("kz", 6): ("police equipment", ["police equipment"], ""),
    ("uz", 1): ("COVID-19 humanitarian aid", ["COVID-19 aid"], ""),
    ("uz", 2): ("purchase of QW-18 anti-aircraft missile system", ["arms sales", "air defence"], ""),
    ("uz", 3): ("face-recognition surveillance system", ["surveillance"], ""),
    ("uz", 4): ("police equipment", ["police equipment"], ""),
    ("uz", 5): ("police equipment", ["police equipment"], ""),
    ("uz", 6): ("police equipment", ["police equipment"], ""),
    ("tj", 1): ("COVID-19 aid", ["COVID-19 aid"], ""),
    ("tj", 2): ("special vehicles and rescue equipment worth USD 6M", ["emergency response"], ""),
    ("tj", 3): ("information and communication equipment", ["police equipment"], ""),
    ("tj", 4): ("four border posts", ["border security"], ""),
    ("tj", 5): ("apartments", ["military housing"], ""),
    ("tj", 6): ("anti-drug-trafficking post", ["drug trafficking"], ""),
    ("tj", 7): ("police uniforms worth USD 150,000", ["police equipment"], ""),
    ("tj", 8): ("anti-terrorism equipment", ["terrorism"], ""),
    ("tj", 9): ("police equipment", ["police equipment"], ""),
    ("tj", 10): ("equipment worth 3M RMB", ["police equipment"], ""),
    ("tj", 11): ("police equipment worth 4.5M RMB", ["police equipment"], ""),
    ("tj", 12): ("medical equipment worth 3M RMB", ["medical equipment"], ""),
    ("tj", 13): ("USD 1.5m aid for Tajik military officers", ["military aid"], ""),
    ("tm", 1): ("QW-2 Vanguard 2 air-defence missiles", ["air defence"], ""),
    ("tm", 2): ("HQ-9 air-defence system", ["air defence"], ""),
}

# --------------------------------------------------------------------------------------
# Appendix 6 (in-China programmes): the table is transposed, one programme per column.
# --------------------------------------------------------------------------------------
A6_TRAINERS = {
    "Criminal Investigation Police University of China": "cn-cipuc",
    "People's Public Security University of China": "cn-ppsuc",
}
A6_ROWS = {
    # programme -> (label, topics, places of the field visits)
    1: (
        "in-China course on criminal investigation technology",
        ["criminal investigation", "terrorism", "law enforcement training"],
        ["place-shanghai", "place-beijing"],
    ),
    2: (
        "in-China course on cyber security and cyber crime",
        ["cyber security", "cyber crime", "law enforcement training"],
        ["place-shanghai", "place-wuhan"],
    ),
    3: (
        "in-China course on counter-narcotics work",
        ["drug trafficking", "law enforcement training"],
        ["place-shanghai", "place-beijing"],
    ),
}

# ======================================================================================
# Parsing
# ======================================================================================
TAG = re.compile(r"<[^>]+>")


def clean(cell: str) -> str:
    """Strip HTML tags, conversion escapes and outer spaces from a cell."""
    cell = TAG.sub("", cell).replace("\\$", "$").replace("\\", "")
    return re.sub(r"\s+", " ", cell).strip()


def parse_month(text: str) -> tuple[str, str]:
    """'Feburary 2019' -> ('2019-02', note about the typo or '')."""
    m = re.fullmatch(r"([A-Za-z]+) (\d{4})", text.strip())
    if not m:
        raise ValueError(f"unparsed date {text!r}")
    word = m.group(1).lower()
    note = ""
    if word in MONTH_TYPOS:
        note = f"date cell misspells the month ('{m.group(1)}')"
        word = MONTH_TYPOS[word]
    return f"{m.group(2)}-{MONTHS[word]:02d}", note


def find_line(lines: list[str], prefix: str, start: int = 0) -> int:
    for i in range(start, len(lines)):
        if lines[i].startswith(prefix):
            return i
    raise ValueError(f"heading not found: {prefix}")


def parse_tables(path: Path) -> dict[int, list[dict]]:
    """Rows per appendix: dicts with section, row (1-based in section), line, cells."""
    lines = path.read_text(encoding="utf-8").split("\n")
    heads = [find_line(lines, f"## APPENDIX {n}") for n in range(1, 7)]
    end = find_line(lines, "## ABOUT THE AUTHOR", heads[5])
    bounds = list(zip(heads, heads[1:] + [end]))
    out: dict[int, list[dict]] = {}
    for n, (a, b) in enumerate(bounds, 1):
        rows: list[dict] = []
        section = ""
        counter: Counter = Counter()
        for i in range(a + 1, b):
            raw = lines[i]
            if not raw.strip() or "\t" not in raw:
                continue  # blank page-break lines, headings, the reprint credit
            cells = [clean(c) for c in raw.split("\t")]
            first = cells[0].upper()
            head = first.split("-")[0]
            if n in (1, 3, 4, 5) and head in SECTION_STATE:
                section = SECTION_STATE[head]
                counter[section] += 0
                # appendix 3: "Turkmenistan<TAB>No public information available" is a header
                continue
            if n == 2 and first == "DATE":
                continue
            if cells[0].startswith("No public information"):
                continue
            if n == 6:
                rows.append({"section": "", "row": 0, "line": i + 1, "cells": cells})
                continue
            counter[section] += 1
            rows.append({"section": section, "row": counter[section], "line": i + 1, "cells": cells})
        out[n] = rows
    # appendix 6 is transposed: 4 lines (topic, trainer, specifics, field visits) x 3
    t = {r["cells"][0]: r for r in out[6]}
    progs = []
    first_line = min(r["line"] for r in out[6])
    last_line = max(r["line"] for r in out[6])
    for k in range(1, 4):
        progs.append(
            {
                "section": "",
                "row": k,
                "line": first_line,
                "end_line": last_line,
                "topic": t["Topics"]["cells"][k],
                "trainer": t["Delegated trainer"]["cells"][k],
                "visits": t["Field visits"]["cells"][k],
            }
        )
    out[6] = progs
    # Count check.
    got: Counter = Counter()
    for n, rows in out.items():
        for r in rows:
            got[(n, r["section"])] += 1
    for key, want in EXPECTED_ROWS.items():
        if got.get(key, 0) != want:
            raise SystemExit(
                f"row count mismatch for appendix {key}: parsed {got.get(key, 0)}, expected {want}"
            )
    extra = set(got) - set(EXPECTED_ROWS)
    if extra:
        raise SystemExit(f"unexpected sections: {sorted(extra)}")
    return out


# ======================================================================================
# Building the dataset
# ======================================================================================
def slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'", "")).split()
    return "-".join(w for w in words if w not in {"of", "the", "to"})


def locator(n: int, section: str, row: int, line: int) -> str:
    if n == 6:
        return f"appendix 6, programme {row} (lines {line}-{line + 3})"
    if not section:
        return f"appendix {n}, row {row} (line {line})"
    return f"appendix {n}, {STATES[section][0]}, row {row} (line {line})"


class Builder:
    def __init__(self) -> None:
        self.actors: OrderedDict[str, dict] = OrderedDict()
        self.places: OrderedDict[str, dict] = OrderedDict()
        self.topics: OrderedDict[str, dict] = OrderedDict()
        self.events: list[dict] = []
        self.rels: list[dict] = []
        self.cites: dict[str, list[str]] = {}
        self.cite_apps: dict[str, set[int]] = {}
        self.aliases: dict[str, list[str]] = {}

    # ---- citations: the first row where a node appears, in each appendix
    def cite(self, node_id: str, loc: str) -> None:
        app = int(loc.split(",")[0].split()[1])
        seen = self.cite_apps.setdefault(node_id, set())
        if app not in seen:
            seen.add(app)
            self.cites.setdefault(node_id, []).append(loc)

    def alias(self, node_id: str, text: str) -> None:
        lst = self.aliases.setdefault(node_id, [])
        if text and text not in lst and text not in NOT_ALIASES:
            lst.append(text)

    def rel(self, frm: str, type_: str, to: str, loc: str, role: str = "", note: str = "") -> None:
        self.rels.append(
            {
                "from": frm,
                "type": type_,
                "to": to,
                "role": role,
                "since": "",
                "note": note,
                "source": SRC,
                "locator": loc,
            }
        )

    # ---- actors
    def state(self, sid: str, loc: str) -> str:
        if sid not in self.actors:
            name, _adj, aliases = STATES[sid]
            self.actors[sid] = {"id": sid, "name": name, "kind": "state", "note": ""}
            for a in aliases:
                self.alias(sid, a)
        self.cite(sid, loc)
        return sid

    def actor(self, aid: str, loc: str) -> str:
        """Ensure an actor (and its parents) exists; cite it at loc."""
        if aid in STATES:
            return self.state(aid, loc)
        if aid not in self.actors:
            if aid in ACTORS:
                name, kind, parent, note = ACTORS[aid]
            else:
                st, _, suffix = aid.partition("-")
                if st not in STATES or suffix not in CA_GENERIC:
                    raise KeyError(f"unknown actor id {aid}")
                gname, kind, psuffix = CA_GENERIC[suffix]
                name, note = f"{gname} ({STATES[st][0]})", ""
                parent = f"{st}-{psuffix}" if psuffix else st
            self.actors[aid] = {"id": aid, "name": name, "kind": kind, "note": note}
            for a in EXTRA_ALIASES.get(aid, []):
                self.alias(aid, a)
            if parent:
                self.actor(parent, loc)
                self.rel(aid, "PART_OF", parent, loc)
            if aid in ACTOR_LOCATED_IN:
                where = ACTOR_LOCATED_IN[aid]
                (self.place if where.startswith("place-") else self.actor)(where, loc)
                self.rel(aid, "LOCATED_IN", where, loc)
        self.cite(aid, loc)
        return aid

    def office(self, side: str, title: str, parent: str, loc: str) -> str:
        oid = f"{side}-office-{OFFICE_SLUG.get(title) or slug(title)}"
        if oid not in self.actors:
            state = STATES[side][0]
            default = (
                f"{title} ({state})"
                if any(re.search(rf"\b{w}\b", title) for w in BODY_WORDS)
                else f"{title} of {state}"
            )
            name = OFFICE_NAME_OVERRIDE.get(oid, default)
            self.actors[oid] = {"id": oid, "name": name, "kind": "office", "note": ""}
            self.actor(parent, loc)
            self.rel(oid, "PART_OF", parent, loc)
        self.cite(oid, loc)
        return oid

    def ca_office(self, st: str, raw: str, loc: str) -> tuple[str, str]:
        canon, note = CA_RAW.get(raw, (raw, ""))
        if canon in CA_NON_OFFICE:
            aid = self.actor(CA_NON_OFFICE[canon], loc)
            self.alias(aid, raw)
            return aid, note
        if canon not in CA_OFFICES:
            raise KeyError(f"unmapped Central Asian office {raw!r}")
        psuffix = CA_OFFICES[canon]
        parent = f"{st}-{psuffix}" if psuffix else st
        oid = self.office(st, canon, parent, loc)
        self.alias(oid, raw)
        return oid, note

    def cn_party(self, raw: str, loc: str) -> list[str]:
        if raw in CN_NON_OFFICE:
            aid = self.actor(CN_NON_OFFICE[raw], loc)
            self.alias(aid, raw)
            return [aid]
        out = []
        for canon in CN_RAW.get(raw, [raw]):
            if canon not in CN_OFFICES:
                raise KeyError(f"unmapped China-side office {raw!r}")
            oid = self.office("cn", canon, CN_OFFICES[canon], loc)
            if len(CN_RAW.get(raw, [])) <= 1:
                self.alias(oid, raw)
            out.append(oid)
        return out

    # ---- places and topics
    def place(self, pid: str, loc: str) -> str:
        if pid in STATES:
            return self.state(pid, loc)
        if pid not in self.places:
            name, kind, located, aliases = PLACES[pid]
            self.places[pid] = {"id": pid, "name": name, "kind": kind, "note": ""}
            for a in aliases:
                self.alias(pid, a)
            for where in located:
                (self.place if where.startswith("place-") else self.state)(where, loc)
                self.rel(pid, "LOCATED_IN", where, loc)
        self.cite(pid, loc)
        return pid

    def topic(self, tag: str, loc: str) -> str:
        tid = "topic-" + slug(tag)
        if tid not in self.topics:
            self.topics[tid] = {"id": tid, "name": tag, "note": TOPIC_NOTES.get(tag, "")}
        self.cite(tid, loc)
        return tid

    def event(
        self,
        eid: str,
        name: str,
        kind: str,
        loc: str,
        date: str = "",
        size: str = "",
        size_note: str = "",
        summary: str = "",
        note: str = "",
    ) -> str:
        # The row is the first citation; passages naming the event (EVENT_NAMES) follow.
        named = EVENT_NAMES.get(eid, [])
        self.events.append(
            {
                "id": eid,
                "name": name,
                "kind": kind,
                "date": date,
                "end_date": "",
                "size": size,
                "size_note": size_note,
                "summary": summary,
                "aliases": ";".join(a for _doc, _loc, names in named for a in names),
                "note": note,
                "source": ";".join([SRC] + [doc for doc, _loc, _names in named]),
                "locator": ";".join([loc] + [nloc for _doc, nloc, _names in named]),
            }
        )
        return eid

    def concerns(self, eid: str, tags: list[str], loc: str) -> None:
        seen = []
        for tag in tags:
            tid = self.topic(tag, loc)
            if tid not in seen:
                seen.append(tid)
                self.rel(eid, "CONCERNS", tid, loc)


def month_label(date: str) -> str:
    y, m = date.split("-")
    abbr = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return f"{abbr[int(m) - 1]} {y}"


def size_fields(cell: str) -> tuple[str, str]:
    """Size cell -> (size, size_note). 'Unknown'/blank -> both blank."""
    cell = cell.strip()
    if not cell or cell.lower() == "unknown":
        return "", ""
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d+", cell):
        return cell.replace(",", ""), ""
    m = re.match(r"^(\d+) \(", cell)
    return (m.group(1) if m else ""), cell


def build(tables: dict[int, list[dict]]) -> Builder:
    b = Builder()
    b.state("cn", "appendix 1, Kyrgyzstan, row 1 (line 740)")

    # ---------------- appendix 1: meetings
    for r in tables[1]:
        st, k, line = r["section"], r["row"], r["line"]
        loc = locator(1, st, k, line)
        ca_raw, cn_raw, date_raw, agenda = (r["cells"] + ["", "", "", ""])[:4]
        date, dnote = parse_month(date_raw)
        b.state(st, loc)
        ca_id, ca_note = b.ca_office(st, ca_raw, loc)
        cn_ids = b.cn_party(cn_raw, loc)
        tags: list[str] = []
        for phrase in [p.strip() for p in agenda.split(",") if p.strip()]:
            key = phrase.lower()
            if key not in AGENDA_TOPICS:
                raise KeyError(f"unmapped agenda phrase {phrase!r} ({loc})")
            tags += [t for t in AGENDA_TOPICS[key] if t not in tags]
        ca_title = CA_RAW.get(ca_raw, (ca_raw, ""))[0]
        cn_title = " and ".join(CN_RAW.get(cn_raw, [cn_raw]))
        eid = f"fpri-a1-{st}-{k:02d}"
        name = f"{STATES[st][0]}-China meeting: {ca_title} / {cn_title} ({month_label(date)})"
        summary = ("security talks: " + "; ".join(tags)) if tags else "security meeting, agenda not given"
        b.event(eid, name, "meeting", loc, date=date, summary=summary, note=dnote)
        b.rel(ca_id, "PARTICIPATED_IN", eid, loc, "participant", ca_note)
        for cid in cn_ids:
            b.rel(cid, "PARTICIPATED_IN", eid, loc, "participant")
        b.concerns(eid, tags, loc)

    # ---------------- appendix 2: SCO exercises
    for r in tables[2]:
        k, line = r["row"], r["line"]
        loc = locator(2, "", k, line)
        date, states_cell, where, size_cell, _agenda = (r["cells"] + [""] * 5)[:5]
        pid = b.place(A2_LOCATIONS[where], loc)
        host = PLACES[pid][2][0]
        size, size_note = size_fields(size_cell)
        summary, tags, note = A2_ROWS[k]
        eid = f"fpri-a2-{k:02d}"
        name = f"SCO joint exercise, {PLACES[pid][0]}, {date}"
        if not states_cell:
            note = "; ".join(x for x in [note, "participants cell blank"] if x)
        b.event(
            eid, name, "exercise", loc, date=date, size=size, size_note=size_note, summary=summary, note=note
        )
        b.rel(eid, "HELD_IN", pid, loc)
        names = [s.strip() for s in states_cell.split(",") if s.strip()]
        for s in names:
            sid = b.state(STATE_BY_NAME[s], loc)
            b.rel(sid, "PARTICIPATED_IN", eid, loc, "participant")
        if names:
            if STATES[host][0] not in names:
                raise SystemExit(f"host {host} not among participants at {loc}")
            b.rel(host, "PARTICIPATED_IN", eid, loc, "host")
        b.concerns(eid, tags, loc)

    # ---------------- appendix 3: bilateral exercises
    for r in tables[3]:
        st, k, line = r["section"], r["row"], r["line"]
        loc = locator(3, st, k, line)
        ca_unit, cn_unit, date_raw, where, size_cell, _agenda = (r["cells"] + [""] * 6)[:6]
        date, dnote = parse_month(date_raw)
        b.state(st, loc)
        ca_id = A3_SPECIAL_UNITS.get((st, ca_unit)) or f"{st}-{A3_CA_UNITS[ca_unit]}"
        cn_id = A3_SPECIAL_UNITS[("cn", cn_unit)]
        b.actor(ca_id, loc)
        b.actor(cn_id, loc)
        b.alias(ca_id, ca_unit)
        b.alias(cn_id, cn_unit)
        pid = BORDER_PLACE[st] if where == "Border" else A3_LOCATIONS[where]
        b.place(pid, loc)
        size, size_note = size_fields(size_cell)
        summary, tags = A3_ROWS[(st, k)]
        eid = f"fpri-a3-{st}-{k:02d}"
        name = f"{STATES[st][0]}-China joint exercise, {PLACES[pid][0]} ({month_label(date)})"
        b.event(
            eid, name, "exercise", loc, date=date, size=size, size_note=size_note, summary=summary, note=dnote
        )
        b.rel(eid, "HELD_IN", pid, loc)
        b.rel(ca_id, "PARTICIPATED_IN", eid, loc, "participant")
        b.rel(cn_id, "PARTICIPATED_IN", eid, loc, "participant")
        located = PLACES[pid][2]
        if len(located) == 1 and located[0] in STATES:
            b.rel(located[0], "PARTICIPATED_IN", eid, loc, "host")
        b.concerns(eid, tags, loc)

    # ---------------- appendix 4: training, exchange, joint operations
    for r in tables[4]:
        st, k, line = r["section"], r["row"], r["line"]
        loc = locator(4, st, k, line)
        text, typ, date_raw = (r["cells"] + ["", "", ""])[:3]
        date, dnote = parse_month(date_raw)
        kind = A4_KIND[typ]
        b.state(st, loc)
        spec = a4_spec(st, text)
        for oid, (side, title) in A4_OFFICES.items():
            if any(oid in ids for ids in spec["roles"].values()):
                parent = f"{side}-{CA_OFFICES[title]}"
                b.office(side, title, parent, loc)
                b.alias(oid, title)
        eid = f"fpri-a4-{st}-{k:02d}"
        name = f"{STATES[st][0]}-China {kind}: {spec['label']} ({month_label(date)})"
        note = "; ".join(x for x in [spec.get("note", ""), dnote] if x)
        b.event(
            eid,
            name,
            kind,
            loc,
            date=date,
            size=spec.get("size", ""),
            size_note=spec.get("size_note", ""),
            summary=spec["label"],
            note=note,
        )
        for role, ids in spec["roles"].items():
            for aid in ids:
                if "-office-" in aid:
                    if aid not in b.actors:  # offices are made from appendix 1 or A4_OFFICES
                        raise KeyError(f"office {aid} not defined ({loc})")
                    b.cite(aid, loc)
                else:
                    b.actor(aid, loc)
                b.rel(aid, "PARTICIPATED_IN", eid, loc, role)
        for aid, text_alias in spec.get("aliases", {}).items():
            b.alias(aid, text_alias)
        for where in spec["held_in"]:
            (b.place if where.startswith("place-") else b.state)(where, loc)
            b.rel(eid, "HELD_IN", where, loc)
        for target, what in spec.get("related", []):
            b.actor(target, loc)
            b.rel(eid, "RELATED_TO", target, loc, what)
        b.concerns(eid, spec["topics"], loc)

    # ---------------- appendix 5: transfers
    for r in tables[5]:
        st, k, line = r["section"], r["row"], r["line"]
        loc = locator(5, st, k, line)
        ca_cell, cn_cell, date_raw, type_cell = (r["cells"] + ["", "", "", ""])[:4]
        date, dnote = parse_month(date_raw)
        b.state(st, loc)
        label, tags, note = A5_ROWS[(st, k)]
        purchase = type_cell.lower().startswith("purchase")
        notes = [note, dnote]
        eid = f"fpri-a5-{st}-{k:02d}"
        name = f"{STATES[st][0]}-China transfer: {label} ({month_label(date)})"
        # Central Asian side: the recipient. "Unknown" -> the recipient body is unknown,
        # but the table's column says it is a body of the section's state: link the state,
        # with a note. China side "Unknown"/blank -> no relation (no guess).
        if ca_cell and ca_cell != "Unknown":
            rid = A5_SPECIAL.get((st, ca_cell)) or f"{st}-{A5_CA_GENERIC[ca_cell]}"
            b.actor(rid, loc)
            b.alias(rid, ca_cell)
            rnote = ""
        else:
            rid = st
            rnote = "recipient body not stated (cell: Unknown); state from the table's column"
            notes.append(f"{STATES[st][1]} recipient body not named")
        if cn_cell and cn_cell != "Unknown":
            did = A5_SPECIAL[("cn", cn_cell)]
            if did == "cn-office-ambassador-kyrgyzstan":
                b.office("cn", "Ambassador to Kyrgyzstan", CN_OFFICES["Ambassador to Kyrgyzstan"], loc)
            else:
                b.actor(did, loc)
            b.alias(did, cn_cell)
        else:
            did = ""
            notes.append("Chinese side not named")
        b.event(eid, name, "transfer", loc, date=date, summary=label, note="; ".join(x for x in notes if x))
        b.rel(rid, "PARTICIPATED_IN", eid, loc, "recipient", rnote)
        if did:
            b.rel(did, "PARTICIPATED_IN", eid, loc, "supplier" if purchase else "donor")
        b.concerns(eid, tags, loc)

    # ---------------- appendix 6: in-China programmes
    for p in tables[6]:
        k = p["row"]
        loc = locator(6, "", k, p["line"])
        label, tags, visit_places = A6_ROWS[k]
        tid = b.actor(A6_TRAINERS[p["trainer"]], loc)
        b.alias(tid, p["trainer"])
        eid = f"fpri-a6-{k:02d}"
        b.event(
            eid,
            f"In-China training programme: {p['topic']}",
            "training",
            loc,
            summary=label,
            note="for Central Asian officials; trainee states and dates not given",
        )
        b.rel(tid, "PARTICIPATED_IN", eid, loc, "trainer")
        b.state("cn", loc)
        b.rel(eid, "HELD_IN", "cn", loc)
        for pid in visit_places:
            b.place(pid, loc)
            b.rel(eid, "HELD_IN", pid, loc, "field visits")
        b.concerns(eid, tags, loc)
        if k in (1, 3):  # both list the MPS institute No.1 in Beijing among their field visits
            b.actor("cn-mps-institute-1", loc)
            b.rel(eid, "RELATED_TO", "cn-mps-institute-1", loc, "field visit")
    return b


MPS_PROG = re.compile(r"^PRC (?:(?P<mps>MPS) )?(?:training program for|trained) (?P<what>.+)$")


def a4_spec(st: str, text: str) -> dict:
    """The reading of one appendix 4 row: explicit table first, then the patterns."""
    if text in A4_ROWS:
        spec = dict(A4_ROWS[text])
        spec.setdefault("held_in", [])
        return spec
    adj = STATES[st][1]
    if text == "Joint patrol along the border":
        return {
            "label": "joint border patrol",
            "roles": {"participant": [st, "cn"]},
            "held_in": [BORDER_PLACE[st]],
            "topics": ["border security"],
        }
    m = MPS_PROG.match(text)
    if not m:
        raise KeyError(f"unread appendix 4 row {text!r}")
    trainer = "cn-mps" if m.group("mps") else "cn"
    what = m.group("what")
    topics = ["law enforcement training"]
    if what == f"{adj} MIA":
        trainee, dept = f"{st}-mia", ""
    elif what.endswith(f" of {adj} MIA"):
        trainee, dept = f"{st}-mia", what[: -len(f" of {adj} MIA")]
    elif what in A4_TRAINEES:
        trainee, dept = A4_TRAINEES[what], ""
    else:
        raise KeyError(f"unread appendix 4 trainee {what!r}")
    topics += A4_DEPT_TOPICS.get(dept, [])
    who = {"cn-mps": "MPS", "cn": "Chinese"}[trainer]
    target = {f"{st}-mia": f"{adj} interior ministry"}.get(trainee, what)
    label = f"{who} course for {target}" + (f": {dept}" if dept else "")
    note = "" if trainer == "cn-mps" else "the Chinese trainer body is not named"
    return {
        "label": label,
        "roles": {"trainer": [trainer], "trainee": [trainee]},
        "held_in": [],
        "topics": topics,
        "note": note,
    }


# ======================================================================================
# Output and checks
# ======================================================================================
NODE_COLUMNS = {
    "actors": ["id", "name", "kind", "aliases", "note", "source", "locator"],
    "places": ["id", "name", "kind", "aliases", "note", "source", "locator"],
    "topics": ["id", "name", "aliases", "note", "source", "locator"],
    "events": [
        "id",
        "name",
        "kind",
        "date",
        "end_date",
        "size",
        "size_note",
        "summary",
        "aliases",
        "note",
        "source",
        "locator",
    ],
}
REL_COLUMNS = ["from", "type", "to", "role", "since", "note", "source", "locator"]
SOURCE_COLUMNS = ["id", "title", "publisher", "date", "kind", "file"]


def node_rows(b: Builder, table: OrderedDict) -> list[dict]:
    rows = []
    for nid, row in table.items():
        locs = b.cites[nid]
        names = {row["name"]}
        aliases = [a for a in b.aliases.get(nid, []) if a not in names]
        rows.append(
            {
                **row,
                "aliases": ";".join(aliases),
                "source": ";".join([SRC] * len(locs)),
                "locator": ";".join(locs),
            }
        )
    return rows


def dedupe(rels: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in rels:
        key = (r["from"], r["type"], r["to"], r["role"], r["locator"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n", extrasaction="raise")
        w.writeheader()
        for row in rows:
            w.writerow({c: row.get(c, "") for c in columns})


def self_check(files: dict[str, tuple[list[str], list[dict]]]) -> None:
    """A quick validator, used until graphtool's own one is available."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from graphtool.model import KINDS, REL_TYPES  # noqa: PLC0415

    label_of: dict[str, str] = {}
    stems = {"actors": "Actor", "places": "Place", "topics": "Topic", "events": "Event"}
    problems = []
    for stem, label in stems.items():
        for row in files[stem][1]:
            if row["id"] in label_of:
                problems.append(f"duplicate id {row['id']}")
            label_of[row["id"]] = label
            if KINDS[label] is not None and row["kind"] not in KINDS[label]:
                problems.append(f"{row['id']}: bad kind {row['kind']}")
            if not row["source"] or len(row["source"].split(";")) != len(row["locator"].split(";")):
                problems.append(f"{row['id']}: citation lists")
            if row["name"].strip().lower() == "unknown":
                problems.append(f"{row['id']}: named Unknown")
            if not re.fullmatch(r"[a-z0-9][a-z0-9_.:\-]*", row["id"]):
                problems.append(f"{row['id']}: bad id")
    for r in files["relations"][1]:
        t = REL_TYPES.get(r["type"])
        if t is None:
            problems.append(f"bad type {r['type']}")
            continue
        for end, allowed in ((r["from"], t.start), (r["to"], t.end)):
            if end not in label_of:
                problems.append(f"missing end {end} in {r}")
            elif label_of[end] not in allowed:
                problems.append(f"{end} ({label_of[end]}) not allowed for {t.name}")
        if t.roles is not None and r["role"] and r["role"] not in t.roles:
            problems.append(f"bad role {r['role']} for {t.name}")
    if problems:
        raise SystemExit("self-check failed:\n" + "\n".join(problems[:50]))


def check_event_names(src: Path, b: Builder) -> None:
    """Each EVENT_NAMES name must occur verbatim in the lines it cites (in the document's
    text file, beside SOURCE_TEXT), belong to an event of the tables, and name no other
    node of these files."""
    files = {s["id"]: src.parent / s["file"] for s in SOURCES}
    events = {e["id"] for e in b.events}
    taken: dict[str, str] = {}
    for nid, row in [*b.actors.items(), *b.places.items(), *b.topics.items()]:
        for text in [row["name"], *b.aliases.get(nid, [])]:
            taken[text.casefold()] = nid
    for e in b.events:
        taken.setdefault(e["name"].casefold(), e["id"])
    problems = []
    for eid, passages in EVENT_NAMES.items():
        if eid not in events:
            problems.append(f"EVENT_NAMES: no event {eid}")
        for doc, loc, names in passages:
            if doc not in files or not files[doc].is_file():
                problems.append(f"{eid}: text of {doc} not found (expected {files.get(doc)})")
                continue
            m = re.fullmatch(r"lines? (\d+)(?:-(\d+))?", loc)
            if not m:
                problems.append(f"{eid}: bad locator {loc!r}")
                continue
            first, last = int(m.group(1)), int(m.group(2) or m.group(1))
            text = "\n".join(files[doc].read_text(encoding="utf-8").split("\n")[first - 1 : last])
            for name in names:
                if name not in text:
                    problems.append(f"{eid}: {name!r} not in {doc} {loc}")
                if taken.setdefault(name.casefold(), eid) != eid:
                    problems.append(f"{eid}: {name!r} already names {taken[name.casefold()]}")
    if problems:
        raise SystemExit("EVENT_NAMES check failed:\n" + "\n".join(problems))


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    src = Path(argv[1])
    out = Path(argv[2]) if len(argv) > 2 else Path(__file__).resolve().parents[1] / "import"
    tables = parse_tables(src)
    b = build(tables)
    check_event_names(src, b)
    files = {
        "actors": (NODE_COLUMNS["actors"], node_rows(b, b.actors)),
        "places": (NODE_COLUMNS["places"], node_rows(b, b.places)),
        "topics": (NODE_COLUMNS["topics"], node_rows(b, b.topics)),
        "events": (NODE_COLUMNS["events"], b.events),
        "relations": (REL_COLUMNS, dedupe(b.rels)),
    }
    self_check(files)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "sources.csv", SOURCE_COLUMNS, SOURCES)
    write_csv(out / "actors.csv", *files["actors"])
    write_csv(out / "places.csv", *files["places"])
    write_csv(out / "topics.csv", *files["topics"])
    write_csv(out / "events-fpri-appendix.csv", *files["events"])
    write_csv(out / "relations-fpri-appendix.csv", *files["relations"])
    counts = Counter(e["id"].split("-")[1] for e in b.events)
    print(
        f"events {len(b.events)} {dict(sorted(counts.items()))}; actors {len(b.actors)}; "
        f"places {len(b.places)}; topics {len(b.topics)}; relations {len(files['relations'][1])}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
