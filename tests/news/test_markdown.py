"""Markdown becomes safe HTML: formatting stays, scripts and handlers never get through."""

import pytest

from fellowship.core.markdown import render_markdown


def test_formatting_links_and_lists_are_kept():
    html = render_markdown("**Bold** and *em*.\n\n- one\n- two\n\n[AMIA](https://amia.org/)")
    assert "<strong>Bold</strong>" in html and "<em>em</em>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://amia.org/" rel="noopener noreferrer">AMIA</a>' in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Hello <script src='https://evil.example/x.js'></script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        '<p onclick="alert(1)">text</p>',
        "<svg><script>alert(1)</script></svg>",
        "```\n</code><script>alert(1)</script>\n```",
    ],
)
def test_no_script_gets_through(source):
    html = render_markdown(source).lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "<iframe" not in html and "<style" not in html and "<img" not in html


def test_a_script_in_a_code_block_is_shown_as_text():
    html = render_markdown("    <script>alert(1)</script>")
    assert "&lt;script&gt;" in html


def test_empty_body():
    assert render_markdown("") == ""
