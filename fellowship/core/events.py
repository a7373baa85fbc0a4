"""Domain events: the one way an app reacts to what happened in another.

A service sends an event after it has written its activity entry, inside its transaction,
with the actor (`by`) and what changed; apps that care subscribe in their own `events.py`
(connected from their AppConfig.ready). The sender never knows who listens, so a domain
app does not import the apps above it, and a model save (an import, a fixture, the admin)
triggers nothing by itself: reactions follow decisions, not rows.

    fellow_completed = Event("fellow_completed", "fellow, by")
    fellow_completed.send(fellow=fellow, by=by)

    @fellow_completed.subscribe
    def suggest_graduation_news(*, fellow, by, **_): ...

Subscribers run in the order they were connected and their errors propagate: the change
and its reactions land together or not at all.
"""

from django.dispatch import Signal


class Event:
    def __init__(self, name: str, payload: str):
        self.name = name
        self.payload = tuple(p.strip() for p in payload.split(","))
        self._signal = Signal()
        self._subscribers: dict[str, object] = {}

    def __repr__(self):
        return f"<Event {self.name}({', '.join(self.payload)})>"

    def subscribe(self, receiver):
        """Connect a receiver (also usable as a decorator); connecting twice is a no-op."""
        uid = f"{receiver.__module__}.{receiver.__qualname__}"
        self._signal.connect(_call(receiver), weak=False, dispatch_uid=uid)
        self._subscribers.setdefault(uid, receiver)
        return receiver

    def send(self, **payload) -> None:
        missing = [p for p in self.payload if p not in payload]
        if missing:
            raise TypeError(f"{self.name} needs {', '.join(missing)}")
        self._signal.send(sender=self, **payload)

    @property
    def subscribers(self) -> list:
        """The functions subscribed, in order (for tests and docs)."""
        return list(self._subscribers.values())


def _call(receiver):
    def call(sender, signal=None, **payload):
        return receiver(**payload)

    return call
