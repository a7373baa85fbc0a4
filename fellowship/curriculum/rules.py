"""Who may see and change the curriculum.

Program-wide permissions take the Program; a fellow's audit and enrollments take the Fellow.
Grades are private: a fellow sees only their own, their current mentors see their mentees',
the program staff see everyone's.
"""

import rules

from fellowship.accounts.rules import (
    is_director,
    is_faculty,
    is_mentor_of,
    is_program_member,
    is_program_staff,
    is_the_fellow,
)

# The course catalog and the degree requirements: every member of the program.
rules.add_perm("curriculum.view_catalog", is_program_member)
# Add and edit courses: the coordinator and the director.
rules.add_perm("curriculum.manage_catalog", is_program_staff)
# Add and edit requirement versions and their requirements: the director only.
rules.add_perm("curriculum.manage_requirements", is_director)
# A fellow's degree audit, plan of study and grades.
rules.add_perm("curriculum.view_audit", is_program_staff | is_the_fellow | is_mentor_of)
# Add and edit a fellow's enrollments and grades; import grades.
rules.add_perm("curriculum.manage_enrollments", is_program_staff)
# Every fellow of a cohort with what each still lacks, and its exports.
rules.add_perm("curriculum.view_cohort", is_program_staff)
# A faculty member's list of their mentees' audits.
rules.add_perm("curriculum.view_mentees", is_faculty | is_program_staff)
