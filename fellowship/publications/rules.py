"""Who may do what with publications. Program-wide permissions take the Program."""

import rules

from fellowship.accounts.rules import is_program_member, is_program_staff

# The program's publications and each one's page: every member (they are public anyway).
rules.add_perm("publications.view_publications", is_program_member)
# Import, review authors, merge duplicates, record a status: the director and coordinator.
rules.add_perm("publications.manage_publications", is_program_staff)
