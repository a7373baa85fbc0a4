"""Reads that the placement pages and services share, each in a fixed number of queries."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery

from fellowship.programs.models import Fellow, Laboratory

from . import engine, recommend
from .models import (
    Assignment,
    ConflictOfInterest,
    LabRanking,
    PlacementRound,
    Preference,
    RoundLab,
)


def round_fellows(round: PlacementRound):
    """The fellows a round places: its cohort, less those who left or completed."""
    return (
        Fellow.objects.filter(program_id=round.program_id, cohort_year=round.cohort_year)
        .current()
        .order_by("last_name", "first_name")
    )


def round_labs(round: PlacementRound):
    return RoundLab.objects.filter(round=round).select_related(
        "laboratory__institution", "laboratory__head", "ranked_by"
    )


def rounds_for_list(program):
    return (
        PlacementRound.objects.filter(program=program)
        .select_related("program")
        .annotate(
            lab_count=Count("labs", filter=Q(labs__places__gt=0), distinct=True),
            choosers=Count("preferences__fellow", distinct=True),
        )
    )


def rounds_for_fellow(program, fellow_id):
    fellow = Fellow.objects.filter(program=program, pk=fellow_id).first()
    if fellow is None:
        return PlacementRound.objects.none()
    return (
        PlacementRound.objects.filter(program=program, cohort_year=fellow.cohort_year)
        .exclude(state=PlacementRound.State.DRAFT)
        .select_related("program")
    )


def labs_of_faculty_in_rounds(program, faculty_id):
    """RoundLabs of rounds past draft whose lab the faculty member heads or belongs to."""
    if faculty_id is None:
        return RoundLab.objects.none()
    return (
        RoundLab.objects.filter(round__program=program, places__gt=0)
        .exclude(round__state=PlacementRound.State.DRAFT)
        .filter(Q(laboratory__head_id=faculty_id) | Q(laboratory__members=faculty_id))
        .distinct()
        .select_related("round__program", "laboratory__institution")
        .annotate(
            applicants=Subquery(
                Preference.objects.filter(
                    round=OuterRef("round"), laboratory=OuterRef("laboratory")
                )
                .values("round")
                .annotate(n=Count("pk"))
                .values("n")
            )
        )
        .order_by("-round__cohort_year", "laboratory__name")
    )


# Conflicts and the engine instance ------------------------------------------------------


def conflicted_pairs(round: PlacementRound) -> set[tuple[int, int]]:
    """(fellow id, lab id) pairs blocked by a conflict of interest."""
    conflicts = list(
        ConflictOfInterest.objects.filter(round=round).values_list("fellow_id", "faculty_id")
    )
    if not conflicts:
        return set()
    faculty_ids = {faculty for _, faculty in conflicts}
    labs_of = defaultdict(set)
    for lab_id, head_id in Laboratory.objects.filter(head_id__in=faculty_ids).values_list(
        "id", "head_id"
    ):
        labs_of[head_id].add(lab_id)
    through = Laboratory.members.through
    for lab_id, faculty_id in through.objects.filter(facultymember_id__in=faculty_ids).values_list(
        "laboratory_id", "facultymember_id"
    ):
        labs_of[faculty_id].add(lab_id)
    return {(fellow, lab) for fellow, faculty in conflicts for lab in labs_of[faculty]}


@dataclass
class RoundData:
    """Everything the engine needs, read once: choices, rankings, places, conflicts."""

    fellows: list  # Fellow records in the round
    labs: list  # RoundLab records
    choices: dict[int, list[int]]  # fellow id -> lab ids, first choice first
    rankings: dict[int, list[int]]  # lab id -> fellow ids, best first (only applicants)
    blocked: set[tuple[int, int]]

    def instance(self) -> engine.Instance:
        fellows = tuple(
            engine.FellowChoices(
                id=str(f.pk),
                choices=tuple(
                    str(lab)
                    for lab in self.choices.get(f.pk, [])
                    if (f.pk, lab) not in self.blocked
                ),
            )
            for f in self.fellows
        )
        labs = tuple(
            engine.LabRanking(
                id=str(rl.laboratory_id),
                capacity=rl.places,
                ranking=tuple(
                    str(fellow)
                    for fellow in self.rankings.get(rl.laboratory_id, [])
                    if (fellow, rl.laboratory_id) not in self.blocked
                ),
            )
            for rl in self.labs
        )
        return engine.Instance(fellows=fellows, labs=labs)


CONFLICT_TEXT = "a conflict of interest"


def why_not(data: RoundData, explanation, fellow_id: int, lab_id: int | None, *, staff: bool):
    """[(lab id, text)] for each lab the fellow listed above the one they got.

    Labs blocked by a conflict of interest are not in the engine's instance; they are
    explained here. Staff read "the fellow" where the fellow reads "you".
    """
    engine_reasons = {
        int(lab): reason for lab, reason in (explanation.why_not if explanation else [])
    }
    reasons = []
    for choice in data.choices.get(fellow_id, []):
        if choice == lab_id:
            break
        if (fellow_id, choice) in data.blocked:
            reasons.append((choice, CONFLICT_TEXT))
        elif choice in engine_reasons:
            text = engine.WHY_NOT_TEXT[engine_reasons[choice]]
            if staff:
                text = text.replace(" you", " the fellow")
            reasons.append((choice, text))
    return reasons


def choice_rank(data: RoundData, fellow_id: int, lab_id: int | None) -> int | None:
    """Where the fellow listed the lab (1 for the first choice), counting every choice."""
    listed = data.choices.get(fellow_id, [])
    return listed.index(lab_id) + 1 if lab_id in listed else None


def round_data(round: PlacementRound) -> RoundData:
    fellows = list(round_fellows(round))
    in_round = {f.pk for f in fellows}
    labs = list(round_labs(round))
    lab_ids = {rl.laboratory_id for rl in labs}
    choices: dict[int, list[int]] = defaultdict(list)
    for fellow_id, lab_id in (
        Preference.objects.filter(round=round)
        .order_by("fellow_id", "rank")
        .values_list("fellow_id", "laboratory_id")
    ):
        if fellow_id in in_round and lab_id in lab_ids:
            choices[fellow_id].append(lab_id)
    rankings: dict[int, list[int]] = defaultdict(list)
    for lab_id, fellow_id in (
        LabRanking.objects.filter(round=round)
        .order_by("laboratory_id", "rank")
        .values_list("laboratory_id", "fellow_id")
    ):
        if lab_id in choices.get(fellow_id, ()):  # only fellows who still choose the lab
            rankings[lab_id].append(fellow_id)
    return RoundData(
        fellows=fellows,
        labs=labs,
        choices=dict(choices),
        rankings=dict(rankings),
        blocked=conflicted_pairs(round),
    )


# The round's detail page ----------------------------------------------------------------


@dataclass
class LabRow:
    round_lab: RoundLab
    applicants: int
    ranked: int  # fellows ranked

    @property
    def needs_ranking(self):
        return self.applicants > 0 and self.round_lab.places > 0 and not self.round_lab.ranked_at


@dataclass
class RoundSummary:
    round: PlacementRound
    labs: list[LabRow]
    fellows: list  # (Fellow, number of labs chosen)
    fellows_who_ranked: int
    conflicts: list
    places: int

    @property
    def labs_that_ranked(self):
        return sum(1 for row in self.labs if row.round_lab.ranked_at)

    @property
    def labs_with_applicants(self):
        return sum(1 for row in self.labs if row.applicants)

    @property
    def labs_needing_ranking(self):
        return [row for row in self.labs if row.needs_ranking]


def round_summary(round: PlacementRound) -> RoundSummary:
    data = round_data(round)
    applicants = Counter(lab for labs in data.choices.values() for lab in labs)
    rows = [
        LabRow(
            round_lab=rl,
            applicants=applicants[rl.laboratory_id],
            ranked=len(data.rankings.get(rl.laboratory_id, [])),
        )
        for rl in data.labs
    ]
    conflicts = list(
        ConflictOfInterest.objects.filter(round=round).select_related("fellow", "faculty")
    )
    return RoundSummary(
        round=round,
        labs=rows,
        fellows=[(f, len(data.choices.get(f.pk, []))) for f in data.fellows],
        fellows_who_ranked=sum(1 for f in data.fellows if data.choices.get(f.pk)),
        conflicts=conflicts,
        places=sum(rl.places for rl in data.labs),
    )


# A fellow's page --------------------------------------------------------------------------


def lab_documents(labs) -> list[recommend.Document]:
    return [
        recommend.Document(
            id=str(lab.pk),
            text=f"{lab.name}. {lab.description}",
            topics=tuple(t.name for t in lab.topics.all()),
        )
        for lab in labs
    ]


def fellow_document(fellow) -> recommend.Document:
    return recommend.Document(
        id=str(fellow.pk),
        text=fellow.research_interests,
        topics=tuple(t.name for t in fellow.topics.all()),
    )


@dataclass
class Recommendation:
    lab: Laboratory
    places: int
    match: recommend.Match
    description: list[tuple[str, bool]]  # the lab's description, matching words marked


@dataclass
class FellowPage:
    fellow: Fellow
    labs: list  # RoundLabs with places, for the choice form
    choices: list  # Preference records, first choice first
    recommendations: list[Recommendation]
    assignment: Assignment | None = None
    why_not: list[tuple[Laboratory, str]] = field(default_factory=list)


def fellow_page(round: PlacementRound, fellow: Fellow, *, published: bool) -> FellowPage:
    labs = list(
        round_labs(round)
        .filter(places__gt=0)
        .prefetch_related("laboratory__topics")
        .order_by("laboratory__name")
    )
    fellow = Fellow.objects.prefetch_related("topics").get(pk=fellow.pk)
    choices = list(
        Preference.objects.filter(round=round, fellow=fellow)
        .select_related("laboratory__institution")
        .order_by("rank")
    )
    by_id = {str(rl.laboratory_id): rl for rl in labs}
    matches = recommend.recommend(
        fellow_document(fellow), lab_documents(rl.laboratory for rl in labs)
    )
    recommendations = []
    for match in matches:
        if match.score <= 0:
            continue
        rl = by_id[match.id]
        stems = {recommend.stem(t) for t in match.terms}
        recommendations.append(
            Recommendation(
                lab=rl.laboratory,
                places=rl.places,
                match=match,
                description=recommend.highlight(rl.laboratory.description, stems),
            )
        )
    page = FellowPage(fellow=fellow, labs=labs, choices=choices, recommendations=recommendations)
    if published:
        page.assignment = (
            Assignment.objects.filter(round=round, fellow=fellow)
            .select_related("laboratory__institution", "laboratory__head")
            .first()
        )
        data = round_data(round)
        assigned = {str(f.pk): None for f in data.fellows} | {
            str(fellow_id): (str(lab_id) if lab_id else None)
            for fellow_id, lab_id in Assignment.objects.filter(round=round).values_list(
                "fellow_id", "laboratory_id"
            )
        }
        explanation = engine.explain(data.instance(), assigned).get(str(fellow.pk))
        names = {c.laboratory_id: c.laboratory for c in choices}
        lab_id = page.assignment.laboratory_id if page.assignment else None
        page.why_not = [
            (names[lab], text)
            for lab, text in why_not(data, explanation, fellow.pk, lab_id, staff=False)
            if lab in names
        ]
    return page


# A lab's applicants ---------------------------------------------------------------------


@dataclass
class Applicant:
    fellow: Fellow
    choice_rank: int | None  # where the fellow put this lab (None: not the viewer's to see)
    lab_rank: int | None  # where the lab put the fellow
    match: recommend.Match | None


def lab_applicants(
    round: PlacementRound, lab: Laboratory, *, with_choices: bool
) -> list[Applicant]:
    """Fellows who chose the lab (less conflicted pairs), in the lab's order, then by fit.

    `with_choices` (`placement.view_applicant_choices`): the staff see where each fellow
    put the lab and it breaks ties; without it there is no choice rank, not even in the
    order (ties stay by name)."""
    blocked = conflicted_pairs(round)
    prefs = list(
        Preference.objects.filter(round=round, laboratory=lab)
        .select_related("fellow")
        .prefetch_related("fellow__topics")
        .order_by("fellow__last_name", "fellow__first_name")
    )
    prefs = [p for p in prefs if (p.fellow_id, lab.pk) not in blocked]
    ranks = dict(
        LabRanking.objects.filter(round=round, laboratory=lab).values_list("fellow_id", "rank")
    )
    labs = [
        rl.laboratory
        for rl in RoundLab.objects.filter(round=round)
        .select_related("laboratory")
        .prefetch_related("laboratory__topics")
    ]
    index = recommend.Index(lab_documents(labs))
    applicants = []
    for p in prefs:
        match = next(
            (m for m in index.match(fellow_document(p.fellow)) if m.id == str(lab.pk)), None
        )
        choice = p.rank if with_choices else None
        applicants.append(Applicant(p.fellow, choice, ranks.get(p.fellow_id), match))
    unranked = len(applicants) + 1
    applicants.sort(
        key=lambda a: (
            a.lab_rank or unranked,
            -(a.match.score if a.match else 0),
            a.choice_rank or 0,
        )
    )
    return applicants


# The result -------------------------------------------------------------------------------


@dataclass
class ResultRow:
    assignment: Assignment
    choices: list  # Laboratory records, first choice first
    why_not: list[tuple[Laboratory, str]]


@dataclass
class Bar:
    label: str
    value: int
    of: int

    @property
    def percent(self):
        return round(100 * self.value / self.of) if self.of else 0


@dataclass
class RoundResult:
    rows: list[ResultRow]
    explanations: dict
    blocking_pairs: list[tuple[Fellow, Laboratory]]
    overridden: int
    choice_bars: list[Bar]
    institution_bars: list[Bar]
    placed: int
    fellows: int
    places: int

    @property
    def stable(self):
        return not self.overridden and not self.blocking_pairs

    @property
    def guaranteed_stable(self):
        return not self.overridden


def round_result(round: PlacementRound) -> RoundResult:
    data = round_data(round)
    instance = data.instance()
    assignments = list(
        Assignment.objects.filter(round=round).select_related(
            "fellow", "laboratory__institution", "overridden_by"
        )
    )
    placed = {
        str(a.fellow_id): (str(a.laboratory_id) if a.laboratory_id else None) for a in assignments
    }
    for f in instance.fellows:
        placed.setdefault(f.id, None)
    explanations = engine.explain(instance, placed)
    pairs = engine.blocking_pairs(instance, placed)
    labs = {rl.laboratory_id: rl.laboratory for rl in data.labs}
    fellows = {f.pk: f for f in data.fellows}
    rows = []
    for a in assignments:
        explanation = explanations.get(str(a.fellow_id))
        rows.append(
            ResultRow(
                assignment=a,
                choices=[labs[lab] for lab in data.choices.get(a.fellow_id, []) if lab in labs],
                why_not=[
                    (labs[lab], text)
                    for lab, text in why_not(
                        data, explanation, a.fellow_id, a.laboratory_id, staff=True
                    )
                    if lab in labs
                ],
            )
        )
    by_rank = Counter(a.choice_rank for a in assignments if a.laboratory_id)
    n_fellows = len(assignments)
    deepest = max((len(c) for c in data.choices.values()), default=0)
    choice_bars = [
        Bar(label=_ordinal(rank) + " choice", value=by_rank.get(rank, 0), of=n_fellows)
        for rank in range(1, max(deepest, max((r for r in by_rank if r), default=0)) + 1)
    ]
    if by_rank.get(None):
        choice_bars.append(Bar("a lab not listed", by_rank[None], n_fellows))
    unplaced = sum(1 for a in assignments if not a.laboratory_id)
    choice_bars.append(Bar("not placed", unplaced, n_fellows))
    places_at = Counter()
    filled_at = Counter()
    for rl in data.labs:
        places_at[rl.laboratory.institution.name] += rl.places
    for a in assignments:
        if a.laboratory_id and a.laboratory_id in labs:
            filled_at[labs[a.laboratory_id].institution.name] += 1
    institution_bars = [
        Bar(label=name, value=filled_at[name], of=places_at[name])
        for name in sorted(places_at)
        if places_at[name]
    ]
    return RoundResult(
        rows=rows,
        explanations=explanations,
        blocking_pairs=[
            (fellows[int(f)], labs[int(lab)])
            for f, lab in pairs
            if int(f) in fellows and int(lab) in labs
        ],
        overridden=sum(1 for a in assignments if a.overridden),
        choice_bars=choice_bars,
        institution_bars=institution_bars,
        placed=n_fellows - unplaced,
        fellows=n_fellows,
        places=sum(rl.places for rl in data.labs),
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def assignments_for_publishing(round: PlacementRound):
    return Assignment.objects.filter(round=round).select_related(
        "fellow__program", "laboratory__institution__program", "laboratory__head"
    )
