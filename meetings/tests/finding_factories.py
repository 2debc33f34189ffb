"""Findings recorded through the service, as the finding page does."""

from meetings.findings import services
from meetings.models import Finding, FindingType


def record(participant, by, *, finding_type="Missad möjlighet", area="samverkan", organisation="own", **fields):
    """`organisation`: the recorder's own by default; None for another (name it in other_organisation)."""
    finding = Finding(
        participant=participant,
        organisation=by.organisation if organisation == "own" else organisation,
        area=area,
        finding_type=FindingType.objects.get(name=finding_type),
        description=fields.pop("description", "Ingen kontakt togs efter avbrottet i praktiken."),
        **fields,
    )
    return services.record_finding(finding=finding, by=by)[0]
