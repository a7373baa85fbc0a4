"""What happens to a thesis that other apps react to (sent by thesis.services)."""

from fellowship.core.events import Event

# A thesis was opened or moved to another state (a defense scheduled, rescheduled,
# cancelled or its outcome recorded is such a step); sent after the step is logged, so the
# activity log already says when it happened.
thesis_state_changed = Event("thesis_state_changed", "thesis, by")
