"""What waits for the program's staff in grants: a current fellow whose K99 eligibility
closes within a year with no application aimed at a due date still to come."""

from datetime import date

from fellowship.accounts.roles import Role, memberships
from fellowship.core.waiting import WaitingItem, program_url

from . import selectors

WINDOW_CLOSING_DAYS = 365


def waiting_for(user, program, today: date) -> list[WaitingItem]:
    roles = memberships(user).roles.get(program.pk, set())
    if not (roles & {Role.DIRECTOR, Role.COORDINATOR} or user.is_superuser):
        return []
    items = []
    url = program_url("grants:windows", program)
    for window in selectors.windows(program, today):  # 3 queries
        remaining = window.remaining
        if not remaining or (remaining[-1] - today).days > WINDOW_CLOSING_DAYS:
            continue
        if any(a.target_due_date >= today for a in window.fellow.applications):
            continue
        n = len(remaining)
        what = f"No K99 application planned; the eligibility window closes ({n} due dates left)"
        if n == 1:
            what = "No K99 application planned; the last due date of the eligibility window"
        items.append(WaitingItem(what, window.fellow.full_name, url, remaining[-1], today))
    return items
