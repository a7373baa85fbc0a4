"""Who may build and download the NIH training tables: the director and the coordinator.

The tables name every trainee with their mentors, positions and grants; they are the
program's report to its funder, prepared by the staff.
"""

import rules

from fellowship.accounts.rules import is_program_staff

rules.add_perm("reports.view_reports", is_program_staff)
# The RPPR trainee paragraphs: drafted, edited and exported by the same staff.
rules.add_perm("reports.edit_summaries", is_program_staff)
