"""Who may do web's own actions."""

import rules

from fellowship.accounts.rules import is_director

# Lifting a sign-in lockout (web/lockouts.py): the program director.
rules.add_perm("web.lift_sign_in_lockout", is_director)
