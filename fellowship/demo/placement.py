"""Load the demo placement round: the incoming cohort choosing laboratories.

`load_demo_round(program)` runs after `demo.programs.load_demo_program` and is idempotent:
the round is found by its name and put back to *open*, with the same places, choices,
rankings and conflict each time (a round run to the end in the demo starts over).

It adds a few more incoming fellows, so that labs compete for fellows, and a demo login
for one incoming fellow (Isabel Moreno), who can rank laboratories in the browser. The
choices of every incoming fellow are their best interest fits; most laboratories have
ranked their applicants, but the demo mentor's lab (Clinical Language Understanding Lab)
has not, so that mentor@example.org can, and one lab is left for the director to rank by
interest fit.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from fellowship.accounts.models import User
from fellowship.demo import data as core_data
from fellowship.placement import recommend, selectors
from fellowship.placement.models import (
    Assignment,
    ConflictOfInterest,
    LabRanking,
    PlacementRound,
    Preference,
    RoundLab,
)
from fellowship.programs.models import FacultyMember, Fellow, Laboratory, Mentorship, Topic

INCOMING_LOGIN = {
    "email": "incoming@example.org",
    "full_name": "Isabel Moreno",
    "fellow_email": "isabel.moreno@example.org",
    "sees": "incoming fellow (Isabel Moreno): ranks laboratories in the open placement round",
}

# The demo mentor's lab waits for mentor@example.org; the other is for "rank by interest fit".
LEFT_UNRANKED = ["Clinical Language Understanding Lab", "Digital Epidemiology Lab"]

MORE_INCOMING = [
    ("Amir", "Haddadi", ["Machine learning in medicine", "Imaging informatics"],
     "Deep learning for chest radiographs and CT that radiologists can trust; "
     "uncertainty estimates for image models."),
    ("Grace", "Okonkwo", ["Population health informatics", "Consumer health informatics"],
     "Digital epidemiology: search and social media signals of disease outbreaks, "
     "and surveillance of vaccine hesitancy."),
    ("Daniel", "Varga", ["Natural language processing", "Clinical informatics"],
     "Extracting social determinants of health from clinical notes with language models."),
    ("Priya", "Natarajan", ["Bioinformatics and genomics", "Translational bioinformatics"],
     "Interpreting variants of uncertain significance in pediatric exome sequencing."),
    ("Samuel", "Adeyemi", ["Clinical decision support", "Machine learning in medicine"],
     "Clinical decision support alerts for sepsis and deterioration on the wards; "
     "alert fatigue and how clinicians respond."),
    ("Maya", "Lindqvist", ["Privacy and data sharing", "Population health informatics"],
     "Federated analysis and synthetic data so hospitals can share records safely."),
]  # fmt: skip

CONFLICT = {
    "fellow": "lena.albrecht@example.org",
    "faculty": "henrik.aalto@example.org",
    "reason": "Dr. Aalto was Dr. Albrecht's PhD co-advisor.",
}


@transaction.atomic
def load_demo_round(program, *, stdout=None, today: date | None = None) -> PlacementRound:
    today = today or timezone.localdate()
    cohort = _incoming_cohort(program)
    _more_incoming_load(program, cohort)
    _incoming_login_load(program)
    round = PlacementRound.objects.filter(
        program=program, name=f"Placement of the {cohort} cohort"
    ).first() or PlacementRound(program=program, name=f"Placement of the {cohort} cohort")
    round.cohort_year = cohort
    round.deadline = today + timedelta(days=21)
    round.state = PlacementRound.State.OPEN
    round.optimal = PlacementRound.Optimal.FELLOW
    round.solved_at = round.published_at = None
    round.full_clean()
    round.save()
    _start_over(round)

    labs = list(
        Laboratory.objects.filter(institution__program=program)
        .select_related("institution")
        .prefetch_related("topics")
        .order_by("name")
    )
    for lab in labs:
        RoundLab.objects.update_or_create(
            round=round,
            laboratory=lab,
            defaults={
                "places": lab.capacity,
                "ranked_at": None,
                "ranked_by": None,
                "ranked_by_interest_fit": False,
            },
        )
    fellows = list(selectors.round_fellows(round).prefetch_related("topics"))
    index = recommend.Index(selectors.lab_documents(labs))
    for i, fellow in enumerate(fellows):
        top = index.match(selectors.fellow_document(fellow), limit=3 + i % 3)
        for rank, match in enumerate(top, start=1):
            Preference.objects.create(
                round=round, fellow=fellow, laboratory_id=int(match.id), rank=rank
            )
    _conflict_load(round)
    blocked = selectors.conflicted_pairs(round)
    documents = {f.pk: selectors.fellow_document(f) for f in fellows}
    lab_documents = selectors.lab_documents(labs)
    now = timezone.now()
    ranked = 0
    for lab in labs:
        if lab.name in LEFT_UNRANKED:
            continue
        applicants = [
            documents[fellow_id]
            for fellow_id in Preference.objects.filter(round=round, laboratory=lab)
            .order_by("rank", "fellow__last_name")
            .values_list("fellow_id", flat=True)
            if (fellow_id, lab.pk) not in blocked
        ]
        if not applicants:
            continue
        order = recommend.rank_by_fit(str(lab.pk), applicants, lab_documents)
        for rank, (fellow_id, _) in enumerate(order, start=1):
            LabRanking.objects.create(
                round=round, laboratory=lab, fellow_id=int(fellow_id), rank=rank
            )
        RoundLab.objects.filter(round=round, laboratory=lab).update(
            ranked_at=now, ranked_by=lab.head.user if lab.head else None
        )
        ranked += 1
    if stdout is not None:
        stdout.write(
            f"  placement round for cohort {cohort}: open, {len(fellows)} fellows have "
            f"chosen labs, {ranked} labs have ranked\n"
        )
    return round


def _incoming_cohort(program) -> int:
    incoming = Fellow.objects.filter(program=program, status=Fellow.Status.INCOMING)
    years = incoming.values_list("cohort_year", flat=True).order_by("-cohort_year")
    return (
        years.first()
        or Fellow.objects.filter(program=program)
        .order_by("-cohort_year")
        .values_list("cohort_year", flat=True)
        .first()
    )


def _more_incoming_load(program, cohort: int) -> None:
    topics = {t.name: t for t in Topic.objects.filter(program=program)}
    for first, last, topic_names, interests in MORE_INCOMING:
        email = f"{first}.{last}@example.org".lower()
        fellow = Fellow.objects.filter(program=program, email=email).first() or Fellow(
            program=program, email=email
        )
        fellow.first_name, fellow.last_name = first, last
        fellow.cohort_year = cohort
        fellow.appointment_start = date(cohort, 7, 1)
        fellow.appointment_end = date(cohort + 2, 6, 30)
        fellow.status = Fellow.Status.INCOMING
        fellow.research_interests = interests
        fellow.laboratory = None
        fellow.citizenship = Fellow.Citizenship.US_CITIZEN
        fellow.full_clean()
        fellow.save()
        fellow.topics.set([topics[name] for name in topic_names if name in topics])


def _incoming_login_load(program) -> None:
    spec = INCOMING_LOGIN
    user = User.objects.filter(email=spec["email"]).first() or User(email=spec["email"])
    user.full_name = spec["full_name"]
    user.set_password(core_data.DEMO_PASSWORD)
    user.full_clean()
    user.save()
    Fellow.objects.filter(program=program, email=spec["fellow_email"]).update(user=user)


def _start_over(round: PlacementRound) -> None:
    """Drop what a previous run of the demo round left: choices, results, placements."""
    fellow_ids = list(selectors.round_fellows(round).values_list("pk", flat=True))
    if Assignment.objects.filter(round=round).exists():
        # Publishing gave the incoming fellows a lab and a mentor; they have none in the data.
        Mentorship.objects.filter(fellow_id__in=fellow_ids).delete()
        Fellow.objects.filter(pk__in=fellow_ids).update(laboratory=None)
    Assignment.objects.filter(round=round).delete()
    LabRanking.objects.filter(round=round).delete()
    Preference.objects.filter(round=round).delete()
    ConflictOfInterest.objects.filter(round=round).delete()


def _conflict_load(round: PlacementRound) -> None:
    fellow = Fellow.objects.filter(program=round.program, email=CONFLICT["fellow"]).first()
    faculty = FacultyMember.objects.filter(program=round.program, email=CONFLICT["faculty"]).first()
    if fellow and faculty:
        ConflictOfInterest.objects.create(
            round=round, fellow=fellow, faculty=faculty, reason=CONFLICT["reason"]
        )
