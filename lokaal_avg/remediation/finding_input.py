"""What a check reports (FindingInput within a Scope) and what syncing it changed (SyncResult)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lokaal_avg.core.messages import Message, to_json
from lokaal_avg.remediation.models import Action, Finding


@dataclass
class FindingInput:
    """What a check found. title, risk and fix are messages (shown in the reader's language) or plain text."""

    code: str
    severity: str
    title: str | Message
    risk: str | Message
    fix: str | Message
    key: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    channel_id: int | None = None
    activity_id: int | None = None
    processor_id: int | None = None
    texts: dict[str, Any] | None = None  # the stored messages of a finding carried over as it is

    def stored_texts(self) -> dict[str, Any]:
        if self.texts is not None:
            return self.texts
        values = {"title": self.title, "risk": self.risk, "fix": self.fix}
        return {part: to_json(value) for part, value in values.items() if isinstance(value, Message)}

    def fingerprint(self, source: str) -> str:
        if self.channel_id:
            target = f"channel:{self.channel_id}"
        elif self.activity_id:
            target = f"activity:{self.activity_id}"
        elif self.processor_id:
            target = f"processor:{self.processor_id}"
        else:
            target = "organisation"
        return f"{source}:{target}:{self.code}:{self.key}"[:500]


@dataclass(frozen=True)
class Scope:
    """Which stored findings a check is authoritative for."""

    source: str  # "scan" or "register"
    channel_id: int | None = None  # a scan covers one channel


@dataclass
class SyncResult:
    new: list[Finding] = field(default_factory=list)
    reopened: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    unchanged: list[Finding] = field(default_factory=list)
    # What it meant for the action plan (filled by verification.apply_to_actions).
    verified_actions: list[Action] = field(default_factory=list)
    reopened_actions: list[Action] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return len(self.new) + len(self.reopened) + len(self.unchanged)
