"""What the dossier shows of one activity, channel or processor: the model plus what was computed for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from lokaal_avg.channels.models import Channel
from lokaal_avg.core.severity import SEVERITIES
from lokaal_avg.dossiers.scans import ScanEvidence
from lokaal_avg.processors.models import Processor
from lokaal_avg.register import rules
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.remediation.contradictions import Contradiction
from lokaal_avg.remediation.models import Finding


@dataclass
class ActivityView:
    activity: ProcessingActivity
    completeness: rules.Completeness
    warnings: list[rules.Warning]
    channels: list[Channel] = field(default_factory=list)
    # What the entry says against what its channels show (remediation/contradictions.py).
    contradictions: list[Contradiction] = field(default_factory=list)

    @property
    def missing(self) -> set[str]:
        return {r.field for r in self.completeness.missing_mandatory}

    @cached_property
    def dpia(self) -> rules.DpiaScreening:
        return rules.dpia_screening(self.activity)

    @property
    def dpia_likely(self) -> bool:
        return self.dpia.likely


@dataclass
class ChannelView:
    channel: Channel
    evidence: ScanEvidence | None
    open_findings: list[Finding] = field(default_factory=list)

    @property
    def finding_counts(self) -> list[tuple[str, int]]:
        """(severity, number) of the open findings, most severe first."""
        counts = [(s, sum(1 for f in self.open_findings if f.severity == s)) for s in SEVERITIES]
        return [(s, n) for s, n in counts if n]


@dataclass
class ProcessorView:
    processor: Processor
    activities: list[ProcessingActivity]
    channels: list[Channel]
