"""A plan's Markdown: the news app's sanitiser, headings one level under the section's."""

from fellowship.progress.templatetags.progress_text import rich_text


def test_headings_sit_under_the_section_heading():
    html = rich_text("## Aim 1\n\nAnnotate.\n\n### Sample\n\n- 5,000 **CT** reports")
    assert "<h4>Aim 1</h4>" in html and "<h4>Sample</h4>" in html
    assert "<h2" not in html and "<h3" not in html
    assert "<strong>CT</strong>" in html and "<li>" in html


def test_nothing_unsafe_and_no_tag_made_from_text():
    html = rich_text(
        '`<h2>` <h2 onclick="alert(1)">x</h2> [a](javascript:alert(1)) <script>1</script>'
    )
    assert "&lt;h2&gt;" in html  # the code span stays text
    assert "onclick" not in html and "javascript:" not in html and "<script" not in html


def test_empty_text_is_empty():
    assert rich_text("") == "" and rich_text(None) == ""
