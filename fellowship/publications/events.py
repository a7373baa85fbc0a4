"""What happens to a publication that other apps react to (sent by publications.services)."""

from fellowship.core.events import Event

# A publication was added, filled in from another record, or changed status (accepted,
# in press, published); sent after the change is logged.
publication_changed = Event("publication_changed", "publication, by")
