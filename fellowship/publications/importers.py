"""Importing a file of publications: every record checked first, then all written or none.

`import_publications` reads the file (`formats.py`), checks every record (a title, a
year, authors, identifiers that look right, no record twice in the file) and reports each
problem as `record N (line L): reason`. Only a file without a problem is written, in one
transaction, through `services.publication_record`: a publication whose PMID or DOI is
already recorded is merged, not duplicated. Authors are matched to the program's people;
the uncertain ones wait on the review page.

`fetch_pubmed` gets records by PMID from NCBI E-utilities (efetch, XML) where the machine
has network; tests pass recorded responses through `opener`.
"""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from fellowship.accounts.rules import require
from fellowship.activity.services import activity_record

from . import formats, services
from .models import Authorship, Publication

EFETCH_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi"
MAX_PMIDS = 200


@dataclass
class PublicationImportResult:
    format: str = ""
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    to_review: int = 0
    publications: list = field(default_factory=list)
    errors: list[formats.RecordProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return self.created + self.merged + self.unchanged

    def summary(self, program) -> str:
        noun = "publication" if self.total == 1 else "publications"
        counts = f"{self.created} new, {self.merged} merged with recorded ones"
        if self.unchanged:
            counts += f", {self.unchanged} unchanged"
        text = f"Imported {self.total} {noun} ({counts}) into {program}."
        if self.to_review:
            authors = "author needs" if self.to_review == 1 else "authors need"
            text += f" {self.to_review} {authors} a decision: see Review authors."
        return text


def check_record(record: formats.Record, program) -> list[str]:
    """What is wrong with one record, as reasons a coordinator can act on."""
    reasons = []
    if not record.title:
        reasons.append("it has no title")
    if record.year is None:
        reasons.append("it has no year of publication")
    if not record.authors:
        reasons.append("it names no authors")
    elif any(not a.last_name for a in record.authors):
        position = next(i for i, a in enumerate(record.authors, 1) if not a.last_name)
        reasons.append(f"author {position} has no family name")
    if record.pmid and not re.fullmatch(r"\d{1,10}", record.pmid):
        reasons.append(f"PMID “{record.pmid}” is not a number")
    publication = services.publication_from_record(program, record)
    try:
        publication.full_clean(
            exclude={"program"}, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name in ("title", "year") and any(f"no {name}" in r for r in reasons):
                continue
            label = Publication._meta.get_field(name).verbose_name if name != "__all__" else ""
            for message in messages:
                reasons.append(f"{label}: {message.rstrip('.')}" if label else message)
    return reasons


def import_publications(
    *, program, file_text: str | bytes, format: str | None = None, by, source: str = ""
) -> PublicationImportResult:
    """Check a file of publications and, if it has no problem, write it whole (`by`: the
    staff on the import page, or SystemActor("fellowship import") from the command)."""
    require(by, "publications.manage_publications", program)
    result = PublicationImportResult()
    if isinstance(file_text, bytes):
        try:
            file_text = file_text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = file_text[: error.start].count(b"\n") + 1
            result.errors.append(
                formats.RecordProblem(None, f"line {line}: the file is not UTF-8 text.")
            )
            return result
    parsed = formats.parse(file_text.removeprefix("\ufeff"), format)
    result.format = parsed.format
    result.errors.extend(parsed.problems)
    seen: dict[tuple[str, str], int] = {}
    for record in parsed.records:
        for reason in check_record(record, program):
            result.errors.append(formats.RecordProblem(record.number, reason, record.line))
        for kind, value in (("PMID", record.pmid), ("DOI", record.doi)):
            if value and (kind, value) in seen:
                result.errors.append(
                    formats.RecordProblem(
                        record.number,
                        f"duplicate of record {seen[kind, value]} (the same {kind} {value})",
                        record.line,
                    )
                )
            elif value:
                seen[kind, value] = record.number
    result.errors.sort(key=lambda e: e.number or 0)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            people = services.program_people(program)
            for record in parsed.records:
                publication, outcome = services.publication_record(
                    program=program, record=record, by=by, people=people, source=source
                )
                setattr(result, outcome, getattr(result, outcome) + 1)
                result.publications.append(publication)
            result.to_review = Authorship.objects.filter(
                publication__in=result.publications, match=Authorship.Match.REVIEW
            ).count()
            activity_record(
                actor=by,
                verb="publications_imported",
                target=program,
                program=program,
                summary=result.summary(program) + (f" From {source}." if source else ""),
            )
    except ValidationError as error:
        result.errors.append(formats.RecordProblem(None, "; ".join(error.messages)))
        result.created = result.merged = result.unchanged = result.to_review = 0
        result.publications = []
    except DatabaseError as error:
        result.errors.append(
            formats.RecordProblem(None, f"the database refused the import: {error}")
        )
        result.created = result.merged = result.unchanged = result.to_review = 0
        result.publications = []
    return result


def parse_pmids(text: str) -> list[str]:
    """ "38012345, 37999999 PMID: 123" -> the numbers; ValueError on anything else."""
    tokens = [t for t in re.split(r"[\s,;]+", text.replace("PMID:", " ")) if t]
    bad = [t for t in tokens if not re.fullmatch(r"\d{1,10}", t)]
    if bad:
        raise ValueError(f"“{bad[0]}” is not a PMID (a PMID is a number, e.g. 38012345).")
    if not tokens:
        raise ValueError("Write at least one PMID.")
    if len(tokens) > MAX_PMIDS:
        raise ValueError(f"At most {MAX_PMIDS} PMIDs at a time.")
    return list(dict.fromkeys(tokens))


def efetch_url(pmids: list[str]) -> str:
    query = urllib.parse.urlencode(
        {"db": "pubmed", "id": ",".join(pmids), "retmode": "xml", "tool": "fellowship"}
    )
    return f"{EFETCH_URL}?{query}"


def fetch_pubmed(pmids: list[str], *, opener=None, timeout: float = 20) -> str:
    """PubMed XML of the PMIDs from E-utilities efetch. OSError when there is no network.

    `opener(url) -> text` replaces the network (tests pass recorded efetch responses)."""
    url = efetch_url(pmids)
    if opener is not None:
        return opener(url)
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - fixed https URL
        return response.read().decode("utf-8")


def import_from_pubmed(*, program, pmids: list[str], by=None, opener=None):
    """Fetch the PMIDs from PubMed and import them whole; a PMID PubMed does not know is
    reported by name and nothing is imported. OSError (no network) is left to the caller."""
    text = fetch_pubmed(pmids, opener=opener)
    parsed = formats.parse(text, "pubmed-xml")
    returned = {record.pmid for record in parsed.records}
    missing = [pmid for pmid in pmids if pmid not in returned]
    if missing and not parsed.problems:
        result = PublicationImportResult(format="pubmed-xml")
        result.errors = [
            formats.RecordProblem(None, f"PMID {pmid} was not found in PubMed.") for pmid in missing
        ]
        return result
    return import_publications(
        program=program,
        file_text=text,
        format="pubmed-xml",
        by=by,
        source="PubMed " + ", ".join(pmids),
    )
