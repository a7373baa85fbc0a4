"""What happens to a fellow that other apps react to (sent by programs.services)."""

from fellowship.core.events import Event

# The appointment's dates or the program changed, or the fellow was added: due dates follow.
fellow_dates_changed = Event("fellow_dates_changed", "fellow, by")
# The fellow's status became completed (not: created as completed, saved again completed).
fellow_completed = Event("fellow_completed", "fellow, by")
# A leave was recorded, changed or removed: the training clock and due dates follow.
leave_changed = Event("leave_changed", "fellow, by")
