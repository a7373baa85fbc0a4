"""Hostile PDFs built byte by byte, as a prober would: each is a well-formed file (correct
cross-reference table) that pypdf refuses in its own way."""

import io


def pdf_of(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF whose objects 1, 2, ... are `objects`; object 1 is the catalog."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def deep_page_tree(levels: int) -> bytes:
    """One page under `levels` nested /Pages nodes."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(levels):
        number = 2 + level
        parent = b" /Parent %d 0 R" % (number - 1) if level else b""
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (number + 1, parent))
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] >>" % len(objects))
    return pdf_of(objects)


def encrypted(version: int) -> bytes:
    """One page, encrypted with the standard handler's /V `version` (99 exists nowhere)."""
    zeros = b"00" * 32
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Filter /Standard /V %d /R 3 /Length 128 /O <%s> /U <%s> /P -4 >>"
        % (version, zeros, zeros),
    ]
    return pdf_of(objects, b"/Encrypt 4 0 R /ID [<0011> <0011>] ")
