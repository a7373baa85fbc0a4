"""Demo publications: the sample PubMed file shipped in docs/samples, and a BibTeX entry.

`load_demo_publications(program)` imports `docs/samples/pubmed-sample.xml` through the
same importer a coordinator uses (so its authors are matched to the demo people: two
articles link a fellow and a faculty member, one author waits for review) and a
manuscript accepted but not yet in PubMed. Idempotent: records are merged by PMID/DOI.
"""

from pathlib import Path

from fellowship.core.actors import SystemActor
from fellowship.publications.importers import import_publications

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "pubmed-sample.xml"

ACCEPTED_BIBTEX = """@article{cho2026,
  author = {Cho, Benjamin and Haddad, Leila},
  title = {Auditing fairness of sepsis alerts across hospitals},
  journal = {Appl Clin Inform},
  year = {2026},
  doi = {10.1055/a-2600-0001},
  pubstate = {accepted}
}
"""


DEMO = SystemActor("fellowship demo")


def load_demo_publications(program, *, stdout=None, by=DEMO):
    results = [
        import_publications(
            program=program,
            file_text=SAMPLE.read_bytes(),
            format="pubmed-xml",
            by=by,
            source=SAMPLE.name,
        ),
        import_publications(
            program=program, file_text=ACCEPTED_BIBTEX, format="bibtex", by=by, source="demo.bib"
        ),
    ]
    for result in results:
        if not result.ok:
            raise RuntimeError("; ".join(str(e) for e in result.errors))
    if stdout is not None:
        total = sum(r.total for r in results)
        stdout.write(f"  {total} publications (from {SAMPLE.name} and a BibTeX entry)")
    return [p for r in results for p in r.publications]
