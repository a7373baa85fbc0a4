"""News posts for tests."""

import datetime as dt

from fellowship.news import services
from fellowship.news.models import NewsPost


def post_for(world, *, title="Fay Fellow wins an award", state="draft", **fields):
    post = NewsPost.objects.filter(program=world.program, title=title).first()
    if post is None:
        post = services.news_post_save(
            post=NewsPost(
                program=world.program,
                title=title,
                kind=fields.pop("kind", NewsPost.Kind.AWARD),
                date=fields.pop("date", dt.date(2026, 11, 20)),
                summary=fields.pop("summary", "An award."),
                body=fields.pop("body", "Fay Fellow received an **award**."),
                **fields,
            ),
            by=world.coordinator,
        )
    if state == "published" and not post.is_published:
        services.news_post_publish(post=post, by=world.director)
    return post


def published_post_for(world):
    return post_for(world, title="The program graduates its fellows", state="published")
