"""A placement round in the `world`: cohort 2025, where both world fellows are."""

import datetime as dt

from fellowship.placement import services
from fellowship.placement.models import PlacementRound, RoundLab
from tests import factories as f

DEADLINE = dt.date(2026, 12, 15)  # after the suite's fixed today (2026-11-25)


def round_for(world, *, state="open", chosen=True) -> PlacementRound:
    """The world's round (created once): world.lab plus a second lab, both with places.

    `chosen`: both world fellows chose world.lab first and the second lab second.
    """
    existing = PlacementRound.objects.filter(program=world.program, cohort_year=2025).first()
    if existing:
        return existing
    second = f.LaboratoryFactory(
        institution=world.institution,
        name="Genomics Lab",
        capacity=1,
        description="Variant interpretation in clinical genome sequencing.",
    )
    round = services.round_create(
        program=world.program, cohort_year=2025, deadline=DEADLINE, by=world.director
    )
    if state == "draft":
        return round
    round = services.round_transition(round=round, to="open", by=world.director)
    if chosen:
        for fellow, user in (
            (world.fellow_record, world.fellow),
            (world.other_fellow_record, world.other_fellow),
        ):
            services.preferences_save(
                round=round, fellow=fellow, lab_ids=[world.lab.pk, second.pk], by=user
            )
    return round


def second_lab(round):
    return RoundLab.objects.get(round=round, laboratory__name="Genomics Lab").laboratory
