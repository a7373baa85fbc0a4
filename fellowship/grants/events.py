"""What happens to a grant application that other apps react to (sent by grants.services)."""

from fellowship.core.events import Event

# An application was started, edited, moved to another stage or resubmitted; sent after
# the change is logged.
grant_application_changed = Event("grant_application_changed", "application, by")
