"""Demo news and public-site consent; calls the publications demo first.

`load_demo_public_site(program)` is idempotent: posts are found by their `source_key`,
consent rows by person. It leaves, as a visitor and the staff would see them:

- published: the graduation of the latest alumni cohort (counting every graduate, naming
  only those who agreed to be shown), Jordan Baptiste's article (the draft suggested when
  the sample PubMed file was imported), an award; each as if published on its day;
- a suggested draft waiting for the director (Emeka Nwachukwu's article);
- consent to be shown from five fellows and alumni (one alumna also shows her position).
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from fellowship.accounts.models import ProgramRole
from fellowship.demo.publications import load_demo_publications
from fellowship.news import services
from fellowship.news.models import NewsPost, PublicProfile
from fellowship.programs.models import Fellow
from fellowship.publications.models import Publication

CONSENT = {
    "fellow@example.org": (True, True, False),
    "emeka.nwachukwu@example.org": (True, True, False),
    "lucia.ortega@example.org": (True, False, False),
    "alicia.brandt@example.org": (True, True, True),
    "hye-jin.park@example.org": (True, False, True),
}

AWARD_BODY = """Emeka Nwachukwu received the **Distinguished Paper Award** of the AMIA Annual
Symposium for his work on federated phenotyping of rare pediatric disease.

> The committee praised a method that four hospitals can run without sharing a record.

Read the [AMIA announcement](https://amia.org/) for the other winners.
"""


@transaction.atomic
def load_demo_public_site(program, *, stdout=None):
    director = (
        ProgramRole.objects.filter(program=program, role=ProgramRole.Role.DIRECTOR)
        .select_related("user")
        .first()
    )
    by = director.user if director else None
    fellows = {f.email: f for f in Fellow.objects.filter(program=program)}
    # Consent first: the drafts the publications import suggests name only those who agreed.
    for email, (profile, publications, outcome) in CONSENT.items():
        if email in fellows:
            PublicProfile.objects.update_or_create(
                fellow=fellows[email],
                defaults={
                    "show_profile": profile,
                    "show_publications": publications,
                    "show_outcome": outcome,
                },
            )
    load_demo_publications(program, stdout=stdout)
    today = timezone.localdate()
    posts = []
    alumni = [f for f in fellows.values() if f.status == Fellow.Status.COMPLETED]
    if alumni:
        cohort = max(f.cohort_year for f in alumni)
        graduates = [f for f in alumni if f.cohort_year == cohort]
        post, _ = services.news_suggest_for_graduation(
            program=program,
            fellows=graduates,
            year=max(f.appointment_end for f in graduates).year,
            day=max(f.appointment_end for f in graduates),
        )
        posts.append(post)
    article = Publication.objects.filter(program=program, pmid="39000001").first()
    baptiste = fellows.get("fellow@example.org")
    if article and baptiste:
        post, _ = services.news_suggest_draft(
            program=program,
            kind=NewsPost.Kind.PUBLICATION,
            title=f"{baptiste.full_name}: article published",
            body=f"The article “{article.title}” by {baptiste.full_name} is published.",
            source_key=f"publication:{article.pk}",
            fellows=[baptiste],
        )
        if post.state == NewsPost.State.DRAFT:  # as the director edited it, before publishing
            post.summary = (
                "A fellow's first-author article on reading pediatric notes for social "
                "determinants of health appears in JAMIA."
            )
            post.date = today - timedelta(days=20)
            post.save()
        posts.append(post)
    emeka = fellows.get("emeka.nwachukwu@example.org")
    if emeka:
        post, _ = services.news_suggest_draft(
            program=program,
            kind=NewsPost.Kind.AWARD,
            title="Emeka Nwachukwu wins a distinguished paper award",
            summary="The AMIA Annual Symposium honours a fellow's federated phenotyping work.",
            body=AWARD_BODY,
            source_key="demo:award",
            day=today - timedelta(days=9),
            fellows=[emeka],
        )
        posts.append(post)
    for post in posts:
        if by is not None and post.state == NewsPost.State.DRAFT:
            services.news_post_publish(post=post, by=by)
            # As if published on the post's day, not when the demo was loaded (the feed's dates).
            on_the_day = timezone.make_aware(datetime.combine(post.date, time(9, 30)))
            post.published_at = min(on_the_day, timezone.now())
            NewsPost.objects.filter(pk=post.pk).update(published_at=post.published_at)
    if stdout is not None:
        stdout.write(f"  {len(posts)} published news posts, consent from {len(CONSENT)} fellows")
    return posts
