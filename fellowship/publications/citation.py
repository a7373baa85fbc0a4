"""NIH-style citations (as in biosketches and progress reports). Pure Python.

    Fellow F, Mentor MM. Title of the article. J Am Med Inform Assoc. 2024;31(4):812-820.
    PMID: 38012345; PMCID: PMC10912345.

A title keeps its own final punctuation (a question mark); a work not yet published says
so where the volume would be ("In press"), and a work without PMID gives its DOI.
"""


def nih_citation(
    *,
    authors: list[str],
    title: str,
    journal: str = "",
    year: int | None = None,
    volume: str = "",
    issue: str = "",
    pages: str = "",
    pmid: str = "",
    pmcid: str = "",
    doi: str = "",
    status: str = "",
) -> str:
    parts = []
    if authors:
        parts.append(", ".join(authors) + ".")
    title = title.strip()
    parts.append(title if title[-1:] in ".?!" else f"{title}.")
    if journal:
        parts.append(journal.rstrip(".") + ".")
    where = str(year or "")
    if status:
        where += f". {status}"
    else:
        if volume:
            where += f";{volume}"
            if issue:
                where += f"({issue})"
        elif issue:
            where += f";({issue})"
        if pages:
            where += f":{pages}"
    if where:
        parts.append(where + ".")
    ids = []
    if pmid:
        ids.append(f"PMID: {pmid}")
    if pmcid:
        ids.append(f"PMCID: {pmcid}")
    if ids:
        parts.append("; ".join(ids) + ".")
    elif doi:
        parts.append(f"doi:{doi}.")
    return " ".join(parts)
