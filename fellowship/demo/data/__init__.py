"""The demo program's data: a fictional two-year fellowship in biomedical informatics.

Every person, laboratory and institution here is invented; any likeness is chance.
`demo.py` loads these literals; it keys each record on its natural key, so editing a
description here and reloading updates the record instead of adding another.

Dates are fixed data (ISO strings). The demo reads as if today were late November 2026:
the 2023 and 2024 cohorts have completed, 2025 is in its second year, 2026 in its first,
and 2027 is incoming.
"""

DEMO_PASSWORD = "demo-password"

PROGRAM = {
    "slug": "informatics-training",
    "name": "Informatics Research Training",
    "grant_number": "T15LM014421",
    "description": (
        "Informatics Research Training is a two-year postdoctoral fellowship in biomedical "
        "informatics. Each fellow is placed, according to the research interests they "
        "express when they apply, in one of the program's research laboratories. The "
        "laboratories are spread across a medical school, several teaching hospitals, a "
        "school of public health and a university computer-science laboratory, so fellows "
        "work beside clinicians, statisticians and computer scientists on real clinical, "
        "genomic and population data.\n\n"
        "After a brief orientation, fellows write their own research plan with their "
        "mentor and carry it out over the two years. Alongside their research they complete "
        "a Master of Medical Sciences (MMSc) in Biomedical Informatics: required and "
        "elective courses, mentored research, and a Master's thesis that they defend before "
        "a faculty committee.\n\n"
        "In the final year each fellow, with a faculty mentor, prepares a K99/R00 or similar "
        "mentored research grant application, the first step toward an independent research "
        "career. Our alumni lead research groups in academic medicine, government, nonprofit "
        "research institutes and industry."
    ),
}

# The demo accounts: who logs in, as what, and what they see. Faculty and fellow accounts
# are linked to the faculty member and fellow below that have the same email.
DEMO_ACCOUNTS = [
    {
        "email": "director@example.org",
        "full_name": "Dr. Eleanor Whitcombe",
        "role": "director",
        "sees": "program director: program dashboard, every record, program settings",
    },
    {
        "email": "coordinator@example.org",
        "full_name": "Dana Pruitt",
        "role": "coordinator",
        "sees": "program coordinator: program dashboard, every record, CSV import",
    },
    {
        "email": "mentor@example.org",
        "full_name": "Dr. Miriam Castellano",
        "role": "faculty",
        "sees": "faculty mentor (Miriam Castellano): her mentees, labs and faculty",
    },
    {
        "email": "fellow@example.org",
        "full_name": "Jordan Baptiste",
        "role": "fellow",
        "sees": "fellow (Jordan Baptiste, second year): program at a glance, own record",
    },
]

# -- Topics: the program's controlled vocabulary of research areas ---------------------------

CLINICAL = "Clinical informatics"
GENOMICS = "Bioinformatics and genomics"
IMAGING = "Imaging informatics"
POPULATION = "Population health informatics"
NLP = "Natural language processing"
ML = "Machine learning in medicine"
CONSUMER = "Consumer health informatics"
TRANSLATIONAL = "Translational bioinformatics"
DECISION_SUPPORT = "Clinical decision support"
PRIVACY = "Privacy and data sharing"

TOPICS = [
    CLINICAL,
    GENOMICS,
    IMAGING,
    POPULATION,
    NLP,
    ML,
    CONSUMER,
    TRANSLATIONAL,
    DECISION_SUPPORT,
    PRIVACY,
]

# -- Institutions: (short name, name, kind, city, website) -----------------------------------

INSTITUTIONS = [
    ("CMS", "Commonwealth Medical School", "medical_school", "Boston, MA",
     "https://example.org/cms"),
    ("BGH", "Bayside General Hospital", "hospital", "Boston, MA",
     "https://example.org/bayside-general"),
    ("LCH", "Linden Children's Hospital", "hospital", "Boston, MA",
     "https://example.org/linden-childrens"),
    ("MHW", "Marlowe Hospital for Women", "hospital", "Boston, MA",
     "https://example.org/marlowe-womens"),
    ("NGCI", "Northgate Cancer Institute", "hospital", "Boston, MA",
     "https://example.org/northgate-cancer"),
    ("EEI", "Eastbrook Eye and Ear Infirmary", "hospital", "Boston, MA",
     "https://example.org/eastbrook-eye-ear"),
    ("RVA", "Riverbend VA Healthcare System", "hospital", "West Roxford, MA",
     "https://example.org/riverbend-va"),
    ("CSPH", "Commonwealth School of Public Health", "public_health", "Boston, MA",
     "https://example.org/cs-public-health"),
    ("CUCL", "Commonwealth University Computing Laboratory", "university_lab",
     "Cambridge, MA", "https://example.org/cu-computing"),
]  # fmt: skip

# -- Laboratories: each headed by a faculty member below (by email) --------------------------

LABORATORIES = [
    {
        "name": "Computational Phenomics Lab",
        "institution": "CMS",
        "head": "arthur.lindqvist@example.org",
        "topics": [CLINICAL, TRANSLATIONAL],
        "capacity": 2,
        "description": (
            "We turn the electronic health records of millions of patients into precise "
            "phenotypes for research. Current projects learn disease definitions from few "
            "labelled charts, link phenotypes to biobank genotypes, and measure how "
            "phenotype errors bias downstream association studies."
        ),
    },
    {
        "name": "Genome Interpretation Lab",
        "institution": "CMS",
        "head": "naomi.feldstein@example.org",
        "topics": [GENOMICS, TRANSLATIONAL],
        "capacity": 2,
        "description": (
            "The lab builds methods and software to interpret genetic variants found in "
            "clinical sequencing. Fellows work on variant classification, reanalysis of "
            "unsolved exomes and the reporting of results to clinicians and families."
        ),
    },
    {
        "name": "Health Data Privacy Lab",
        "institution": "CMS",
        "head": "tobias.renner@example.org",
        "topics": [PRIVACY, POPULATION],
        "capacity": 1,
        "description": (
            "How can hospitals share data for research without exposing their patients? We "
            "study re-identification risk, synthetic data, federated analysis and the "
            "governance that lets institutions pool records safely."
        ),
    },
    {
        "name": "Biomedical Knowledge Graph Lab",
        "institution": "CMS",
        "head": "leila.haddad@example.org",
        "topics": [ML, TRANSLATIONAL],
        "capacity": 2,
        "description": (
            "We assemble knowledge graphs from the literature, drug databases and patient "
            "data, and learn from them to propose drug repurposing candidates and "
            "mechanisms of adverse drug events that clinicians can check."
        ),
    },
    {
        "name": "Clinical Language Understanding Lab",
        "institution": "BGH",
        "head": "mentor@example.org",
        "topics": [NLP, CLINICAL],
        "capacity": 2,
        "description": (
            "Most of what clinicians know about a patient is written in notes. The lab "
            "develops language models that read clinical notes, radiology reports and "
            "patient messages, evaluates them carefully against expert annotation, and "
            "puts the useful ones to work in the hospital."
        ),
    },
    {
        "name": "Clinical Computing Laboratory",
        "institution": "BGH",
        "head": "robert.aldana@example.org",
        "topics": [CLINICAL, DECISION_SUPPORT],
        "capacity": 2,
        "description": (
            "One of the oldest hospital informatics groups in the region, the laboratory "
            "designs and studies the clinical systems used on the wards: order entry, "
            "alerts, handoff tools and the data warehouse behind them."
        ),
    },
    {
        "name": "Medical Imaging Analytics Lab",
        "institution": "BGH",
        "head": "daniel.oyelaran@example.org",
        "topics": [IMAGING, ML],
        "capacity": 2,
        "description": (
            "We develop deep-learning methods for CT, MRI and chest radiographs, with a "
            "focus on robustness across scanners and hospitals and on prospective "
            "evaluation alongside radiologists."
        ),
    },
    {
        "name": "Cardiovascular Data Science Lab",
        "institution": "BGH",
        "head": "sarah.whitlock@example.org",
        "topics": [ML, POPULATION],
        "capacity": 1,
        "description": (
            "The lab combines electrocardiograms, echocardiograms and health records to "
            "predict heart failure and arrhythmia earlier, and studies whether these "
            "predictions change treatment and outcomes."
        ),
    },
    {
        "name": "Pediatric Predictive Medicine Lab",
        "institution": "LCH",
        "head": "grace.abernathy@example.org",
        "topics": [ML, DECISION_SUPPORT],
        "capacity": 1,
        "description": (
            "We build and deploy early-warning models for children in hospital, from "
            "sepsis in the neonatal unit to deterioration on the wards, and study how "
            "nurses and physicians respond to them."
        ),
    },
    {
        "name": "Children's Genomic Medicine Lab",
        "institution": "LCH",
        "head": "rafael.montoya@example.org",
        "topics": [GENOMICS, TRANSLATIONAL],
        "capacity": 2,
        "description": (
            "Rapid genome sequencing for critically ill infants: the lab develops the "
            "pipelines, phenotype matching and decision tools that shorten the time from "
            "sample to diagnosis."
        ),
    },
    {
        "name": "Family Health Technology Lab",
        "institution": "LCH",
        "head": "hannah.lisowski@example.org",
        "topics": [CONSUMER],
        "capacity": 1,
        "description": (
            "We design apps and patient-portal features with families of children with "
            "chronic illness, and test whether they help parents manage medications, "
            "appointments and communication with the care team."
        ),
    },
    {
        "name": "Decision Support Engineering Lab",
        "institution": "MHW",
        "head": "victor.amankwah@example.org",
        "topics": [DECISION_SUPPORT, CLINICAL],
        "capacity": 2,
        "description": (
            "The lab engineers clinical decision support that clinicians actually use: "
            "computable guidelines, interoperable services and careful trials of alerts "
            "and order sets within the health record."
        ),
    },
    {
        "name": "Maternal Health Informatics Lab",
        "institution": "MHW",
        "head": "priya.raghunathan@example.org",
        "topics": [POPULATION, ML],
        "capacity": 1,
        "description": (
            "We study pregnancy and the postpartum year with linked health-record, claims "
            "and registry data, predicting complications such as preeclampsia and "
            "postpartum hemorrhage and measuring inequities in maternal care."
        ),
    },
    {
        "name": "Patient Safety Informatics Lab",
        "institution": "MHW",
        "head": "evelyn.strand@example.org",
        "topics": [CLINICAL, DECISION_SUPPORT],
        "capacity": 1,
        "description": (
            "We detect adverse events and medication errors in health-record data, "
            "understand how they arise, and design electronic interventions that prevent "
            "them."
        ),
    },
    {
        "name": "Computational Oncology Lab",
        "institution": "NGCI",
        "head": "marcus.delacroix@example.org",
        "topics": [GENOMICS, ML],
        "capacity": 2,
        "description": (
            "The lab models tumour evolution and drug response from bulk and single-cell "
            "sequencing, and links molecular profiles to treatment histories in the "
            "institute's clinical data."
        ),
    },
    {
        "name": "Cancer Imaging Informatics Lab",
        "institution": "NGCI",
        "head": "ingrid.solberg@example.org",
        "topics": [IMAGING, NLP],
        "capacity": 1,
        "description": (
            "We measure tumour response from serial imaging and reports, combining "
            "automated segmentation with language models that read radiology reports, to "
            "give trials and clinics consistent response assessments."
        ),
    },
    {
        "name": "Ophthalmic Image Analysis Lab",
        "institution": "EEI",
        "head": "omar.rashidi@example.org",
        "topics": [IMAGING, ML],
        "capacity": 1,
        "description": (
            "Retinal photographs and optical coherence tomography carry signs of eye and "
            "systemic disease. We build models that screen for diabetic retinopathy and "
            "glaucoma and study their use in primary care."
        ),
    },
    {
        "name": "Hearing and Speech Signal Lab",
        "institution": "EEI",
        "head": "claire.dunmore@example.org",
        "topics": [ML, CONSUMER],
        "capacity": 1,
        "description": (
            "The lab analyses audiograms, voice recordings and hearing-aid logs to detect "
            "hearing loss and voice disorders early, including through consumer devices "
            "patients already own."
        ),
    },
    {
        "name": "Veterans Health Data Lab",
        "institution": "RVA",
        "head": "thomas.kerrigan@example.org",
        "topics": [POPULATION, CLINICAL],
        "capacity": 2,
        "description": (
            "Working with one of the largest integrated health-record systems in the "
            "country, the lab studies chronic disease, suicide prevention and access to "
            "care among veterans, and builds the data tools that make such studies "
            "reproducible."
        ),
    },
    {
        "name": "Clinical Text Analytics Lab",
        "institution": "RVA",
        "head": "beatriz.navarro@example.org",
        "topics": [NLP, PRIVACY],
        "capacity": 1,
        "description": (
            "We de-identify and mine clinical text at scale, with methods that keep "
            "patient privacy while extracting social determinants of health, symptoms and "
            "outcomes from notes."
        ),
    },
    {
        "name": "Causal Inference and Health Data Lab",
        "institution": "CSPH",
        "head": "jonathan.whitaker@example.org",
        "topics": [POPULATION, ML],
        "capacity": 2,
        "description": (
            "The lab develops methods to estimate the effects of treatments and policies "
            "from observational health data, emulating target trials in health records "
            "and claims and testing how far the answers can be trusted."
        ),
    },
    {
        "name": "Digital Epidemiology Lab",
        "institution": "CSPH",
        "head": "amara.nwosu@example.org",
        "topics": [POPULATION, CONSUMER],
        "capacity": 1,
        "description": (
            "We track disease in communities with nontraditional data: wastewater, search "
            "and mobility data, and participatory surveillance apps, and we study how to "
            "use them fairly."
        ),
    },
    {
        "name": "Statistical Genetics Lab",
        "institution": "CSPH",
        "head": "henrik.aalto@example.org",
        "topics": [GENOMICS],
        "capacity": 1,
        "description": (
            "The lab develops statistical methods for genetic association and polygenic "
            "risk prediction in diverse populations, and studies how risk scores perform "
            "when used in the clinic."
        ),
    },
    {
        "name": "Machine Learning for Health Group",
        "institution": "CUCL",
        "head": "sofia.marchetti@example.org",
        "topics": [ML, NLP],
        "capacity": 3,
        "description": (
            "A computer-science group working on the foundations of machine learning for "
            "health: learning from irregular time series, distribution shift between "
            "hospitals, and models whose uncertainty clinicians can rely on."
        ),
    },
    {
        "name": "Human-Centered Health Computing Group",
        "institution": "CUCL",
        "head": "ethan.caldwell@example.org",
        "topics": [CONSUMER, DECISION_SUPPORT],
        "capacity": 2,
        "description": (
            "We design, build and evaluate interactive systems for patients and "
            "clinicians, from conversational agents for self-management to explanations "
            "that help clinicians judge a model's advice."
        ),
    },
]

# -- Faculty: heads of the laboratories above and other members ------------------------------

FACULTY = [
    {
        "email": "arthur.lindqvist@example.org",
        "first_name": "Arthur",
        "last_name": "Lindqvist",
        "degrees": "MD, PhD",
        "title": "Professor of Biomedical Informatics",
        "rank": "professor",
        "institution": "CMS",
        "labs": ["Computational Phenomics Lab"],
        "topics": [CLINICAL, TRANSLATIONAL, ML],
        "leadership": "Principal investigator of a national center for biomedical computing.",
        "bio": (
            "Dr. Lindqvist trained in internal medicine before turning to informatics. His "
            "group pioneered high-throughput phenotyping from health records and he has "
            "mentored more than thirty postdoctoral fellows."
        ),
    },
    {
        "email": "naomi.feldstein@example.org",
        "first_name": "Naomi",
        "last_name": "Feldstein",
        "degrees": "PhD",
        "title": "Associate Professor of Biomedical Informatics",
        "rank": "associate",
        "institution": "CMS",
        "labs": ["Genome Interpretation Lab"],
        "topics": [GENOMICS, TRANSLATIONAL],
        "leadership": "Director of a regional genomic medicine implementation consortium.",
        "bio": (
            "Dr. Feldstein is a computational geneticist who builds open tools for "
            "interpreting clinical sequencing. She co-chairs the MMSc thesis committee."
        ),
    },
    {
        "email": "tobias.renner@example.org",
        "first_name": "Tobias",
        "last_name": "Renner",
        "degrees": "PhD",
        "title": "Associate Professor of Biomedical Informatics",
        "rank": "associate",
        "institution": "CMS",
        "labs": ["Health Data Privacy Lab"],
        "topics": [PRIVACY, POPULATION],
        "leadership": "",
        "bio": (
            "Dr. Renner studies privacy-preserving methods for sharing health data. He "
            "advises several research networks on data governance and teaches the "
            "program's course on ethics and data privacy."
        ),
    },
    {
        "email": "leila.haddad@example.org",
        "first_name": "Leila",
        "last_name": "Haddad",
        "degrees": "PhD",
        "title": "Assistant Professor of Biomedical Informatics",
        "rank": "assistant",
        "institution": "CMS",
        "labs": ["Biomedical Knowledge Graph Lab"],
        "topics": [ML, TRANSLATIONAL],
        "leadership": "",
        "bio": (
            "Dr. Haddad works at the meeting point of machine learning and pharmacology. "
            "Her lab's knowledge graphs are used by several drug-safety research groups."
        ),
    },
    {
        "email": "ana.ferreira@example.org",
        "first_name": "Ana",
        "last_name": "Ferreira",
        "degrees": "PhD",
        "title": "Assistant Professor of Biomedical Informatics",
        "rank": "assistant",
        "institution": "CMS",
        "labs": ["Computational Phenomics Lab", "Biomedical Knowledge Graph Lab"],
        "topics": [ML, CLINICAL],
        "leadership": "",
        "bio": (
            "Dr. Ferreira develops representation-learning methods for longitudinal "
            "patient records. She is an alumna of the program."
        ),
    },
    {
        "email": "yuki.tanabe@example.org",
        "first_name": "Yuki",
        "last_name": "Tanabe",
        "degrees": "PhD",
        "title": "Instructor in Biomedical Informatics",
        "rank": "instructor",
        "institution": "CMS",
        "labs": ["Genome Interpretation Lab"],
        "topics": [GENOMICS],
        "leadership": "",
        "bio": (
            "Dr. Tanabe builds variant-calling and annotation pipelines for clinical "
            "sequencing and leads the lab's software engineering."
        ),
    },
    {
        "email": "mentor@example.org",
        "first_name": "Miriam",
        "last_name": "Castellano",
        "degrees": "MD, PhD",
        "title": "Associate Professor of Medicine",
        "rank": "associate",
        "institution": "BGH",
        "labs": ["Clinical Language Understanding Lab"],
        "topics": [NLP, CLINICAL, ML],
        "leadership": (
            "Chairs the steering committee of a shared-task challenge series in clinical "
            "language processing."
        ),
        "bio": (
            "Dr. Castellano is a hospitalist and computational linguist. Her lab's models "
            "read clinical notes to find patients for trials and to flag missed follow-up. "
            "She directs the program's research-in-progress seminar."
        ),
    },
    {
        "email": "lucas.brennan@example.org",
        "first_name": "Lucas",
        "last_name": "Brennan",
        "degrees": "MD",
        "title": "Assistant Professor of Medicine",
        "rank": "assistant",
        "institution": "BGH",
        "labs": ["Clinical Language Understanding Lab"],
        "topics": [NLP, DECISION_SUPPORT],
        "leadership": "",
        "bio": (
            "Dr. Brennan is a primary-care physician who studies how language models can "
            "draft replies to patient portal messages safely."
        ),
    },
    {
        "email": "robert.aldana@example.org",
        "first_name": "Robert",
        "last_name": "Aldana",
        "degrees": "MD",
        "title": "Professor of Medicine",
        "rank": "professor",
        "institution": "BGH",
        "labs": ["Clinical Computing Laboratory"],
        "topics": [CLINICAL, DECISION_SUPPORT],
        "leadership": "Co-lead of a multi-institution clinical data research network.",
        "bio": (
            "Dr. Aldana has led the design of the hospital's clinical systems for two "
            "decades. His research evaluates how health-record design affects the quality "
            "and safety of care."
        ),
    },
    {
        "email": "daniel.oyelaran@example.org",
        "first_name": "Daniel",
        "last_name": "Oyelaran",
        "degrees": "PhD",
        "title": "Associate Professor of Radiology",
        "rank": "associate",
        "institution": "BGH",
        "labs": ["Medical Imaging Analytics Lab"],
        "topics": [IMAGING, ML],
        "leadership": "",
        "bio": (
            "Dr. Oyelaran is an imaging scientist whose models for chest CT have been "
            "evaluated in prospective studies at several hospitals."
        ),
    },
    {
        "email": "david.kowalczyk@example.org",
        "first_name": "David",
        "last_name": "Kowalczyk",
        "degrees": "MD, PhD",
        "title": "Associate Professor of Radiology",
        "rank": "associate",
        "institution": "BGH",
        "labs": ["Medical Imaging Analytics Lab"],
        "topics": [IMAGING],
        "leadership": "",
        "bio": (
            "Dr. Kowalczyk is a neuroradiologist who studies quantitative MRI biomarkers "
            "and the integration of AI tools into radiology workflow."
        ),
    },
    {
        "email": "sarah.whitlock@example.org",
        "first_name": "Sarah",
        "last_name": "Whitlock",
        "degrees": "MD, MPH",
        "title": "Assistant Professor of Medicine",
        "rank": "assistant",
        "institution": "BGH",
        "labs": ["Cardiovascular Data Science Lab"],
        "topics": [ML, POPULATION],
        "leadership": "",
        "bio": (
            "Dr. Whitlock is a cardiologist who uses electrocardiograms and health records "
            "to find patients with undiagnosed heart disease."
        ),
    },
    {
        "email": "grace.abernathy@example.org",
        "first_name": "Grace",
        "last_name": "Abernathy",
        "degrees": "MD",
        "title": "Associate Professor of Pediatrics",
        "rank": "associate",
        "institution": "LCH",
        "labs": ["Pediatric Predictive Medicine Lab"],
        "topics": [ML, DECISION_SUPPORT],
        "leadership": "",
        "bio": (
            "Dr. Abernathy is a neonatologist who leads the hospital's work on predictive "
            "models at the bedside. Her sepsis model runs in three neonatal units."
        ),
    },
    {
        "email": "rachel.lindgren@example.org",
        "first_name": "Rachel",
        "last_name": "Lindgren",
        "degrees": "MD",
        "title": "Assistant Professor of Pediatrics",
        "rank": "assistant",
        "institution": "LCH",
        "labs": ["Pediatric Predictive Medicine Lab"],
        "topics": [DECISION_SUPPORT, CLINICAL],
        "leadership": "",
        "bio": (
            "Dr. Lindgren is a pediatric hospitalist who studies alert fatigue and the "
            "design of early-warning displays for nurses."
        ),
    },
    {
        "email": "rafael.montoya@example.org",
        "first_name": "Rafael",
        "last_name": "Montoya",
        "degrees": "MD, PhD",
        "title": "Professor of Pediatrics",
        "rank": "professor",
        "institution": "LCH",
        "labs": ["Children's Genomic Medicine Lab"],
        "topics": [GENOMICS, TRANSLATIONAL],
        "leadership": "Principal investigator of a national rapid newborn sequencing study.",
        "bio": (
            "Dr. Montoya is a medical geneticist whose lab brought rapid genome sequencing "
            "to the neonatal and pediatric intensive care units."
        ),
    },
    {
        "email": "hannah.lisowski@example.org",
        "first_name": "Hannah",
        "last_name": "Lisowski",
        "degrees": "PhD",
        "title": "Assistant Professor of Pediatrics",
        "rank": "assistant",
        "institution": "LCH",
        "labs": ["Family Health Technology Lab"],
        "topics": [CONSUMER],
        "leadership": "",
        "bio": (
            "Dr. Lisowski is a human-computer interaction researcher who designs health "
            "technology with, not just for, the families who use it."
        ),
    },
    {
        "email": "victor.amankwah@example.org",
        "first_name": "Victor",
        "last_name": "Amankwah",
        "degrees": "MD, MS",
        "title": "Associate Professor of Medicine",
        "rank": "associate",
        "institution": "MHW",
        "labs": ["Decision Support Engineering Lab"],
        "topics": [DECISION_SUPPORT, CLINICAL],
        "leadership": "Co-chair of a national working group on computable clinical guidelines.",
        "bio": (
            "Dr. Amankwah builds interoperable decision support and tests it in pragmatic "
            "trials. He directs the MMSc course on clinical decision support."
        ),
    },
    {
        "email": "nathaniel.borg@example.org",
        "first_name": "Nathaniel",
        "last_name": "Borg",
        "degrees": "MD",
        "title": "Instructor in Medicine",
        "rank": "instructor",
        "institution": "MHW",
        "labs": ["Decision Support Engineering Lab"],
        "topics": [DECISION_SUPPORT],
        "leadership": "",
        "bio": (
            "Dr. Borg is a hospitalist and a graduate of the program who studies the "
            "usability of order sets."
        ),
    },
    {
        "email": "priya.raghunathan@example.org",
        "first_name": "Priya",
        "last_name": "Raghunathan",
        "degrees": "MD, MPH",
        "title": "Associate Professor of Obstetrics and Gynecology",
        "rank": "associate",
        "institution": "MHW",
        "labs": ["Maternal Health Informatics Lab"],
        "topics": [POPULATION, ML],
        "leadership": "",
        "bio": (
            "Dr. Raghunathan is an obstetrician and epidemiologist who studies maternal "
            "morbidity with linked health data, with a focus on inequities in care."
        ),
    },
    {
        "email": "evelyn.strand@example.org",
        "first_name": "Evelyn",
        "last_name": "Strand",
        "degrees": "MD",
        "title": "Professor of Medicine",
        "rank": "professor",
        "institution": "MHW",
        "labs": ["Patient Safety Informatics Lab"],
        "topics": [CLINICAL, DECISION_SUPPORT],
        "leadership": "Directs a federally funded patient safety learning laboratory.",
        "bio": (
            "Dr. Strand is a general internist whose research on medication errors shaped "
            "the hospital's electronic prescribing. She chairs the program's executive "
            "committee."
        ),
    },
    {
        "email": "marcus.delacroix@example.org",
        "first_name": "Marcus",
        "last_name": "Delacroix",
        "degrees": "PhD",
        "title": "Associate Professor of Data Science",
        "rank": "associate",
        "institution": "NGCI",
        "labs": ["Computational Oncology Lab"],
        "topics": [GENOMICS, ML],
        "leadership": "",
        "bio": (
            "Dr. Delacroix models cancer evolution from sequencing data. His lab's "
            "single-cell methods are widely used in tumour biology."
        ),
    },
    {
        "email": "samuel.ortiz@example.org",
        "first_name": "Samuel",
        "last_name": "Ortiz",
        "degrees": "PhD",
        "title": "Research Scientist",
        "rank": "scientist",
        "institution": "NGCI",
        "labs": ["Computational Oncology Lab"],
        "topics": [GENOMICS],
        "leadership": "",
        "bio": (
            "Dr. Ortiz manages the institute's clinico-genomic data platform and advises "
            "fellows on data access and analysis."
        ),
    },
    {
        "email": "ingrid.solberg@example.org",
        "first_name": "Ingrid",
        "last_name": "Solberg",
        "degrees": "MD, PhD",
        "title": "Associate Professor of Radiology",
        "rank": "associate",
        "institution": "NGCI",
        "labs": ["Cancer Imaging Informatics Lab"],
        "topics": [IMAGING, NLP],
        "leadership": "",
        "bio": (
            "Dr. Solberg is an oncologic radiologist who automates tumour response "
            "assessment for clinical trials."
        ),
    },
    {
        "email": "omar.rashidi@example.org",
        "first_name": "Omar",
        "last_name": "Rashidi",
        "degrees": "MD, PhD",
        "title": "Assistant Professor of Ophthalmology",
        "rank": "assistant",
        "institution": "EEI",
        "labs": ["Ophthalmic Image Analysis Lab"],
        "topics": [IMAGING, ML],
        "leadership": "",
        "bio": (
            "Dr. Rashidi is a retina specialist whose lab develops screening models for "
            "retinal disease and tests them in community clinics."
        ),
    },
    {
        "email": "claire.dunmore@example.org",
        "first_name": "Claire",
        "last_name": "Dunmore",
        "degrees": "PhD",
        "title": "Assistant Professor of Otolaryngology",
        "rank": "assistant",
        "institution": "EEI",
        "labs": ["Hearing and Speech Signal Lab"],
        "topics": [ML, CONSUMER],
        "leadership": "",
        "bio": (
            "Dr. Dunmore is an audiologist and signal-processing researcher who studies "
            "hearing health through everyday devices."
        ),
    },
    {
        "email": "thomas.kerrigan@example.org",
        "first_name": "Thomas",
        "last_name": "Kerrigan",
        "degrees": "MD, MPH",
        "title": "Professor of Medicine",
        "rank": "professor",
        "institution": "RVA",
        "labs": ["Veterans Health Data Lab"],
        "topics": [POPULATION, CLINICAL],
        "leadership": "Leads a national veterans' health data science initiative.",
        "bio": (
            "Dr. Kerrigan is a general internist and health services researcher. He has "
            "built research cohorts from national veterans' health records for twenty "
            "years."
        ),
    },
    {
        "email": "adaeze.okafor@example.org",
        "first_name": "Adaeze",
        "last_name": "Okafor",
        "degrees": "MD, MPH",
        "title": "Associate Professor of Medicine",
        "rank": "associate",
        "institution": "RVA",
        "labs": ["Veterans Health Data Lab"],
        "topics": [POPULATION],
        "leadership": "",
        "bio": (
            "Dr. Okafor studies chronic kidney disease among veterans and the use of "
            "population health dashboards in primary care."
        ),
    },
    {
        "email": "beatriz.navarro@example.org",
        "first_name": "Beatriz",
        "last_name": "Navarro",
        "degrees": "PhD",
        "title": "Research Scientist",
        "rank": "scientist",
        "institution": "RVA",
        "labs": ["Clinical Text Analytics Lab"],
        "topics": [NLP, PRIVACY],
        "leadership": "",
        "bio": (
            "Dr. Navarro leads clinical text de-identification for a national research "
            "data resource and studies social determinants of health in notes."
        ),
    },
    {
        "email": "jonathan.whitaker@example.org",
        "first_name": "Jonathan",
        "last_name": "Whitaker",
        "degrees": "ScD",
        "title": "Professor of Epidemiology",
        "rank": "professor",
        "institution": "CSPH",
        "labs": ["Causal Inference and Health Data Lab"],
        "topics": [POPULATION, ML],
        "leadership": (
            "Principal investigator of a multi-site pragmatic trials coordinating center."
        ),
        "bio": (
            "Dr. Whitaker develops methods for causal inference from health records. He "
            "teaches the program's required course on study design."
        ),
    },
    {
        "email": "fiona.mcallister@example.org",
        "first_name": "Fiona",
        "last_name": "McAllister",
        "degrees": "PhD",
        "title": "Associate Professor of Biostatistics",
        "rank": "associate",
        "institution": "CSPH",
        "labs": ["Causal Inference and Health Data Lab"],
        "topics": [POPULATION],
        "leadership": "",
        "bio": (
            "Dr. McAllister is a biostatistician working on missing data and measurement "
            "error in health-record studies."
        ),
    },
    {
        "email": "amara.nwosu@example.org",
        "first_name": "Amara",
        "last_name": "Nwosu",
        "degrees": "PhD, MPH",
        "title": "Assistant Professor of Epidemiology",
        "rank": "assistant",
        "institution": "CSPH",
        "labs": ["Digital Epidemiology Lab"],
        "topics": [POPULATION, CONSUMER],
        "leadership": "",
        "bio": (
            "Dr. Nwosu is an infectious-disease epidemiologist who builds surveillance "
            "systems from nontraditional data sources."
        ),
    },
    {
        "email": "henrik.aalto@example.org",
        "first_name": "Henrik",
        "last_name": "Aalto",
        "degrees": "ScD",
        "title": "Associate Professor of Biostatistics",
        "rank": "associate",
        "institution": "CSPH",
        "labs": ["Statistical Genetics Lab"],
        "topics": [GENOMICS],
        "leadership": "",
        "bio": (
            "Dr. Aalto develops methods for polygenic prediction that hold up across "
            "ancestries and studies their clinical use."
        ),
    },
    {
        "email": "sofia.marchetti@example.org",
        "first_name": "Sofia",
        "last_name": "Marchetti",
        "degrees": "PhD",
        "title": "Professor of Computer Science",
        "rank": "professor",
        "institution": "CUCL",
        "labs": ["Machine Learning for Health Group"],
        "topics": [ML, NLP],
        "leadership": "Co-director of a university-wide institute for AI in health.",
        "bio": (
            "Dr. Marchetti is a computer scientist whose work on learning from clinical "
            "time series is widely cited. She joined the program's faculty to bring "
            "fellows closer to methods research."
        ),
    },
    {
        "email": "peter.vukovic@example.org",
        "first_name": "Peter",
        "last_name": "Vukovic",
        "degrees": "PhD",
        "title": "Assistant Professor of Computer Science",
        "rank": "assistant",
        "institution": "CUCL",
        "labs": ["Machine Learning for Health Group"],
        "topics": [ML],
        "leadership": "",
        "bio": (
            "Dr. Vukovic studies uncertainty quantification and distribution shift in "
            "clinical machine learning."
        ),
    },
    {
        "email": "ethan.caldwell@example.org",
        "first_name": "Ethan",
        "last_name": "Caldwell",
        "degrees": "PhD",
        "title": "Associate Professor of Computer Science",
        "rank": "associate",
        "institution": "CUCL",
        "labs": ["Human-Centered Health Computing Group"],
        "topics": [CONSUMER, DECISION_SUPPORT],
        "leadership": "",
        "bio": (
            "Dr. Caldwell designs interactive systems for patients and clinicians and "
            "evaluates them in the field. He co-teaches the program's course on user-centered "
            "design."
        ),
    },
]

# -- Fellows ----------------------------------------------------------------------------------
# Appointments run two years from July 1 of the cohort year. Mentors are (kind, faculty email).
# Positions are jobs held before or after the program (sector and activity as NIH asks).
# Leaves are (kind, start, end, note). `left` is the withdrawal date of a withdrawn fellow.

FELLOWS = [
    # Cohort 2023: completed (one withdrew).
    {
        "email": "alicia.brandt@example.org",
        "first_name": "Alicia",
        "middle_name": "Marie",
        "last_name": "Brandt",
        "cohort_year": 2023,
        "status": "completed",
        "laboratory": "Computational Phenomics Lab",
        "topics": [CLINICAL, ML],
        "research_interests": (
            "Learning phenotypes of autoimmune disease from health records with little "
            "labelled data; phenotype portability between hospitals."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 6,
        "degrees": [("PhD", 2022, "University of Northfield")],
        "mentors": [
            ("primary", "arthur.lindqvist@example.org"),
            ("secondary", "ana.ferreira@example.org"),
        ],
        "positions": [
            {
                "title": "Graduate research assistant",
                "department": "Department of Biomedical Engineering",
                "institution": "University of Northfield",
                "sector": "academia",
                "activity": "further_training",
                "start": "2017-09-01",
                "end": "2022-05-31",
            },
            {
                "title": "Assistant Professor of Biomedical Informatics",
                "department": "Department of Biomedical Informatics",
                "institution": "Commonwealth Medical School",
                "sector": "academia",
                "activity": "research",
                "start": "2025-07-01",
                "end": None,
            },
        ],
        "leaves": [
            ("medical", "2024-02-05", "2024-03-17", "Six weeks of medical leave."),
        ],
    },
    {
        "email": "kwame.osei-bonsu@example.org",
        "first_name": "Kwame",
        "middle_name": "",
        "last_name": "Osei-Bonsu",
        "cohort_year": 2023,
        "status": "completed",
        "laboratory": "Clinical Computing Laboratory",
        "topics": [CLINICAL, DECISION_SUPPORT],
        "research_interests": (
            "How the design of handoff tools in the health record affects missed test "
            "results after discharge."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 0,
        "degrees": [("MD", 2018, "Pinecrest University School of Medicine")],
        "mentors": [("primary", "robert.aldana@example.org")],
        "positions": [
            {
                "title": "Resident in Internal Medicine",
                "department": "Department of Medicine",
                "institution": "Pinecrest University Hospital",
                "sector": "academia",
                "activity": "clinical",
                "start": "2018-07-01",
                "end": "2021-06-30",
            },
            {
                "title": "Instructor in Medicine",
                "department": "Division of General Internal Medicine",
                "institution": "Bayside General Hospital",
                "sector": "academia",
                "activity": "research",
                "start": "2025-07-01",
                "end": "2026-06-30",
            },
            {
                "title": "Assistant Professor of Medicine",
                "department": "Division of General Internal Medicine",
                "institution": "Bayside General Hospital",
                "sector": "academia",
                "activity": "research",
                "start": "2026-07-01",
                "end": None,
            },
        ],
        "leaves": [],
    },
    {
        "email": "mei-lin.zhou@example.org",
        "first_name": "Mei-Lin",
        "middle_name": "",
        "last_name": "Zhou",
        "cohort_year": 2023,
        "status": "completed",
        "laboratory": "Machine Learning for Health Group",
        "topics": [ML, NLP],
        "research_interests": (
            "Models for irregularly sampled ICU time series that stay calibrated when moved "
            "to a new hospital."
        ),
        "citizenship": "permanent_resident",
        "prior_research_months": 14,
        "degrees": [("PhD", 2022, "Halvorsen Institute of Technology")],
        "mentors": [("primary", "sofia.marchetti@example.org")],
        "positions": [
            {
                "title": "Senior Research Scientist",
                "department": "Health AI",
                "institution": "Meridian Health Analytics, Inc.",
                "sector": "for_profit",
                "activity": "research",
                "start": "2025-08-01",
                "end": None,
            },
        ],
        "leaves": [],
    },
    {
        "email": "daniel.whitfield@example.org",
        "first_name": "Daniel",
        "middle_name": "Joseph",
        "last_name": "Whitfield",
        "cohort_year": 2023,
        "status": "completed",
        "laboratory": "Veterans Health Data Lab",
        "topics": [POPULATION, CLINICAL],
        "research_interests": (
            "Predicting and preventing hospital readmission for veterans with heart failure "
            "in rural areas."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 4,
        "degrees": [("MD", 2019, "Granite State College of Medicine")],
        "mentors": [
            ("primary", "thomas.kerrigan@example.org"),
            ("secondary", "adaeze.okafor@example.org"),
        ],
        "positions": [
            {
                "title": "Resident in Internal Medicine",
                "department": "Department of Medicine",
                "institution": "Granite State Medical Center",
                "sector": "academia",
                "activity": "clinical",
                "start": "2019-07-01",
                "end": "2022-06-30",
            },
            {
                "title": "Health Scientist",
                "department": "Office of Research and Development",
                "institution": "U.S. Department of Veterans Affairs",
                "sector": "government",
                "activity": "research",
                "start": "2025-07-01",
                "end": None,
            },
        ],
        "leaves": [],
    },
    {
        "email": "sofia.carvajal@example.org",
        "first_name": "Sofia",
        "middle_name": "Elena",
        "last_name": "Carvajal",
        "cohort_year": 2023,
        "status": "withdrawn",
        "left": "2024-03-31",
        "laboratory": "Medical Imaging Analytics Lab",
        "topics": [IMAGING, ML],
        "research_interests": "Self-supervised learning for chest CT across scanner vendors.",
        "citizenship": "us_citizen",
        "prior_research_months": 10,
        "degrees": [("PhD", 2022, "Lakeshore University")],
        "mentors": [("primary", "daniel.oyelaran@example.org")],
        "positions": [
            {
                "title": "Machine Learning Engineer",
                "department": "Imaging Products",
                "institution": "Clearview Imaging Systems",
                "sector": "for_profit",
                "activity": "research_related",
                "start": "2024-04-15",
                "end": None,
            },
        ],
        "leaves": [],
    },
    # Cohort 2024: completed in June 2026.
    {
        "email": "rebecca.thornbury@example.org",
        "first_name": "Rebecca",
        "middle_name": "Ann",
        "last_name": "Thornbury",
        "cohort_year": 2024,
        "status": "completed",
        "laboratory": "Genome Interpretation Lab",
        "topics": [GENOMICS, TRANSLATIONAL],
        "research_interests": (
            "Systematic reanalysis of unsolved clinical exomes as gene-disease knowledge grows."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 8,
        "degrees": [("PhD", 2023, "Lakeshore University")],
        "mentors": [
            ("primary", "naomi.feldstein@example.org"),
            ("secondary", "yuki.tanabe@example.org"),
        ],
        "positions": [
            {
                "title": "Graduate student",
                "department": "Program in Genetics and Genomics",
                "institution": "Lakeshore University",
                "sector": "academia",
                "activity": "further_training",
                "start": "2018-09-01",
                "end": "2023-05-31",
            },
            {
                "title": "Assistant Professor of Pediatrics",
                "department": "Division of Genetics and Genomics",
                "institution": "Linden Children's Hospital",
                "sector": "academia",
                "activity": "research",
                "start": "2026-07-01",
                "end": None,
            },
        ],
        "leaves": [],
    },
    {
        "email": "arjun.mehta@example.org",
        "first_name": "Arjun",
        "middle_name": "",
        "last_name": "Mehta",
        "cohort_year": 2024,
        "status": "completed",
        "laboratory": "Clinical Language Understanding Lab",
        "topics": [NLP, ML],
        "research_interests": (
            "Extracting cancer staging and treatment timelines from notes with language "
            "models, and measuring their errors honestly."
        ),
        "citizenship": "permanent_resident",
        "prior_research_months": 18,
        "degrees": [("PhD", 2023, "Halvorsen Institute of Technology")],
        "mentors": [("primary", "mentor@example.org")],
        "positions": [
            {
                "title": "Applied Scientist",
                "department": "Clinical NLP",
                "institution": "Larkspur Health Technologies",
                "sector": "for_profit",
                "activity": "research",
                "start": "2026-08-03",
                "end": None,
            },
        ],
        "leaves": [],
    },
    {
        "email": "hye-jin.park@example.org",
        "first_name": "Hye-jin",
        "middle_name": "",
        "last_name": "Park",
        "cohort_year": 2024,
        "status": "completed",
        "laboratory": "Pediatric Predictive Medicine Lab",
        "topics": [ML, DECISION_SUPPORT],
        "research_interests": (
            "Early detection of late-onset sepsis in preterm infants from vital-sign streams."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 2,
        "degrees": [("MD", 2017, "University of Northfield School of Medicine")],
        "mentors": [
            ("primary", "grace.abernathy@example.org"),
            ("secondary", "rachel.lindgren@example.org"),
        ],
        "positions": [
            {
                "title": "Resident in Pediatrics",
                "department": "Department of Pediatrics",
                "institution": "Northfield Children's Medical Center",
                "sector": "academia",
                "activity": "clinical",
                "start": "2017-07-01",
                "end": "2020-06-30",
            },
            {
                "title": "Instructor in Pediatrics",
                "department": "Division of Newborn Medicine",
                "institution": "Linden Children's Hospital",
                "sector": "academia",
                "activity": "research",
                "start": "2026-07-01",
                "end": None,
            },
        ],
        "leaves": [],
    },
    {
        "email": "tomas.ruiz@example.org",
        "first_name": "Tomás",
        "middle_name": "Ignacio",
        "last_name": "Ruiz",
        "cohort_year": 2024,
        "status": "completed",
        "laboratory": "Causal Inference and Health Data Lab",
        "topics": [POPULATION, ML],
        "research_interests": (
            "Target-trial emulation of diabetes drug comparisons in health records, and "
            "the sensitivity of their answers to missing data."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 12,
        "degrees": [("PhD", 2023, "University of the Plains")],
        "mentors": [
            ("primary", "jonathan.whitaker@example.org"),
            ("secondary", "fiona.mcallister@example.org"),
        ],
        "positions": [
            {
                "title": "Epidemiologist",
                "department": "Division of Health Informatics and Surveillance",
                "institution": "Centers for Disease Control and Prevention",
                "sector": "government",
                "activity": "research",
                "start": "2026-09-01",
                "end": None,
            },
        ],
        "leaves": [],
    },
    {
        "email": "nadia.rahimi@example.org",
        "first_name": "Nadia",
        "middle_name": "",
        "last_name": "Rahimi",
        "cohort_year": 2024,
        "status": "completed",
        "laboratory": "Computational Oncology Lab",
        "topics": [GENOMICS, ML],
        "research_interests": "Predicting resistance to targeted therapy from single-cell data.",
        "citizenship": "us_citizen",
        "prior_research_months": 20,
        "degrees": [("PhD", 2023, "Pinecrest University")],
        "mentors": [("primary", "marcus.delacroix@example.org")],
        "positions": [
            {
                "title": "Research Fellow",
                "department": "Department of Data Science",
                "institution": "Northgate Cancer Institute",
                "sector": "academia",
                "activity": "further_training",
                "start": "2026-07-01",
                "end": None,
            },
        ],
        "leaves": [],
    },
    # Cohort 2025: second year now.
    {
        "email": "fellow@example.org",
        "first_name": "Jordan",
        "middle_name": "Ellis",
        "last_name": "Baptiste",
        "cohort_year": 2025,
        "status": "active",
        "laboratory": "Clinical Language Understanding Lab",
        "topics": [NLP, CLINICAL],
        "research_interests": (
            "Finding patients with missed follow-up of incidental findings by reading "
            "radiology reports and notes; safe language-model assistance for primary care."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 12,
        "degrees": [("MD", 2021, "Granite State College of Medicine")],
        "mentors": [
            ("primary", "mentor@example.org"),
            ("secondary", "lucas.brennan@example.org"),
        ],
        "positions": [
            {
                "title": "Resident in Internal Medicine",
                "department": "Department of Medicine",
                "institution": "Bayside General Hospital",
                "sector": "academia",
                "activity": "clinical",
                "start": "2021-07-01",
                "end": "2024-06-30",
            },
        ],
        "leaves": [],
    },
    {
        "email": "olivia.hartmann@example.org",
        "first_name": "Olivia",
        "middle_name": "Grace",
        "last_name": "Hartmann",
        "cohort_year": 2025,
        "status": "on_leave",
        "laboratory": "Maternal Health Informatics Lab",
        "topics": [POPULATION, ML],
        "research_interests": (
            "Predicting severe maternal morbidity and measuring differences in postpartum "
            "follow-up across neighbourhoods."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 9,
        "degrees": [("PhD", 2024, "University of the Plains")],
        "mentors": [("primary", "priya.raghunathan@example.org")],
        "positions": [],
        "leaves": [
            ("parental", "2026-10-01", "2026-12-31", "Parental leave."),
        ],
    },
    {
        "email": "emeka.nwachukwu@example.org",
        "first_name": "Emeka",
        "middle_name": "",
        "last_name": "Nwachukwu",
        "cohort_year": 2025,
        "status": "active",
        "laboratory": "Biomedical Knowledge Graph Lab",
        "topics": [ML, TRANSLATIONAL],
        "research_interests": (
            "Graph learning to explain adverse drug events from pharmacology knowledge and "
            "patient records."
        ),
        "citizenship": "permanent_resident",
        "prior_research_months": 16,
        "degrees": [("PhD", 2024, "Halvorsen Institute of Technology")],
        "mentors": [
            ("primary", "leila.haddad@example.org"),
            ("secondary", "ana.ferreira@example.org"),
        ],
        "positions": [],
        "leaves": [],
    },
    {
        "email": "lucia.ortega@example.org",
        "first_name": "Lucía",
        "middle_name": "Fernanda",
        "last_name": "Ortega",
        "cohort_year": 2025,
        "status": "active",
        "laboratory": "Ophthalmic Image Analysis Lab",
        "topics": [IMAGING, ML],
        "research_interests": (
            "Diabetic retinopathy screening with handheld cameras in primary care, and how "
            "image quality affects model accuracy."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 3,
        "degrees": [
            ("MD", 2020, "Pinecrest University School of Medicine"),
            ("PhD", 2018, "Pinecrest University"),
        ],
        "mentors": [("primary", "omar.rashidi@example.org")],
        "positions": [
            {
                "title": "Resident in Ophthalmology",
                "department": "Department of Ophthalmology",
                "institution": "Pinecrest University Hospital",
                "sector": "academia",
                "activity": "clinical",
                "start": "2021-07-01",
                "end": "2024-06-30",
            },
        ],
        "leaves": [],
    },
    {
        "email": "benjamin.cho@example.org",
        "first_name": "Benjamin",
        "middle_name": "",
        "last_name": "Cho",
        "cohort_year": 2025,
        "status": "active",
        "laboratory": "Health Data Privacy Lab",
        "topics": [PRIVACY, POPULATION],
        "research_interests": (
            "Measuring re-identification risk of synthetic health records and federated "
            "analysis across hospitals."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 0,
        "degrees": [("PhD", 2025, "University of Northfield")],
        "mentors": [
            ("primary", "tobias.renner@example.org"),
            ("secondary", "beatriz.navarro@example.org"),
        ],
        "positions": [],
        "leaves": [],
    },
    # Cohort 2026: first year now.
    {
        "email": "aisha.bello@example.org",
        "first_name": "Aisha",
        "middle_name": "",
        "last_name": "Bello",
        "cohort_year": 2026,
        "status": "active",
        "laboratory": "Digital Epidemiology Lab",
        "topics": [POPULATION, CONSUMER],
        "research_interests": (
            "Wastewater and search data for early warning of respiratory outbreaks."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 5,
        "degrees": [("DrPH", 2026, "University of the Plains")],
        "mentors": [("primary", "amara.nwosu@example.org")],
        "positions": [],
        "leaves": [],
    },
    {
        "email": "ryan.kowalski@example.org",
        "first_name": "Ryan",
        "middle_name": "Patrick",
        "last_name": "Kowalski",
        "cohort_year": 2026,
        "status": "active",
        "laboratory": "Decision Support Engineering Lab",
        "topics": [DECISION_SUPPORT, CLINICAL],
        "research_interests": (
            "Computable guidelines for anticoagulation and pragmatic trials of the alerts "
            "built from them."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 0,
        "degrees": [("MD", 2022, "Granite State College of Medicine")],
        "mentors": [
            ("primary", "victor.amankwah@example.org"),
            ("secondary", "nathaniel.borg@example.org"),
        ],
        "positions": [
            {
                "title": "Resident in Internal Medicine",
                "department": "Department of Medicine",
                "institution": "Marlowe Hospital for Women",
                "sector": "academia",
                "activity": "clinical",
                "start": "2022-07-01",
                "end": "2025-06-30",
            },
        ],
        "leaves": [],
    },
    {
        "email": "wei.liu@example.org",
        "first_name": "Wei",
        "middle_name": "",
        "last_name": "Liu",
        "cohort_year": 2026,
        # Still in orientation without a primary mentor: the dashboard flags it.
        "status": "orientation",
        "laboratory": "Machine Learning for Health Group",
        "topics": [ML],
        "research_interests": "Conformal prediction for clinical risk models under dataset shift.",
        "citizenship": "other",
        "prior_research_months": 24,
        "degrees": [("PhD", 2024, "Halvorsen Institute of Technology")],
        "mentors": [],
        "positions": [],
        "leaves": [],
    },
    {
        "email": "hannah.goldfarb@example.org",
        "first_name": "Hannah",
        "middle_name": "Ruth",
        "last_name": "Goldfarb",
        "cohort_year": 2026,
        "status": "active",
        "laboratory": "Children's Genomic Medicine Lab",
        "topics": [GENOMICS, TRANSLATIONAL],
        "research_interests": (
            "Matching infants' phenotypes from notes to candidate genes to speed rapid "
            "genome diagnosis."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 30,
        "degrees": [
            ("PhD", 2020, "Lakeshore University"),
            ("MD", 2022, "Lakeshore University School of Medicine"),
        ],
        "mentors": [("primary", "rafael.montoya@example.org")],
        "positions": [],
        "leaves": [],
    },
    {
        "email": "marcus.dupree@example.org",
        "first_name": "Marcus",
        "middle_name": "Antoine",
        "last_name": "Dupree",
        "cohort_year": 2026,
        "status": "active",
        "laboratory": "Cancer Imaging Informatics Lab",
        "topics": [IMAGING, NLP],
        "research_interests": (
            "Automated tumour response assessment combining segmentation and radiology "
            "report language."
        ),
        "citizenship": "permanent_resident",
        "prior_research_months": 7,
        "degrees": [("PhD", 2026, "University of Northfield")],
        "mentors": [("primary", "ingrid.solberg@example.org")],
        "positions": [],
        "leaves": [],
    },
    # Cohort 2027: incoming; placed in a lab in the next placement round.
    {
        "email": "isabel.moreno@example.org",
        "first_name": "Isabel",
        "middle_name": "",
        "last_name": "Moreno",
        "cohort_year": 2027,
        "status": "incoming",
        "laboratory": None,
        "topics": [NLP, CONSUMER],
        "research_interests": (
            "Language models that help patients understand their notes and test results, "
            "especially patients with limited English."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 0,
        "degrees": [("PhD", 2027, "University of Northfield")],
        "mentors": [],
        "positions": [],
        "leaves": [],
    },
    {
        "email": "kofi.mensah@example.org",
        "first_name": "Kofi",
        "middle_name": "",
        "last_name": "Mensah",
        "cohort_year": 2027,
        "status": "incoming",
        "laboratory": None,
        "topics": [ML, DECISION_SUPPORT],
        "research_interests": (
            "Sepsis prediction in the emergency department and how clinicians act on model output."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 6,
        "degrees": [("MD", 2023, "Pinecrest University School of Medicine")],
        "mentors": [],
        "positions": [
            {
                "title": "Resident in Emergency Medicine",
                "department": "Department of Emergency Medicine",
                "institution": "Pinecrest University Hospital",
                "sector": "academia",
                "activity": "clinical",
                "start": "2023-07-01",
                "end": "2027-06-30",
            },
        ],
        "leaves": [],
    },
    {
        "email": "lena.albrecht@example.org",
        "first_name": "Lena",
        "middle_name": "Sophie",
        "last_name": "Albrecht",
        "cohort_year": 2027,
        "status": "incoming",
        "laboratory": None,
        "topics": [GENOMICS, POPULATION],
        "research_interests": (
            "Polygenic risk scores for coronary disease in diverse populations and their "
            "use in primary care."
        ),
        "citizenship": "permanent_resident",
        "prior_research_months": 11,
        "degrees": [("PhD", 2026, "Lakeshore University")],
        "mentors": [],
        "positions": [],
        "leaves": [],
    },
    {
        "email": "theo.lindahl@example.org",
        "first_name": "Theo",
        "middle_name": "",
        "last_name": "Lindahl",
        "cohort_year": 2027,
        "status": "incoming",
        "laboratory": None,
        "topics": [CONSUMER, ML],
        "research_interests": (
            "Wearable sensor data for monitoring recovery after surgery at home."
        ),
        "citizenship": "us_citizen",
        "prior_research_months": 1,
        "degrees": [("PhD", 2027, "University of the Plains")],
        "mentors": [],
        "positions": [],
        "leaves": [],
    },
]
