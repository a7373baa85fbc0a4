"""Every URL, every role: each gets what it should and nothing more.

The table below must name every URL pattern of the site; a new URL without a row fails
`test_every_url_is_in_the_table`, so no page can ship without its permission test.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fellowship.accounts.models import ProgramRole
from tests.curriculum.helpers import curriculum_for, enrollment_for, requirement_for
from tests.grants.helpers import VALID_TOKEN, application_for, survey_for
from tests.news.helpers import post_for, published_post_for
from tests.placement.helpers import round_for
from tests.progress.helpers import feed_for, plan_for, templates_for
from tests.publications.helpers import publication_for
from tests.thesis.helpers import thesis_file, thesis_for, thesis_public_document, thesis_with_files

from . import _roles

ROLES = _roles.ROLES
OK, LOGIN, DENIED = 200, "login", 403
ALL_MEMBERS = {"fellow", "other_fellow", "mentor", "unrelated_faculty", "coordinator", "director"}
STAFF = {"coordinator", "director"}


def only(*allowed, anonymous=LOGIN):
    """Expectation: 200 for the allowed roles, 403 for the other members, `anonymous` for anon."""
    expected = {role: (OK if role in allowed else DENIED) for role in ROLES}
    expected["anonymous"] = anonymous
    expected["outsider"] = DENIED
    return expected


EVERYONE = {role: OK for role in ROLES}
MEMBERS = only(*ALL_MEMBERS)


def staff_only():
    return only(*STAFF)


# name -> (kwargs builder(world), expectations)
P = lambda w: {"program": w.program.slug}  # noqa: E731


def fellow_kwargs(attr):
    return lambda w: {"program": w.program.slug, "pk": getattr(w, attr).pk}


def record(kind, attr):
    return lambda w: {
        "program": w.program.slug,
        "fellow": w.fellow_record.pk,
        "kind": kind,
        "pk": getattr(w, attr).pk,
    }


def placement_round(**extra):
    """A page of the world's placement round; `extra` builds more URL kwargs from the world."""
    return lambda w: {
        "program": w.program.slug,
        "pk": round_for(w).pk,
        **{name: build(w) for name, build in extra.items()},
    }


def curriculum_course(w):
    curriculum_for(w)
    return {"program": w.program.slug, "pk": w.program.courses.get(code="BMI 701").pk}


def curriculum_version(w):
    return {"program": w.program.slug, "pk": curriculum_for(w).pk}


def curriculum_fellow(attr):
    return lambda w: {"program": w.program.slug, "pk": curriculum_for(w) and getattr(w, attr).pk}


def curriculum_enrollment(w):
    e = enrollment_for(w)
    return {"program": w.program.slug, "pk": w.fellow_record.pk, "enrollment": e.pk}


def grant_application(w):
    return {"program": w.program.slug, "pk": application_for(w).pk}


def grant_fellow(w):
    return {"program": w.program.slug, "fellow": w.fellow_record.pk}


def progress_fellow(attr, **extra):
    """A progress page of a fellow; `extra` builds more URL kwargs from the world."""
    return lambda w: {
        "program": w.program.slug,
        "pk": getattr(w, attr).pk,
        **{name: build(w) for name, build in extra.items()},
    }


def progress_template(w):
    return {"program": w.program.slug, "pk": templates_for(w)[0].pk}


TABLE = {
    "web:public_home": [(lambda w: {}, EVERYONE)],
    "login": [(lambda w: {}, EVERYONE)],
    "password_reset": [(lambda w: {}, EVERYONE)],
    "password_reset_done": [(lambda w: {}, EVERYONE)],
    "password_reset_complete": [(lambda w: {}, EVERYONE)],
    "password_reset_confirm": [(lambda w: {"uidb64": "MQ", "token": "set-password"}, EVERYONE)],
    "password_change": [(lambda w: {}, {**EVERYONE, "anonymous": LOGIN})],
    "password_change_done": [(lambda w: {}, {**EVERYONE, "anonymous": LOGIN})],
    "programs:dashboard": [(P, MEMBERS)],
    "programs:program_edit": [(P, only("director"))],
    # The emailed invitation link: a forged or unknown token is 404 for everyone (a valid
    # one is tested in tests/accounts/test_linking.py).
    "programs:invitation_accept": [
        (lambda w: {**P(w), "token": "not-a-token"}, {role: 404 for role in ROLES})
    ],
    "web:lockouts": [(P, only("director"))],
    "programs:fellow_list": [(P, staff_only())],
    "programs:fellow_create": [(P, staff_only())],
    "programs:fellow_detail": [
        (fellow_kwargs("fellow_record"), only("fellow", "mentor", *STAFF)),
        (fellow_kwargs("other_fellow_record"), only("other_fellow", *STAFF)),
    ],
    "programs:fellow_edit": [(fellow_kwargs("fellow_record"), staff_only())],
    "programs:fellow_record_create": [
        (
            lambda w, k=k: {"program": w.program.slug, "fellow": w.fellow_record.pk, "kind": k},
            staff_only(),
        )
        for k in ("degrees", "mentorships", "leaves", "positions")
    ],
    "programs:fellow_record_edit": [
        (record("degrees", "degree"), staff_only()),
        (record("mentorships", "mentorship"), staff_only()),
        (record("leaves", "leave"), staff_only()),
        (record("positions", "position"), staff_only()),
    ],
    "programs:fellow_record_delete": [
        (record("leaves", "leave"), staff_only()),
        (record("positions", "position"), staff_only()),
    ],
    "programs:faculty_list": [(P, MEMBERS)],
    "programs:faculty_create": [(P, staff_only())],
    "programs:faculty_detail": [(fellow_kwargs("mentor_faculty"), MEMBERS)],
    "programs:faculty_edit": [(fellow_kwargs("mentor_faculty"), staff_only())],
    "programs:lab_list": [(P, MEMBERS)],
    "programs:lab_create": [(P, staff_only())],
    "programs:lab_detail": [(fellow_kwargs("lab"), MEMBERS)],
    "programs:lab_edit": [(fellow_kwargs("lab"), staff_only())],
    "programs:institution_list": [(P, MEMBERS)],
    "programs:institution_create": [(P, staff_only())],
    "programs:institution_detail": [(fellow_kwargs("institution"), MEMBERS)],
    "programs:institution_edit": [(fellow_kwargs("institution"), staff_only())],
    "programs:topic_list": [(P, MEMBERS)],
    "programs:topic_create": [(P, staff_only())],
    "programs:topic_edit": [(fellow_kwargs("topic"), staff_only())],
    "programs:import": [(P, staff_only())],
    "programs:import_template": [
        (lambda w: {"program": w.program.slug, "kind": "fellows"}, staff_only())
    ],
    "placement:round_list": [(P, MEMBERS)],
    "placement:round_create": [(P, only("director"))],
    "placement:round_detail": [(placement_round(), staff_only())],
    "placement:round_result": [(placement_round(), staff_only())],
    "placement:conflict_create": [(placement_round(), staff_only())],
    # A fellow's choices and result: the fellow and the staff (not even their mentor).
    "placement:choices": [
        (placement_round(fellow=lambda w: w.fellow_record.pk), only("fellow", *STAFF)),
        (placement_round(fellow=lambda w: w.other_fellow_record.pk), only("other_fellow", *STAFF)),
    ],
    # A lab's applicants: its faculty (the mentor heads world.lab) and the staff.
    "placement:applicants": [(placement_round(lab=lambda w: w.lab.pk), only("mentor", *STAFF))],
    # Curriculum: the catalog and requirements are for every member; grades are private.
    "curriculum:course_list": [(P, MEMBERS)],
    "curriculum:course_create": [(P, staff_only())],
    "curriculum:course_detail": [(curriculum_course, MEMBERS)],
    "curriculum:course_edit": [(curriculum_course, staff_only())],
    "curriculum:requirement_set_list": [(P, MEMBERS)],
    "curriculum:requirement_set_create": [(P, only("director"))],
    "curriculum:requirement_set_detail": [(curriculum_version, MEMBERS)],
    "curriculum:requirement_set_edit": [(curriculum_version, only("director"))],
    "curriculum:requirement_create": [(curriculum_version, only("director"))],
    "curriculum:requirement_edit": [
        (
            lambda w: {**curriculum_version(w), "item": requirement_for(w).pk},
            only("director"),
        )
    ],
    # A fellow's audit and grades: the fellow, their current mentors and the staff.
    "curriculum:degree_audit": [
        (curriculum_fellow("fellow_record"), only("fellow", "mentor", *STAFF)),
        (curriculum_fellow("other_fellow_record"), only("other_fellow", *STAFF)),
    ],
    "curriculum:enrollment_create": [(curriculum_fellow("fellow_record"), staff_only())],
    "curriculum:enrollment_edit": [(curriculum_enrollment, staff_only())],
    "curriculum:enrollment_delete": [(curriculum_enrollment, staff_only())],
    "curriculum:mentees": [(P, only("mentor", "unrelated_faculty", *STAFF))],
    "curriculum:cohort": [(P, staff_only())],
    "curriculum:cohort_export": [
        (lambda w, f=f: {"program": w.program.slug, "format": f}, staff_only())
        for f in ("csv", "xlsx")
    ],
    # NIH training tables: the director and the coordinator only.
    "reports:index": [(P, staff_only())],
    "reports:download": [
        (lambda w, f=f: {"program": w.program.slug, "format": f}, staff_only())
        for f in ("csv", "xlsx", "docx")
    ],
    "reports:summaries": [(P, staff_only())],
    "reports:completeness": [(P, staff_only())],
    "reports:dashboard": [(P, staff_only())],
    "reports:dashboard_rows": [
        (lambda w, c=c: {"program": w.program.slug, "chart": c}, staff_only())
        for c in ("cohorts", "milestones", "placement", "completion", "grants", "sectors")
    ]
    + [(lambda w: {"program": w.program.slug, "chart": "publications"}, staff_only())],
    "reports:summaries_download": [
        (lambda w, f=f: {"program": w.program.slug, "format": f}, staff_only())
        for f in ("csv", "docx")
    ],
    "grants:application_list": [(P, MEMBERS)],
    "grants:application_create": [(P, only("fellow", "other_fellow", *STAFF))],
    # An application: the fellow, their mentor and the staff.
    "grants:application_detail": [(grant_application, only("fellow", "mentor", *STAFF))],
    "grants:application_edit": [(grant_application, only("fellow", "mentor", *STAFF))],
    "grants:windows": [(P, staff_only())],
    "grants:postdoc_start": [(grant_fellow, staff_only())],
    "grants:alumni": [(P, staff_only())],
    "grants:alumni_grant_create": [(grant_fellow, staff_only())],
    # The alumni survey needs no login: the private link is the key; a bad link is refused.
    # Progress: the cohort for staff and faculty (faculty see their mentees only); a
    # fellow's timeline and plan for the fellow, their mentors and the staff; the IDP is
    # private to the fellow, their mentors and the director (not the coordinator).
    "progress:cohort": [(P, only("mentor", "unrelated_faculty", *STAFF))],
    "progress:template_list": [(P, MEMBERS)],
    "progress:template_create": [(P, only("director"))],
    "progress:template_edit": [(progress_template, only("director"))],
    "progress:calendar": [(P, MEMBERS)],
    "progress:timeline": [
        (progress_fellow("fellow_record"), only("fellow", "mentor", *STAFF)),
        (progress_fellow("other_fellow_record"), only("other_fellow", *STAFF)),
    ],
    "progress:plan": [
        (progress_fellow("fellow_record"), only("fellow", "mentor", *STAFF)),
        (progress_fellow("other_fellow_record"), only("other_fellow", *STAFF)),
    ],
    "progress:plan_edit": [
        (progress_fellow("fellow_record"), only("fellow")),
        (progress_fellow("other_fellow_record"), only("other_fellow")),
    ],
    "progress:plan_version": [
        (
            progress_fellow("fellow_record", number=lambda w: plan_for(w) and 1),
            only("fellow", "mentor", *STAFF),
        )
    ],
    "progress:plan_file": [
        (
            progress_fellow("fellow_record", number=lambda w: plan_for(w) and 1),
            only("fellow", "mentor", *STAFF),
        )
    ],
    "progress:idp": [
        (progress_fellow("fellow_record"), only("fellow", "mentor", "director")),
        (progress_fellow("other_fellow_record"), only("other_fellow", "director")),
    ],
    "progress:idp_edit": [
        (progress_fellow("fellow_record", year=lambda w: 1), only("fellow")),
    ],
    # The calendar feed needs no login (calendar programs cannot log in): the token is
    # the key; an unknown token is 404 for everyone.
    "calendar_feed:feed": [
        (lambda w: {"token": feed_for(w).token}, EVERYONE),
        (lambda w: {"token": "not-a-token"}, {role: 404 for role in ROLES}),
    ],
    "survey:take": [
        (lambda w: {"token": survey_for(w) and VALID_TOKEN}, EVERYONE),
        (lambda w: {"token": "not-a-token"}, {role: 410 for role in ROLES}),
    ],
    # Publications: every member reads them; the staff import, review authors, merge.
    "publications:list": [(P, MEMBERS)],
    "publications:detail": [
        (lambda w: {"program": w.program.slug, "pk": publication_for(w).pk}, MEMBERS)
    ],
    "publications:import": [(P, staff_only())],
    "publications:review": [(P, staff_only())],
    # News: drafts, writing and consent are the staff's.
    "news:post_list": [(P, staff_only())],
    "news:create": [(P, staff_only())],
    "news:edit": [(lambda w: {"program": w.program.slug, "pk": post_for(w).pk}, staff_only())],
    "news:consent": [(P, staff_only())],
    # The public website needs no login; a draft is not found, whoever asks.
    "public:news_list": [(lambda w: {}, EVERYONE)],
    "public:news_feed": [(lambda w: {}, EVERYONE)],
    "public:news_detail": [
        (lambda w: {"slug": published_post_for(w).slug}, EVERYONE),
        (lambda w: {"slug": post_for(w, title="Draft").slug}, {role: 404 for role in ROLES}),
    ],
    "public:labs": [(lambda w: {}, EVERYONE)],
    "public:faculty": [(lambda w: {"pk": w.mentor_faculty.pk}, EVERYONE)],
    "public:people": [(lambda w: {}, EVERYONE)],
    # Thesis: the fellow's page is for the fellow, their mentor, their committee and the
    # staff (the world thesis's committee chair is the unrelated faculty member).
    "thesis:table": [(P, staff_only())],
    "thesis:committees": [(P, only("mentor", "unrelated_faculty", *STAFF))],
    "thesis:detail": [
        (lambda w: {**P(w), "fellow": thesis_for(w).fellow_id}, only("fellow", "mentor", *STAFF)),
        (lambda w: {**P(w), "fellow": w.other_fellow_record.pk}, only("other_fellow", *STAFF)),
    ],
    "thesis:edit": [
        (lambda w: {**P(w), "fellow": thesis_for(w).fellow_id}, only("fellow", "mentor", *STAFF))
    ],
    "thesis:meeting_create": [
        (
            lambda w: {**P(w), "fellow": thesis_with_files(w).fellow_id},
            only("mentor", "unrelated_faculty", *STAFF),
        )
    ],
    "thesis:meeting_report": [
        (
            lambda w: {**P(w), "fellow": w.fellow_record.pk, "pk": thesis_file(w, "meetings")},
            only("fellow", "mentor", "unrelated_faculty", *STAFF),
        )
    ],
    "thesis:document_file": [
        (
            lambda w: {**P(w), "fellow": w.fellow_record.pk, "pk": thesis_file(w, "documents")},
            only("fellow", "mentor", "unrelated_faculty", *STAFF),
        )
    ],
    "thesis:calendar": [
        (
            lambda w: {**P(w), "fellow": thesis_with_files(w).fellow_id},
            only("fellow", "mentor", "unrelated_faculty", *STAFF),
        )
    ],
    # Public: announced defenses; a thesis only once the director made it public.
    "thesis_public:defenses": [(lambda w: {}, EVERYONE)],
    "thesis_public:document": [
        (lambda w: {"public_id": thesis_public_document(w, public=True).public_id}, EVERYONE),
        (
            lambda w: {"public_id": thesis_public_document(w, public=False).public_id},
            {r: 404 for r in ROLES},
        ),
    ],
}

# Reached by redirect or POST only, or Django's own admin (superusers); tested elsewhere.
NOT_IN_TABLE = {
    "web:home_for_user": "redirects; see test_home_for_user_lands_on_the_dashboard",
    "logout": "POST only; see test_logout",
    "web:lockout_lift": "POST only; see tests/web/test_sign_in_throttle.py",
    "programs:fellow_invite": "POST only; see test_invite_needs_staff",
    "programs:faculty_invite": "POST only; see test_invite_needs_staff",
    "programs:invitation_confirm": "POST only; see tests/accounts/test_linking.py",
    "placement:round_places": "POST only; see tests/placement/test_views.py",
    "placement:round_transition": "POST only; see tests/placement/test_views.py",
    "placement:round_rank_by_fit": "POST only; see tests/placement/test_views.py",
    "curriculum:requirement_delete": "POST only; see tests/curriculum/test_views.py",
    "grants:application_transition": "POST only; see tests/grants/test_views.py",
    "reports:summary_save": "POST only; see tests/reports/test_summaries.py",
    "grants:checklist_mark": "POST only; see tests/grants/test_views.py",
    "grants:application_resubmit": "POST only; see tests/grants/test_views.py",
    "grants:survey_send": "POST only; see tests/grants/test_survey.py",
    "progress:calendar_reset": "POST only; see tests/progress/test_calendar.py",
    "progress:milestone_record": "POST only; see tests/progress/test_views.py",
    "progress:orientation_mark": "POST only; see tests/progress/test_views.py",
    "progress:plan_transition": "POST only; see tests/progress/test_views.py",
    "progress:idp_transition": "POST only; see tests/progress/test_views.py",
    "publications:status": "POST only; see tests/publications/test_views.py",
    "publications:merge": "POST only; see tests/publications/test_views.py",
    "news:publish": "POST only; see tests/news/test_views.py",
    "news:suggest_graduations": "POST only; see tests/news/test_views.py",
    "thesis:start": "POST only; see tests/thesis/test_views.py",
    "thesis:transition": "POST only; see tests/thesis/test_views.py",
    "thesis:committee_add": "POST only; see tests/thesis/test_views.py",
    "thesis:committee_remove": "POST only; see tests/thesis/test_views.py",
    "thesis:paper_add": "POST only; see tests/thesis/test_views.py",
    "thesis:paper_remove": "POST only; see tests/thesis/test_views.py",
    "thesis:seat_confirm": "POST only; see tests/thesis/test_views.py",
    "thesis:seat_sign_off": "POST only; see tests/thesis/test_views.py",
    "thesis:defense_news": "POST only; see tests/thesis/test_views.py",
    "thesis:document_upload": "POST only; see tests/thesis/test_views.py",
    "thesis:document_publish": "POST only; see tests/thesis/test_views.py",
}


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_is_in_the_table():
    missing = set(url_names()) - set(TABLE) - set(NOT_IN_TABLE)
    assert not missing, f"URLs without a permission row: {sorted(missing)}"


CASES = [
    (name, index, role)
    for name, variants in TABLE.items()
    for index in range(len(variants))
    for role in ROLES
]


@pytest.mark.parametrize(("name", "index", "role"), CASES)
def test_get(client, world, name, index, role):
    kwargs_for, expected = TABLE[name][index]
    url = reverse(name, kwargs=kwargs_for(world))
    _roles.log_in(client, world, role)
    response = client.get(url)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302, (url, role, response.status_code)
        assert response["Location"].startswith(reverse("login")), response["Location"]
    else:
        assert response.status_code == want, (url, role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_posting_a_form_needs_the_permission(client, world, role):
    """A coordinator's form posted by someone who may not: 403 and nothing changes."""
    _roles.log_in(client, world, role)
    url = reverse("programs:institution_create", kwargs={"program": world.program.slug})
    before = world.program.institutions.count()
    response = client.post(url, {"name": "Sneaky Hospital", "kind": "hospital"})
    created = world.program.institutions.count() - before
    if role in STAFF:
        assert response.status_code == 302 and created == 1
    else:
        assert response.status_code in (302, 403) and created == 0
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", sorted(ALL_MEMBERS | {"outsider"}))
def test_home_for_user_lands_on_the_dashboard(client, world, role):
    _roles.log_in(client, world, role)
    response = client.get(reverse("web:home_for_user"))
    program = world.other_program if role == "outsider" else world.program
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:dashboard", kwargs={"program": program.slug})


def test_home_for_user_without_a_role_explains(client, world):
    from tests.factories import UserFactory

    client.force_login(UserFactory(email="nobody@test.org"))
    response = client.get(reverse("web:home_for_user"))
    assert response.status_code == 200
    assert b"no role in any program" in response.content


def test_logout(client, world):
    _roles.log_in(client, world, "fellow")
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("web:home_for_user")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_role_in_another_program_grants_nothing_here(client, world):
    ProgramRole.objects.create(
        user=world.fellow, program=world.other_program, role=ProgramRole.Role.DIRECTOR
    )
    _roles.log_in(client, world, "fellow")
    url = reverse("programs:fellow_list", kwargs={"program": world.program.slug})
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_invite_needs_staff(client, world, role, mailoutbox, django_capture_on_commit_callbacks):
    from fellowship.programs.models import Invitation

    _roles.log_in(client, world, role)
    record = world.other_fellow_record
    record.user = None
    record.save()
    url = reverse("programs:fellow_invite", kwargs={"program": world.program.slug, "pk": record.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    record.refresh_from_db()
    assert record.user is None  # linked only when the person accepts
    invitations = Invitation.objects.filter(fellow=record)
    if role in STAFF:
        assert response.status_code == 302
        assert [i.user.email for i in invitations] == [record.email]
        assert len(mailoutbox) == 1 and "/invitation/" in mailoutbox[0].body
    else:
        assert response.status_code in (302, 403)
        assert not invitations.exists() and not mailoutbox


@pytest.mark.parametrize("role", ROLES)
def test_django_admin_is_for_site_operators_only(client, world, role):
    _roles.log_in(client, world, role)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_django_admin_opens_for_a_superuser(client, world):
    from fellowship.accounts.models import User

    client.force_login(User.objects.create_superuser("operator@test.org", "a-long-password"))
    assert client.get(reverse("admin:index")).status_code == 200
    for model in ("fellow", "facultymember", "laboratory", "user"):
        app = "accounts" if model == "user" else "programs"
        assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200
