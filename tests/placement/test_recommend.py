"""Interest fit: pure, no database."""

import pytest

from fellowship.placement.recommend import (
    Document,
    Index,
    highlight,
    rank_by_fit,
    recommend,
    stem,
    terms,
)

LABS = [
    Document(
        "nlp",
        "Clinical Language Understanding Lab. Language models that read clinical notes, "
        "radiology reports and patient messages.",
        ("Natural language processing", "Clinical informatics"),
    ),
    Document(
        "imaging",
        "Medical Imaging Analytics Lab. Deep learning for CT, MRI and chest radiographs.",
        ("Imaging informatics", "Machine learning in medicine"),
    ),
    Document(
        "genome",
        "Genome Interpretation Lab. Variant classification in clinical sequencing.",
        ("Bioinformatics and genomics",),
    ),
]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("images", "imag"),
        ("imaging", "imag"),
        ("image", "imag"),
        ("studies", "study"),
        ("mapping", "map"),
        ("modelling", "model"),
        ("modeling", "model"),
        ("predictions", "predict"),
        ("classes", "class"),
        ("analysis", "analysis"),
        ("CT", "ct"),
    ],
)
def test_stem(word, expected):
    assert stem(word) == expected


def test_terms_drop_stopwords_and_short_words():
    assert terms("I am interested in the use of images for research") == ["imag"]


def test_the_best_fit_comes_first_with_the_matching_terms_and_topics():
    fellow = Document(
        "f",
        "Language models that help patients understand their clinical notes.",
        ("Natural language processing",),
    )
    matches = recommend(fellow, LABS)
    assert [m.id for m in matches][0] == "nlp"
    best = matches[0]
    assert "language" in best.terms and "notes" in best.terms
    assert best.topics == ("Natural language processing",)
    assert 0 < best.score <= 1 and best.percent == round(best.score * 100)
    assert matches[-1].score < best.score


def test_topics_weigh_heavily():
    only_topic = Document("f", "", ("Imaging informatics",))
    assert recommend(only_topic, LABS)[0].id == "imaging"
    assert recommend(only_topic, LABS)[0].score >= 0.4


def test_words_in_every_lab_count_for_little():
    # "clinical" is in two of three labs; "radiographs" in one.
    index = Index(LABS)
    assert index.idf["clinical"] < index.idf[stem("radiographs")]


def test_nothing_in_common_scores_zero():
    fellow = Document("f", "Ornithology of migrating swallows.")
    assert all(m.score == 0 and not m.terms for m in recommend(fellow, LABS))


def test_empty_interests_and_no_labs():
    assert recommend(Document("f"), []) == []
    assert all(m.score == 0 for m in recommend(Document("f"), LABS))


def test_limit():
    assert len(recommend(Document("f", "clinical notes"), LABS, limit=2)) == 2


def test_rank_by_fit_orders_applicants_for_one_lab():
    applicants = [
        Document("a", "Variant interpretation of exomes.", ("Bioinformatics and genomics",)),
        Document("b", "Deep learning for chest radiographs.", ("Imaging informatics",)),
    ]
    assert [pk for pk, _ in rank_by_fit("imaging", applicants, LABS)] == ["b", "a"]
    assert [pk for pk, _ in rank_by_fit("genome", applicants, LABS)] == ["a", "b"]


def test_highlight_marks_the_words_with_the_stems():
    pieces = highlight("Deep learning for CT images.", {stem("image"), stem("learn")})
    assert pieces == [
        ("Deep ", False),
        ("learning", True),
        (" for CT ", False),
        ("images", True),
        (".", False),
    ]
    assert "".join(p for p, _ in pieces) == "Deep learning for CT images."
    assert highlight("", {"x"}) == []
