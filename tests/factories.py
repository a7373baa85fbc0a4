"""factory_boy factories for the core records."""

import datetime as dt

import factory

from fellowship.accounts.models import ProgramRole, User
from fellowship.programs import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password("test-password")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Program
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Training Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    grant_number = "T15LM000001"
    description = "A two-year postdoctoral fellowship in biomedical informatics."


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Topic

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Topic {n}")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Institution

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Institution {n}")
    kind = models.Institution.Kind.HOSPITAL
    city = "Boston"


class FacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FacultyMember

    program = factory.SubFactory(ProgramFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"faculty{n}@example.org")
    degrees = "MD, PhD"
    title = "Associate Professor of Medicine"
    rank = models.FacultyMember.Rank.ASSOCIATE
    institution = factory.SubFactory(InstitutionFactory, program=factory.SelfAttribute("..program"))


class LaboratoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Laboratory

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Laboratory {n}")
    capacity = 2
    description = "Studies clinical data."


class FellowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Fellow

    program = factory.SubFactory(ProgramFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"fellow{n}@example.org")
    cohort_year = 2025
    appointment_start = dt.date(2025, 7, 1)
    appointment_end = dt.date(2027, 6, 30)
    status = models.Fellow.Status.ACTIVE
    citizenship = models.Fellow.Citizenship.US_CITIZEN
    prior_research_months = 6
    research_interests = "Clinical decision support."


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Mentorship

    fellow = factory.SubFactory(FellowFactory)
    faculty = factory.SubFactory(FacultyFactory, program=factory.SelfAttribute("..fellow.program"))
    kind = models.Mentorship.Kind.PRIMARY
    start = factory.SelfAttribute("fellow.appointment_start")


class LeaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Leave

    fellow = factory.SubFactory(FellowFactory)
    kind = models.Leave.Kind.MEDICAL
    start = dt.date(2026, 1, 5)
    end = dt.date(2026, 2, 13)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Position

    fellow = factory.SubFactory(FellowFactory)
    title = "Assistant Professor"
    department = "Biomedical Informatics"
    institution = "State University"
    sector = models.Position.Sector.ACADEMIA
    activity = models.Position.Activity.RESEARCH
    start = dt.date(2027, 7, 1)


class DegreeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DoctoralDegree

    fellow = factory.SubFactory(FellowFactory)
    degree = "PhD"
    year = 2024
    institution = "State University"


def staff_role(user, program, role):
    return ProgramRole.objects.create(user=user, program=program, role=role)
