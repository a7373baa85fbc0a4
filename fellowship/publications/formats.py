"""Reading publication files: PubMed XML, MEDLINE text, RIS and BibTeX. Pure Python.

Every reader takes the file's text and returns a `Parsed`: the records it could read, as
plain `Record`s numbered from 1 in file order, and the problems of the records it could
not, as `RecordProblem(number, message)`. Nothing here touches Django or the database;
`importers.py` checks the records against the program and writes them.

- PubMed XML is what E-utilities `efetch.fcgi?db=pubmed&retmode=xml` returns (a
  `PubmedArticleSet`). It is read with defusedxml: no entity expansion, no external DTD.
- MEDLINE is PubMed's tagged text (“Send to › Citation manager”, `.nbib`): a four-letter
  tag padded to four, “- ”, the value; continuation lines start with six spaces; records
  are separated by blank lines. No maintained parser exists; the format is small.
- RIS (EndNote, Zotero, Mendeley) is read with `rispy`, one record at a time so that a
  problem is reported with its record's number.
- BibTeX is read with `bibtexparser` 2 (LaTeX accents decoded, authors split into parts).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

FORMATS = {
    "pubmed-xml": "PubMed XML (efetch)",
    "medline": "MEDLINE text (.nbib, .txt)",
    "ris": "RIS (.ris)",
    "bibtex": "BibTeX (.bib)",
}

ACCEPTED, IN_PRESS, PUBLISHED = "accepted", "in_press", "published"


@dataclass
class Author:
    last_name: str
    fore_name: str = ""
    initials: str = ""  # "MM", without dots or spaces

    def __post_init__(self):
        self.last_name = clean_text(self.last_name)
        self.fore_name = clean_text(self.fore_name)
        if not self.initials:
            self.initials = initials_of(self.fore_name)
        self.initials = re.sub(r"[^A-Za-z]", "", self.initials).upper()


@dataclass
class Record:
    number: int
    title: str = ""
    authors: list[Author] = field(default_factory=list)
    journal: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    pmid: str = ""
    pmcid: str = ""
    doi: str = ""
    status: str = PUBLISHED
    line: int | None = None  # where the record starts, for text formats

    def where(self) -> str:
        return f"record {self.number}" + (f" (line {self.line})" if self.line else "")


@dataclass(frozen=True)
class RecordProblem:
    number: int | None  # None: the file as a whole
    message: str
    line: int | None = None

    def __str__(self) -> str:
        if self.number is None:
            return self.message
        where = f"record {self.number}" + (f" (line {self.line})" if self.line else "")
        return f"{where}: {self.message}"


@dataclass
class Parsed:
    format: str
    records: list[Record] = field(default_factory=list)
    problems: list[RecordProblem] = field(default_factory=list)


# Small helpers ----------------------------------------------------------------------------


def clean_text(value) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip()


def initials_of(fore_name: str) -> str:
    """ "Mina M." -> "MM"; "Jean-Paul" -> "JP"."""
    parts = [p for p in re.split(r"[\s.\-]+", fore_name) if p]
    return "".join(p[0] for p in parts).upper()


def normal_doi(value: str) -> str:
    """DOIs compare without their resolver prefix and whatever their case."""
    value = clean_text(value)
    value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)
    return value.lower()


def normal_pmcid(value: str) -> str:
    value = clean_text(value).upper()
    if re.fullmatch(r"\d+", value):
        value = "PMC" + value
    return value


def year_in(text: str) -> int | None:
    match = re.search(r"\b(1[89]\d\d|20\d\d|2100)\b", text or "")
    return int(match[1]) if match else None


def normal_pages(value: str) -> str:
    return re.sub(r"\s*[-–—]+\s*", "-", clean_text(value))


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# Detecting the format ---------------------------------------------------------------------


def detect_format(text: str) -> str | None:
    head = text.lstrip("\ufeff \t\r\n")[:4000]
    if head.startswith("<") and ("PubmedArticle" in head or "<?xml" in head):
        return "pubmed-xml"
    if re.search(r"^PMID- ", head, re.M):
        return "medline"
    if re.search(r"^TY  - ", head, re.M):
        return "ris"
    if re.search(r"^\s*@\w+\s*[{(]", head, re.M):
        return "bibtex"
    return None


def parse(text: str, format: str | None = None) -> Parsed:
    """Read a file in `format` (or the format its start shows)."""
    format = format or detect_format(text)
    if format not in FORMATS:
        parsed = Parsed(format or "")
        parsed.problems.append(
            RecordProblem(
                None,
                "the file is not one of the formats that can be imported (PubMed XML, "
                "MEDLINE, RIS, BibTeX); choose its format or check that it is the right file.",
            )
        )
        return parsed
    reader = {
        "pubmed-xml": parse_pubmed_xml,
        "medline": parse_medline,
        "ris": parse_ris,
        "bibtex": parse_bibtex,
    }[format]
    parsed = reader(text)
    if not parsed.records and not parsed.problems:
        parsed.problems.append(RecordProblem(None, f"the file holds no {FORMATS[format]} record."))
    return parsed


# PubMed XML -------------------------------------------------------------------------------

PUBMED_STATUS = {"aheadofprint": PUBLISHED, "epublish": PUBLISHED, "ppublish": PUBLISHED}


def _text(element) -> str:
    return clean_text("".join(element.itertext())) if element is not None else ""


def parse_pubmed_xml(text: str) -> Parsed:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    parsed = Parsed("pubmed-xml")
    try:
        root = fromstring(text.encode("utf-8"), forbid_dtd=False)
    except DefusedXmlException:
        parsed.problems.append(
            RecordProblem(None, "the file declares XML entities, which are refused for safety.")
        )
        return parsed
    except ParseError as error:
        line = getattr(error, "position", (None,))[0]
        parsed.problems.append(
            RecordProblem(None, f"the file is not well-formed XML (line {line}): {error.msg}.")
        )
        return parsed
    if root.tag != "PubmedArticleSet":
        parsed.problems.append(
            RecordProblem(
                None,
                f"the XML file holds <{root.tag}>, not a PubMed <PubmedArticleSet> as "
                "E-utilities efetch returns it.",
            )
        )
        return parsed
    for number, article in enumerate(root, start=1):
        if article.tag != "PubmedArticle":
            parsed.problems.append(
                RecordProblem(
                    number,
                    f"<{article.tag}> is not a journal article; only "
                    "<PubmedArticle> records can be imported.",
                )
            )
            continue
        parsed.records.append(_pubmed_article(number, article))
    return parsed


def _pubmed_article(number: int, article) -> Record:
    citation = article.find("MedlineCitation")
    record = Record(number)
    if citation is None:
        return record
    record.pmid = _text(citation.find("PMID"))
    art = citation.find("Article")
    if art is None:
        return record
    record.title = _text(art.find("ArticleTitle")).rstrip(".")
    journal = art.find("Journal")
    if journal is not None:
        # NIH style cites the abbreviation: ISO, else the MEDLINE one, else the full title.
        record.journal = _text(journal.find("ISOAbbreviation")) or _text(
            citation.find("MedlineJournalInfo/MedlineTA")
        )
        record.journal = record.journal or _text(journal.find("Title"))
        issue = journal.find("JournalIssue")
        if issue is not None:
            record.volume = _text(issue.find("Volume"))
            record.issue = _text(issue.find("Issue"))
            date = issue.find("PubDate")
            if date is not None:
                record.year = year_in(_text(date.find("Year")) or _text(date.find("MedlineDate")))
    if not record.journal:
        record.journal = _text(citation.find("MedlineJournalInfo/MedlineTA"))
    pagination = art.find("Pagination")
    if pagination is not None:
        record.pages = normal_pages(
            _text(pagination.find("MedlinePgn"))
            or "-".join(
                p
                for p in (_text(pagination.find("StartPage")), _text(pagination.find("EndPage")))
                if p
            )
        )
    for location in art.findall("ELocationID"):
        if location.get("EIdType") == "doi" and not record.doi:
            record.doi = normal_doi(_text(location))
    for author in art.findall("AuthorList/Author"):
        if author.get("ValidYN", "Y") != "Y":
            continue
        collective = _text(author.find("CollectiveName"))
        if collective:
            record.authors.append(Author(collective))
            continue
        record.authors.append(
            Author(
                _text(author.find("LastName")),
                _text(author.find("ForeName")),
                _text(author.find("Initials")),
            )
        )
    data = article.find("PubmedData")
    if data is not None:
        for identifier in data.findall("ArticleIdList/ArticleId"):
            kind, value = identifier.get("IdType"), _text(identifier)
            if kind == "doi" and not record.doi:
                record.doi = normal_doi(value)
            elif kind == "pmc":
                record.pmcid = normal_pmcid(value)
            elif kind == "pubmed" and not record.pmid:
                record.pmid = value
        status = _text(data.find("PublicationStatus"))
        record.status = PUBMED_STATUS.get(status, PUBLISHED)
    return record


# MEDLINE ----------------------------------------------------------------------------------

MEDLINE_LINE = re.compile(r"^([A-Z0-9]{2,4})\s*- (.*)$")


def medline_records(text: str):
    """(first line, [(tag, value, line)]) per record; continuation lines joined."""
    fields: list[list] = []
    start = None
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if fields:
                yield start, fields
            fields, start = [], None
            continue
        if line.startswith("      ") and fields:
            fields[-1][1] += " " + line.strip()
            continue
        match = MEDLINE_LINE.match(line.rstrip())
        if start is None:
            start = line_number
        if not match:
            fields.append(["?", line.strip(), line_number])
            continue
        fields.append([match[1], match[2].strip(), line_number])
    if fields:
        yield start, fields


def parse_medline(text: str) -> Parsed:
    parsed = Parsed("medline")
    for number, (start, fields) in enumerate(medline_records(text), start=1):
        bad = next((f for f in fields if f[0] == "?"), None)
        if bad is not None:
            parsed.problems.append(
                RecordProblem(
                    number,
                    f"line {bad[2]} is not a MEDLINE field (“TAG - value”): “{bad[1][:40]}”",
                    start,
                )
            )
            continue
        record = Record(number, line=start)
        full_names: list[str] = []
        short_names: list[str] = []
        for tag, value, _line in fields:
            if tag == "PMID":
                record.pmid = value
            elif tag == "TI":
                record.title = clean_text(value).rstrip(".")
            elif tag == "TA" or (tag == "JT" and not record.journal):
                record.journal = value
            elif tag == "DP":
                record.year = year_in(value)
            elif tag == "VI":
                record.volume = value
            elif tag == "IP":
                record.issue = value
            elif tag == "PG":
                record.pages = normal_pages(value)
            elif tag in ("LID", "AID") and value.endswith("[doi]") and not record.doi:
                record.doi = normal_doi(value.removesuffix("[doi]"))
            elif tag == "PMC":
                record.pmcid = normal_pmcid(value)
            elif tag == "FAU":
                full_names.append(value)
            elif tag == "AU":
                short_names.append(value)
            elif tag == "CN":
                full_names.append("\x00" + value)
            elif tag == "PST":
                record.status = PUBMED_STATUS.get(value, PUBLISHED)
        for index, name in enumerate(full_names or short_names):
            if name.startswith("\x00"):
                record.authors.append(Author(name[1:]))
            elif "," in name:
                last, fore = name.split(",", 1)
                short = short_names[index] if index < len(short_names) else ""
                record.authors.append(Author(last, fore, short.rsplit(" ", 1)[-1] if short else ""))
            else:  # "AU  - Fellow FM": last name, then initials
                last, _, initials = name.rpartition(" ")
                record.authors.append(Author(last or name, "", initials if last else ""))
        parsed.records.append(record)
    return parsed


# RIS --------------------------------------------------------------------------------------

RIS_END = re.compile(r"^ER  -", re.M)
RIS_TYPES_OF_ARTICLES = {"JOUR", "JFULL", "EJOUR", "INPR", "ABST", "CPAPER", "CONF", "GEN"}


def parse_ris(text: str) -> Parsed:
    import rispy

    parsed = Parsed("ris")
    lines = text.splitlines()
    chunks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = None
    for line_number, line in enumerate(lines, start=1):
        if not current and not line.strip():
            continue
        if start is None:
            start = line_number
        current.append(line)
        if RIS_END.match(line):
            chunks.append((start, current))
            current, start = [], None
    if any(line.strip() for line in current):
        chunks.append((start, current))
    for number, (start, chunk) in enumerate(chunks, start=1):
        if not RIS_END.match(chunk[-1]):
            parsed.problems.append(
                RecordProblem(number, "the record has no end line “ER  -”.", start)
            )
            continue
        if not chunk[0].startswith("TY  - "):
            parsed.problems.append(
                RecordProblem(number, "the record does not start with its type “TY  - ”.", start)
            )
            continue
        try:
            entries = rispy.loads("\n".join(chunk) + "\n")
        except Exception as error:  # rispy raises IOError and friends on bad lines
            parsed.problems.append(
                RecordProblem(number, f"cannot be read as RIS ({error}).", start)
            )
            continue
        if len(entries) != 1:
            parsed.problems.append(RecordProblem(number, "cannot be read as RIS.", start))
            continue
        parsed.records.append(_ris_record(number, start, entries[0]))
    return parsed


def _ris_record(number: int, start: int, entry: dict) -> Record:
    def first(*keys):
        for key in keys:
            value = entry.get(key)
            if isinstance(value, list):
                value = value[0] if value else ""
            if value:
                return clean_text(value)
        return ""

    record = Record(number, line=start)
    record.title = first("title", "primary_title").rstrip(".")
    record.journal = first(
        "journal_name", "alternate_title1", "secondary_title", "alternate_title3"
    )
    record.year = year_in(first("year", "publication_year", "date"))
    record.volume = first("volume")
    record.issue = first("number")
    start_page, end_page = first("start_page"), first("end_page")
    record.pages = normal_pages("-".join(p for p in (start_page, end_page) if p))
    record.doi = normal_doi(first("doi"))
    for name in (entry.get("authors") or []) + (entry.get("first_authors") or []):
        last, _, fore = name.partition(",")
        record.authors.append(Author(last, fore.strip()))
    notes = " ".join(
        str(v)
        for key in ("notes", "note", "custom2", "accession_number", "custom1")
        for v in (entry.get(key) if isinstance(entry.get(key), list) else [entry.get(key) or ""])
    )
    pmid = re.search(r"PMID:?\s*(\d+)", notes)
    if pmid:
        record.pmid = pmid[1]
    elif "pubmed" in first("name_of_database").lower() and re.fullmatch(
        r"\d+", first("accession_number")
    ):
        record.pmid = first("accession_number")
    pmc = re.search(r"\bPMC\d+\b", notes)
    if pmc:
        record.pmcid = pmc[0]
    if entry.get("type_of_reference") == "INPR":
        record.status = IN_PRESS
    return record


# BibTeX -----------------------------------------------------------------------------------


def parse_bibtex(text: str) -> Parsed:
    import bibtexparser
    from bibtexparser import middlewares

    parsed = Parsed("bibtex")
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    blocks = sorted(
        [(e.start_line, "entry", e) for e in library.entries]
        + [(b.start_line, "failed", b) for b in library.failed_blocks],
        key=lambda item: item[0],
    )
    for number, (line, kind, block) in enumerate(blocks, start=1):
        line += 1  # bibtexparser counts from 0
        if kind == "failed":
            error = getattr(block, "error", None)
            reason = clean_text(getattr(error, "abort_reason", "") or error or "")
            reason = reason.rstrip(".: ") or "it cannot be read as BibTeX"
            parsed.problems.append(RecordProblem(number, f"{reason}.", line))
            continue
        parsed.records.append(_bibtex_record(number, line, block))
    return parsed


def _bibtex_record(number: int, line: int, entry) -> Record:
    fields = {key.lower(): value.value for key, value in entry.fields_dict.items()}

    def get(key):
        value = fields.get(key, "")
        return clean_text(value) if isinstance(value, str) else value

    record = Record(number, line=line)
    record.title = clean_text(str(get("title")).replace("{", "").replace("}", "")).rstrip(".")
    record.journal = get("journal") or get("journaltitle") or get("booktitle")
    record.year = year_in(str(get("year") or get("date")))
    record.volume = get("volume")
    record.issue = get("number") or get("issue")
    record.pages = normal_pages(get("pages"))
    record.doi = normal_doi(get("doi"))
    record.pmid = re.sub(r"\D", "", str(get("pmid")))
    record.pmcid = normal_pmcid(get("pmcid")) if get("pmcid") else ""
    for name in fields.get("author") or []:
        if isinstance(name, str):
            last, _, fore = name.partition(",")
            record.authors.append(Author(last, fore))
            continue
        last = " ".join([*name.von, *name.last])
        record.authors.append(Author(last, " ".join(name.first)))
    status = str(get("pubstate")).lower().replace(" ", "")
    if status in ("inpress", "forthcoming"):
        record.status = IN_PRESS
    elif status == "accepted":
        record.status = ACCEPTED
    return record
